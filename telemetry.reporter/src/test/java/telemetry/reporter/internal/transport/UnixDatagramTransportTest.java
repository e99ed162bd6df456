package telemetry.reporter.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import telemetry.reporter.internal.testing.DatagramReceiver;
import telemetry.reporter.internal.transport.UnixDatagramTransport.SendOutcome;
import telemetry.wire.Kind;
import telemetry.wire.WireEncoder;

/** Every way a send can end, against real sockets. */
class UnixDatagramTransportTest {

    @TempDir
    Path dir;

    private final UnixDatagramTransport transport = new UnixDatagramTransport();
    private final WireEncoder encoder = new WireEncoder(ByteBuffer.allocateDirect(1024));

    private ByteBuffer datagram(long seq) {
        return encoder.begin(Kind.PROCESS_STARTED, 1, seq, 0.0).finish();
    }

    @Test
    void unixDatagramsAreSupportedHere() {
        assertTrue(UnixDatagramTransport.supported());
    }

    @Test
    void sendsToAReceiver() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bind(dir.resolve("ok.sock"))) {
            transport.setTarget(receiver.path().toString());
            assertEquals(SendOutcome.SENT, transport.send(datagram(1), true));
            assertEquals(1, receiver.await(Kind.PROCESS_STARTED, Duration.ofSeconds(5)).seq());
            assertEquals(1, transport.sent());
            assertEquals(0, transport.dropped());
            assertNull(transport.lastError());
        } finally {
            transport.close();
        }
    }

    @Test
    void aMissingSocketDropsAndSaysWhy() throws Exception {
        try {
            transport.setTarget(dir.resolve("absent.sock").toString());
            assertEquals(SendOutcome.FAILED, transport.send(datagram(1), true));
            assertEquals(1, transport.dropped());
            assertTrue(transport.lastError().contains("absent.sock"), transport.lastError());
            assertTrue(transport.lastError().contains("No such file or directory"), transport.lastError());
            assertTrue(transport.lastErrorMillis() > 0);
        } finally {
            transport.close();
        }
    }

    @Test
    void aFileThatIsNoSocketIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.sock"), "not a socket");
        try {
            transport.setTarget(file.toString());
            assertEquals(SendOutcome.FAILED, transport.send(datagram(1), true));
            assertEquals(1, transport.dropped());
            assertTrue(transport.lastError().contains("refused"), transport.lastError());
        } finally {
            transport.close();
        }
    }

    @Test
    void aFullQueueIsRetriedBrieflyThenDropped() throws Exception {
        try (DatagramReceiver receiver = DatagramReceiver.bindPaused(dir.resolve("full.sock"))) {
            transport.setTarget(receiver.path().toString());
            int sent = 0;
            SendOutcome outcome;
            while ((outcome = transport.send(datagram(sent + 1), false)) == SendOutcome.SENT) {
                sent++;
            }
            assertEquals(SendOutcome.FULL, outcome);
            assertTrue(sent >= 1 && sent < 1000, "the kernel queue holds a bounded number: " + sent);
            assertEquals(SendOutcome.FULL, transport.send(datagram(sent + 2), true), "retried, still full");
            assertEquals(2, transport.dropped());
            assertTrue(transport.lastError().contains("full (EAGAIN)"), transport.lastError());

            receiver.resume();
            long lastQueued = sent;
            receiver.await(Kind.PROCESS_STARTED, d -> d.seq() == lastQueued, Duration.ofSeconds(5));
            assertEquals(SendOutcome.SENT, transport.send(datagram(sent + 3), true), "the queue drained");
        } finally {
            transport.close();
        }
    }
}
