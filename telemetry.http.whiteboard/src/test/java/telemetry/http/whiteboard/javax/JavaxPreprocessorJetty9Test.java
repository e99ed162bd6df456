package telemetry.http.whiteboard.javax;

import java.util.concurrent.ExecutorService;
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
        preprocessor = new JavaxPreprocessor(core);
        return new EmbeddedJetty9(preprocessor, new JavaxScenarioServlet(executor));
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
