package telemetry.http.whiteboard.javax;

import java.io.IOException;
import javax.servlet.ServletOutputStream;
import javax.servlet.ServletResponse;
import javax.servlet.WriteListener;
import telemetry.api.recording.RequestRecording;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.capture.CharsetByteCounter;

/**
 * The response body stream handed to the application: every write, flush and the final close go
 * straight to the container's stream, timed, with the bytes written reported to the recording.
 * {@code print(String)} keeps the container's own encoding (its bytes are counted in the response
 * charset). Used by one thread at a time.
 */
final class JavaxCountingOutputStream extends ServletOutputStream {

    private final ServletOutputStream delegate;
    private final RequestRecording recording;
    private final ServletResponse response;

    JavaxCountingOutputStream(ServletOutputStream delegate, RequestRecording recording, ServletResponse response) {
        this.delegate = delegate;
        this.recording = recording;
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        long start = System.nanoTime();
        boolean written = false;
        try {
            delegate.write(b);
            written = true;
        } finally {
            CaptureCore.outputWritten(recording, written ? 1 : 0, System.nanoTime() - start);
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        long start = System.nanoTime();
        boolean written = false;
        try {
            delegate.write(buffer, offset, length);
            written = true;
        } finally {
            CaptureCore.outputWritten(recording, written ? length : 0, System.nanoTime() - start);
        }
    }

    @Override
    public void write(byte[] buffer) throws IOException {
        write(buffer, 0, buffer.length);
    }

    @Override
    public void print(String s) throws IOException {
        String text = String.valueOf(s);
        long start = System.nanoTime();
        boolean written = false;
        try {
            delegate.print(text);
            written = true;
        } finally {
            long bytes = written
                    ? CharsetByteCounter.forName(response.getCharacterEncoding())
                            .bytes(text, 0, text.length())
                    : 0;
            CaptureCore.outputWritten(recording, bytes, System.nanoTime() - start);
        }
    }

    @Override
    public void flush() throws IOException {
        long start = System.nanoTime();
        try {
            delegate.flush();
        } finally {
            CaptureCore.outputWritten(recording, 0, System.nanoTime() - start);
        }
    }

    @Override
    public void close() throws IOException {
        long start = System.nanoTime();
        try {
            delegate.close();
        } finally {
            CaptureCore.outputWritten(recording, 0, System.nanoTime() - start);
        }
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        delegate.setWriteListener(writeListener);
    }
}
