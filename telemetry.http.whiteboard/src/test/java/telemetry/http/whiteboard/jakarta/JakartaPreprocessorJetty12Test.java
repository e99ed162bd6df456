package telemetry.http.whiteboard.jakarta;

import java.util.concurrent.ExecutorService;

import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.testing.IsolatedJetty12;
import telemetry.http.whiteboard.testing.PreprocessorContractTest;

/**
 * The Jakarta adapter in a real Jetty 12 ee10 (the Jetty of Felix HTTP Jetty12). Jetty 12 exposes
 * no request start time to a Jakarta request without Jetty imports, so server_time starts at the
 * preprocessor, as the registrar sets it up in OSGi.
 */
class JakartaPreprocessorJetty12Test extends PreprocessorContractTest {

    @Override
    protected ServerHandle start(CaptureCore core, ExecutorService executor) throws Exception {
        return new IsolatedJetty12(new JakartaPreprocessor(core, JakartaServerStart.AT_PREPROCESSOR),
                new JakartaScenarioServlet(executor));
    }

    @Override
    protected String wrapperNames() {
        return "JakartaCapturedRequest JakartaCapturedResponse";
    }
}
