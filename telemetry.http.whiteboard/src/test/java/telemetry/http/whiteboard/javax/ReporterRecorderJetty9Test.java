package telemetry.http.whiteboard.javax;

import java.util.concurrent.ExecutorService;
import telemetry.http.whiteboard.capture.CaptureCore;
import telemetry.http.whiteboard.testing.PreprocessorContractTest.ServerHandle;
import telemetry.http.whiteboard.testing.ReporterRecorderContractTest;

/** The javax adapter in a real Jetty 9.4 in front of the reporter's real recorder. */
class ReporterRecorderJetty9Test extends ReporterRecorderContractTest {

    @Override
    protected ServerHandle start(CaptureCore core, ExecutorService executor) throws Exception {
        return new EmbeddedJetty9(new JavaxPreprocessor(core), new JavaxScenarioServlet(executor));
    }
}
