package telemetry.http.whiteboard.capture;

import java.io.BufferedReader;
import java.io.IOException;
import telemetry.api.recording.RequestRecording;

/**
 * The request reader handed to the application: every read goes straight to the container's
 * reader, timed, with its size in bytes (characters converted by the request charset; a line read
 * counts one byte for its terminator) reported to the recording. The buffer of the superclass is
 * never used (one character). Used by one thread at a time.
 */
public final class CountingBufferedReader extends BufferedReader {

    private final BufferedReader delegate;
    private final RequestRecording recording;
    private final CharsetByteCounter charset;

    public CountingBufferedReader(BufferedReader delegate, RequestRecording recording, CharsetByteCounter charset) {
        super(delegate, 1);
        this.delegate = delegate;
        this.recording = recording;
        this.charset = charset;
    }

    @Override
    public int read() throws IOException {
        long start = System.nanoTime();
        int c = -1;
        try {
            c = delegate.read();
            return c;
        } finally {
            CaptureCore.inputRead(recording, c < 0 ? 0 : charset.bytes(c), System.nanoTime() - start);
        }
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        long start = System.nanoTime();
        int n = -1;
        try {
            n = delegate.read(cbuf, off, len);
            return n;
        } finally {
            CaptureCore.inputRead(recording, n <= 0 ? 0 : charset.bytes(cbuf, off, n), System.nanoTime() - start);
        }
    }

    @Override
    public String readLine() throws IOException {
        long start = System.nanoTime();
        String line = null;
        try {
            line = delegate.readLine();
            return line;
        } finally {
            CaptureCore.inputRead(
                    recording, line == null ? 0 : charset.bytes(line, 0, line.length()) + 1, System.nanoTime() - start);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        return delegate.skip(n);
    }

    @Override
    public boolean ready() throws IOException {
        return delegate.ready();
    }

    @Override
    public boolean markSupported() {
        return delegate.markSupported();
    }

    @Override
    public void mark(int readAheadLimit) throws IOException {
        delegate.mark(readAheadLimit);
    }

    @Override
    public void reset() throws IOException {
        delegate.reset();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
