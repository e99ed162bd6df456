package telemetry.demo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.annotations.RequireHttpWhiteboard;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;

/** The servlet context {@code /demo} that every demo servlet is registered in. */
@RequireHttpWhiteboard
@HttpWhiteboardContext(name = DemoContextHelper.NAME, path = "/demo")
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
public class DemoContextHelper extends ServletContextHelper {

    /** The context name servlets select with {@link #SELECT}. */
    public static final String NAME = "telemetry.demo";
    /** Whiteboard context selection filter for the demo servlets. */
    public static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";
}
