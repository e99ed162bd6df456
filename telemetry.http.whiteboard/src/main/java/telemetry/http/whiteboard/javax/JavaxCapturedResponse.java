package telemetry.http.whiteboard.javax;

import java.io.IOException;
import java.io.PrintWriter;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import telemetry.api.recording.RequestRecording;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.capture.CharsetByteCounter;
import telemetry.http.whiteboard.capture.CountingPrintWriter;

/**
 * The response as the rest of the chain sees it: the output stream and the writer are wrapped for
 * counting the first time the application asks for them; {@link #flushBuffer()} is timed as a
 * flush. Used by one thread at a time, as the container orders it.
 */
final class JavaxCapturedResponse extends HttpServletResponseWrapper {

    private final RequestRecording recording;
    private JavaxCountingOutputStream output;
    private CountingPrintWriter writer;

    JavaxCapturedResponse(HttpServletResponse response, RequestRecording recording) {
        super(response);
        this.recording = recording;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        JavaxCountingOutputStream current = output;
        if (current == null) {
            current = new JavaxCountingOutputStream(super.getOutputStream(), recording, this);
            output = current;
        }
        return current;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        CountingPrintWriter current = writer;
        if (current == null) {
            PrintWriter containerWriter = super.getWriter();
            current = new CountingPrintWriter(
                    containerWriter, recording, CharsetByteCounter.forName(getCharacterEncoding()));
            writer = current;
        }
        return current;
    }

    @Override
    public void flushBuffer() throws IOException {
        long start = System.nanoTime();
        try {
            super.flushBuffer();
        } finally {
            CaptureCore.outputWritten(recording, 0, System.nanoTime() - start);
        }
    }
}
