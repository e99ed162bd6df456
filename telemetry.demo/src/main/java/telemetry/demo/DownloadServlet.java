package telemetry.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /demo/download[?bytes=N]}: streams N bytes (default 1 MiB, at most 1 GiB) in 8 KiB
 * writes, flushing every 64 KiB, with a Content-Length.
 */
@HttpWhiteboardContextSelect(DemoContextHelper.SELECT)
@HttpWhiteboardServletName("telemetry.demo.download")
@HttpWhiteboardServletPattern("/download")
@Component(service = Servlet.class)
public class DownloadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int CHUNK = 8192;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long size;
        try {
            size = (long) Parameters.number(request, "bytes", 1 << 20, 0, 1L << 30);
        } catch (IllegalArgumentException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) 'x');
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(size);
        OutputStream out = response.getOutputStream();
        for (long left = size; left > 0; ) {
            int n = (int) Math.min(CHUNK, left);
            out.write(chunk, 0, n);
            left -= n;
            if ((size - left) % (8 * CHUNK) == 0) {
                out.flush();
            }
        }
    }
}
