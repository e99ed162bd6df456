package telemetry.http.whiteboard.javax;

import java.util.EnumSet;
import java.util.concurrent.ExecutorService;

import javax.servlet.DispatcherType;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.testing.PreprocessorContractTest;

/**
 * The javax adapter in a real Jetty 9.4 (the Jetty of Felix HTTP Jetty 4.2 and Pax Web 8): server_time
 * starts at Jetty's request time stamp, as in those runtimes.
 */
class JavaxPreprocessorJetty9Test extends PreprocessorContractTest {

    private JavaxPreprocessor preprocessor;

    @Override
    protected ServerHandle start(CaptureCore core, ExecutorService executor) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/app");
        preprocessor = new JavaxPreprocessor(core);
        context.addFilter(new FilterHolder(preprocessor), "/*",
                EnumSet.allOf(DispatcherType.class));
        ServletHolder scenarios = new ServletHolder(new JavaxScenarioServlet(executor));
        scenarios.setAsyncSupported(true);
        context.addServlet(scenarios, "/s/*");
        context.addServlet(scenarios, "/errors/*");
        ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
        errorPages.addErrorPage(404, "/errors/page");
        errorPages.addErrorPage(503, "/errors/page");
        context.setErrorHandler(errorPages);
        server.setHandler(context);
        server.start();
        return new ServerHandle() {
            @Override
            public int port() {
                return connector.getLocalPort();
            }

            @Override
            public void close() throws Exception {
                server.stop();
            }
        };
    }

    @Override
    protected String serverStartSource() {
        return preprocessor.serverStartSource();
    }

    @Override
    protected String expectedServerStartSource() {
        return "org.eclipse.jetty.server.Request#getTimeStamp()";
    }

    @Override
    protected String wrapperNames() {
        return "JavaxCapturedRequest JavaxCapturedResponse";
    }
}
