package telemetry.http.whiteboard.javax;

import java.io.IOException;
import java.util.EnumSet;
import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import telemetry.http.whiteboard.testing.PreprocessorContractTest;
import telemetry.http.whiteboard.testing.PreprocessorContractTest.ServerHandle;

/**
 * A real Jetty 9.4 (the Jetty of Felix HTTP Jetty 4.2 and Pax Web 8) on 127.0.0.1 and an ephemeral
 * port: context {@code /app}, the filter on {@code /*} for every dispatcher type, the servlet on
 * {@code /s/*} and {@code /errors/*}, error pages for 404 and 503. In front of the filter, a request
 * carrying {@value PreprocessorContractTest#DELAY_HEADER} waits that many milliseconds: time the
 * server spends on a request before the preprocessor sees it.
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
        context.addFilter(new FilterHolder(new DelayBeforeChain()), "/*", EnumSet.of(DispatcherType.REQUEST));
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

    /** Waits the milliseconds a request asks for in {@value PreprocessorContractTest#DELAY_HEADER}, then passes it on. */
    private static final class DelayBeforeChain implements Filter {

        @Override
        public void init(FilterConfig config) {
            // nothing to set up
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            PreprocessorContractTest.delay(
                    ((HttpServletRequest) request).getHeader(PreprocessorContractTest.DELAY_HEADER));
            chain.doFilter(request, response);
        }

        @Override
        public void destroy() {
            // nothing to release
        }
    }
}
