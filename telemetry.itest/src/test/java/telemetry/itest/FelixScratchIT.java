package telemetry.itest;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import telemetry.itest.receiver.DatagramReceiver;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FelixScratchIT {

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        int port = ItestOptions.freePort();
        return options(ItestOptions.felixCore(ItestOptions.workFolder("etc")), ItestOptions.felixJetty9(port),
                ItestOptions.telemetryBundle("telemetry.api"), ItestOptions.telemetryBundle("telemetry.demo"),
                ItestOptions.receiverBundle());
    }

    @Test
    public void smoke() throws Exception {
        int port = Integer.parseInt(context.getProperty(ItestOptions.HTTP_PORT));
        HttpCalls http = HttpCalls.local(port);
        http.awaitStatus("/demo/fast", 200, Duration.ofSeconds(20));
        assertEquals(500, http.get("/demo/fail").status());
        try (DatagramReceiver r = DatagramReceiver.bind(Paths.get("/tmp/itest-scratch.sock"))) {
            assertEquals(0, r.count());
        }
    }
}
