package telemetry.http.whiteboard.jakarta;

import java.util.concurrent.ExecutorService;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.testing.IsolatedJetty12;
import telemetry.http.whiteboard.testing.PreprocessorContractTest.ServerHandle;
import telemetry.http.whiteboard.testing.ReporterRecorderContractTest;

/** The Jakarta adapter in a real Jetty 12 ee10 in front of the reporter's real recorder. */
class ReporterRecorderJetty12Test extends ReporterRecorderContractTest {

    @Override
    protected ServerHandle start(CaptureCore core, ExecutorService executor) throws Exception {
        return new IsolatedJetty12(new JakartaPreprocessor(core), new JakartaScenarioServlet(executor));
    }
}
