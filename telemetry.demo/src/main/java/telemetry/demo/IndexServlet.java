package telemetry.demo;

import java.io.IOException;
import java.io.PrintWriter;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code /demo/}: lists the endpoints; every other unmatched path under {@code /demo} is a 404. */
@HttpWhiteboardContextSelect(DemoContextHelper.SELECT)
@HttpWhiteboardServletName("telemetry.demo.index")
@HttpWhiteboardServletPattern("/")
@Component(service = Servlet.class)
public class IndexServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!path.isEmpty() && !path.equals("/")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no demo endpoint here");
            return;
        }
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<!doctype html><title>telemetry demo</title><h1>telemetry demo</h1><ul>");
        out.println("<li><a href='fast'>fast</a>: a small JSON answer</li>");
        out.println("<li><a href='slow'>slow</a>: waits (configured delay, or <code>?seconds=N</code>)</li>");
        out.println(
                "<li><a href='fail'>fail</a>: throws; <a href='fail?status=503'>fail?status=503</a>: an error status</li>");
        out.println("<li><a href='async'>async</a>: completes from another thread (<code>?seconds=N</code>)</li>");
        out.println("<li>upload: <code>POST</code> a body, answers its length and CRC-32</li>");
        out.println("<li><a href='download?bytes=4194304'>download</a>: streams <code>?bytes=N</code> bytes</li>");
        out.println("</ul>");
    }
}
