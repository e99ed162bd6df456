package telemetry.demo;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.servlet.AsyncContext;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /demo/async[?seconds=N]}: releases the request thread at once and completes the
 * response from another thread after N seconds (default 0.2, at most 30), as a reactive back end
 * would.
 */
@HttpWhiteboardContextSelect(DemoContextHelper.SELECT)
@HttpWhiteboardServletName("telemetry.demo.async")
@HttpWhiteboardServletPattern("/async")
@HttpWhiteboardServletAsyncSupported
@Component(service = Servlet.class)
public class AsyncServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ScheduledExecutorService completer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "telemetry.demo async completer");
        t.setDaemon(true);
        return t;
    });

    @Deactivate
    void deactivate() {
        completer.shutdownNow();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        double seconds;
        try {
            seconds = Parameters.number(request, "seconds", 0.2, 0, 30);
        } catch (IllegalArgumentException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(60_000);
        completer.schedule(
                () -> {
                    try {
                        HttpServletResponse asyncResponse = (HttpServletResponse) async.getResponse();
                        asyncResponse.setContentType("text/plain;charset=UTF-8");
                        asyncResponse.getWriter().println("completed asynchronously after " + seconds + " s");
                    } catch (IOException | RuntimeException e) {
                        // The client went away: completing is still what ends the request.
                    } finally {
                        async.complete();
                    }
                },
                (long) (seconds * 1000),
                TimeUnit.MILLISECONDS);
    }
}
