package telemetry.http.whiteboard.javax;

import java.io.IOException;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import telemetry.api.recording.RequestRecording;
import telemetry.http.whiteboard.capture.CaptureCore;

/**
 * The request body stream handed to the application: every read goes straight to the container's
 * stream, timed, with the bytes it returned reported to the recording (a read that fails is
 * reported with its time and no bytes). Used by one thread at a time.
 */
final class JavaxCountingInputStream extends ServletInputStream {

    private final ServletInputStream delegate;
    private final RequestRecording recording;

    JavaxCountingInputStream(ServletInputStream delegate, RequestRecording recording) {
        this.delegate = delegate;
        this.recording = recording;
    }

    @Override
    public int read() throws IOException {
        long start = System.nanoTime();
        int b = -1;
        try {
            b = delegate.read();
            return b;
        } finally {
            CaptureCore.inputRead(recording, b < 0 ? 0 : 1, System.nanoTime() - start);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        long start = System.nanoTime();
        int n = -1;
        try {
            n = delegate.read(buffer, offset, length);
            return n;
        } finally {
            CaptureCore.inputRead(recording, Math.max(n, 0), System.nanoTime() - start);
        }
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        return read(buffer, 0, buffer.length);
    }

    @Override
    public int readLine(byte[] buffer, int offset, int length) throws IOException {
        long start = System.nanoTime();
        int n = -1;
        try {
            n = delegate.readLine(buffer, offset, length);
            return n;
        } finally {
            CaptureCore.inputRead(recording, Math.max(n, 0), System.nanoTime() - start);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        return delegate.skip(n);
    }

    @Override
    public int available() throws IOException {
        return delegate.available();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public boolean isFinished() {
        return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener readListener) {
        delegate.setReadListener(readListener);
    }
}
