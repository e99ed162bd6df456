package telemetry.demo;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code GET /demo/slow[?seconds=N]}: answers after a delay, the configured one unless the request
 * asks for another (0 to 120 s). Sleeps on the request thread, as a slow database call would.
 */
@HttpWhiteboardContextSelect(DemoContextHelper.SELECT)
@HttpWhiteboardServletName("telemetry.demo.slow")
@HttpWhiteboardServletPattern("/slow")
@Designate(ocd = SlowServlet.Config.class)
@Component(service = Servlet.class, configurationPid = SlowServlet.PID)
public class SlowServlet extends HttpServlet {

    static final String PID = "telemetry.demo.slow";
    private static final long serialVersionUID = 1L;
    private static final double MAX_SECONDS = 120.0;

    @ObjectClassDefinition(
            name = "Telemetry demo: slow endpoint",
            description = "How long /demo/slow takes by default.")
    public @interface Config {
        @AttributeDefinition(
                name = "Delay",
                description = "Seconds /demo/slow waits before answering (0 to 120).",
                min = "0",
                max = "120")
        double delay() default 2.5;
    }

    private transient volatile double delaySeconds;

    @Activate
    public SlowServlet(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        double delay = config.delay();
        if (!(delay >= 0 && delay <= MAX_SECONDS)) {
            throw new IllegalArgumentException(
                    PID + ": 'delay' must be from 0 to " + MAX_SECONDS + " seconds, got " + delay);
        }
        this.delaySeconds = delay;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        double seconds;
        try {
            seconds = Parameters.number(request, "seconds", delaySeconds, 0, MAX_SECONDS);
        } catch (IllegalArgumentException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted while waiting");
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println("slept " + seconds + " s");
    }
}
