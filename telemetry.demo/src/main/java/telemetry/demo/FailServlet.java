package telemetry.demo;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /demo/fail}: a servlet that throws (the container answers 500);
 * {@code /demo/fail?status=N} answers the error status N (400 to 599) with {@code sendError}.
 */
@HttpWhiteboardContextSelect(DemoContextHelper.SELECT)
@HttpWhiteboardServletName("telemetry.demo.fail")
@HttpWhiteboardServletPattern("/fail")
@Component(service = Servlet.class)
public class FailServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        int status;
        try {
            status = (int) Parameters.number(request, "status", 0, 400, 599);
        } catch (IllegalArgumentException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        if (status == 0) {
            throw new ServletException("demo failure: the application threw an exception");
        }
        response.sendError(status, "demo failure with status " + status);
    }
}
