package telemetry.demo;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code POST /demo/upload}: reads the whole request body and answers its length and CRC-32. */
@HttpWhiteboardContextSelect(DemoContextHelper.SELECT)
@HttpWhiteboardServletName("telemetry.demo.upload")
@HttpWhiteboardServletPattern("/upload")
@Component(service = Servlet.class)
public class UploadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] buffer = new byte[8192];
        CRC32 crc = new CRC32();
        long total = 0;
        try (InputStream in = request.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                crc.update(buffer, 0, n);
                total += n;
            }
        }
        response.setContentType("application/json");
        response.getWriter().println("{\"bytes\":" + total + ",\"crc32\":" + crc.getValue() + "}");
    }
}
