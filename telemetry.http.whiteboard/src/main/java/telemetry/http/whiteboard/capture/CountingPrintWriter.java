package telemetry.http.whiteboard.capture;

import java.io.PrintWriter;
import telemetry.api.recording.RequestRecording;

/**
 * The response writer handed to the application: every write and flush goes straight to the
 * container's writer, timed, with its size in bytes (characters converted by the response charset)
 * reported to the recording. {@code print}, {@code printf} and {@code append} arrive here through
 * {@link PrintWriter}'s own routing to {@code write}. Like the container's writer it is used by one
 * thread at a time.
 */
public final class CountingPrintWriter extends PrintWriter {

    private static final int LINE_SEPARATOR_LENGTH = System.lineSeparator().length();

    private final PrintWriter delegate;
    private final RequestRecording recording;
    private final CharsetByteCounter charset;

    public CountingPrintWriter(PrintWriter delegate, RequestRecording recording, CharsetByteCounter charset) {
        super(delegate);
        this.delegate = delegate;
        this.recording = recording;
        this.charset = charset;
    }

    @Override
    public void write(int c) {
        long start = System.nanoTime();
        delegate.write(c);
        CaptureCore.outputWritten(recording, charset.bytes(c), System.nanoTime() - start);
    }

    @Override
    public void write(char[] buf, int off, int len) {
        long start = System.nanoTime();
        delegate.write(buf, off, len);
        CaptureCore.outputWritten(recording, charset.bytes(buf, off, len), System.nanoTime() - start);
    }

    @Override
    public void write(char[] buf) {
        write(buf, 0, buf.length);
    }

    @Override
    public void write(String s, int off, int len) {
        long start = System.nanoTime();
        delegate.write(s, off, len);
        CaptureCore.outputWritten(recording, charset.bytes(s, off, len), System.nanoTime() - start);
    }

    @Override
    public void write(String s) {
        write(s, 0, s.length());
    }

    @Override
    public void println() {
        long start = System.nanoTime();
        delegate.println();
        CaptureCore.outputWritten(recording, LINE_SEPARATOR_LENGTH, System.nanoTime() - start);
    }

    @Override
    public void flush() {
        long start = System.nanoTime();
        delegate.flush();
        CaptureCore.outputWritten(recording, 0, System.nanoTime() - start);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public boolean checkError() {
        return delegate.checkError();
    }
}
