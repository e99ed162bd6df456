package telemetry.http.whiteboard.jakarta;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import telemetry.api.recording.RequestRecording;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.capture.CharsetByteCounter;
import telemetry.http.whiteboard.capture.CountingPrintWriter;

/**
 * The response as the rest of the chain sees it: the output stream and the writer are wrapped for
 * counting the first time the application asks for them; {@link #flushBuffer()} is timed as a
 * flush. Used by one thread at a time, as the container orders it.
 */
final class JakartaCapturedResponse extends HttpServletResponseWrapper {

    private final RequestRecording recording;
    private JakartaCountingOutputStream output;
    private CountingPrintWriter writer;

    JakartaCapturedResponse(HttpServletResponse response, RequestRecording recording) {
        super(response);
        this.recording = recording;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        JakartaCountingOutputStream current = output;
        if (current == null) {
            current = new JakartaCountingOutputStream(super.getOutputStream(), recording, this);
            output = current;
        }
        return current;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        CountingPrintWriter current = writer;
        if (current == null) {
            PrintWriter containerWriter = super.getWriter();
            current = new CountingPrintWriter(containerWriter, recording, CharsetByteCounter.forName(getCharacterEncoding()));
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
