package telemetry.http.whiteboard.jakarta;

import java.util.concurrent.ExecutorService;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.testing.IsolatedJetty12;
import telemetry.http.whiteboard.testing.PreprocessorContractTest;

/**
 * The Jakarta adapter in a real Jetty 12 ee10 (the Jetty of Felix HTTP Jetty12): server_time starts
 * at Jetty's own begin time of the request.
 */
class JakartaPreprocessorJetty12Test extends PreprocessorContractTest {

    private JakartaPreprocessor preprocessor;

    @Override
    protected ServerHandle start(CaptureCore core, ExecutorService executor) throws Exception {
        preprocessor = new JakartaPreprocessor(core);
        return new IsolatedJetty12(preprocessor, new JakartaScenarioServlet(executor));
    }

    @Override
    protected String serverStartSource() {
        return preprocessor.serverStartSource();
    }

    @Override
    protected String expectedServerStartSource() {
        return "org.eclipse.jetty.ee10.servlet.ServletApiRequest#getRequest().getBeginNanoTime()";
    }

    @Override
    protected String wrapperNames() {
        return "JakartaCapturedRequest JakartaCapturedResponse";
    }
}
