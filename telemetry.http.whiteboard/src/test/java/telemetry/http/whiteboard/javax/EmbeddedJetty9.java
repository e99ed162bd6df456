package telemetry.http.whiteboard.javax;

import java.util.EnumSet;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.Servlet;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import telemetry.http.whiteboard.testing.PreprocessorContractTest.ServerHandle;

/**
 * A real Jetty 9.4 (the Jetty of Felix HTTP Jetty 4.2 and Pax Web 8) on 127.0.0.1 and an ephemeral
 * port: context {@code /app}, the filter on {@code /*} for every dispatcher type, the servlet on
 * {@code /s/*} and {@code /errors/*}, error pages for 404 and 503.
 */
final class EmbeddedJetty9 implements ServerHandle {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    EmbeddedJetty9(Filter filter, Servlet servlet) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/app");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/s/*");
        context.addServlet(holder, "/errors/*");
        ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
        errorPages.addErrorPage(404, "/errors/page");
        errorPages.addErrorPage(503, "/errors/page");
        context.setErrorHandler(errorPages);
        server.setHandler(context);
        server.start();
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }
}
