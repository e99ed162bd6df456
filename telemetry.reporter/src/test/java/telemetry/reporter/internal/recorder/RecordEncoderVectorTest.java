package telemetry.reporter.internal.recorder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import telemetry.reporter.internal.reporting.RecordEncoder;
import telemetry.reporter.internal.reporting.ReporterIdentity;
import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.FieldValue;
import telemetry.wire.Phase;
import telemetry.wire.WireDecoder;

/**
 * Our encoder against the shared test vectors: lifecycle records byte for byte; periodic samples and
 * slow records field for field, in the documented emission order (samples are built from nanosecond
 * counters, so a value may differ from the vector's in the last bit).
 */
class RecordEncoderVectorTest {

    private static final ReporterIdentity VECTOR_IDENTITY =
            new ReporterIdentity(4242, "1.0.0", "17.0.15", "Apache Felix/7.0.5", "jetty", "app-host-1", 4100);

    private final RecordEncoder encoder = new RecordEncoder(VECTOR_IDENTITY);

    static byte[] vector(String name) throws Exception {
        Path dir = Path.of(System.getProperty("telemetry.shared", "../../shared"), "vectors");
        return Files.readAllBytes(dir.resolve(name + ".bin"));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void lifecycleRecordsMatchTheVectorsByteForByte() throws Exception {
        Datagram started = WireDecoder.decode(vector("process_started"));
        assertArrayEquals(vector("process_started"), bytes(encoder.started(started.seq(), started.stamp(), "shop")));

        Datagram stopping = WireDecoder.decode(vector("process_stopping"));
        assertArrayEquals(
                vector("process_stopping"),
                bytes(encoder.stopping(stopping.seq(), stopping.stamp(), "shop", "framework_stopping", 2)));

        Datagram stopped = WireDecoder.decode(vector("process_stopped"));
        assertArrayEquals(
                vector("process_stopped"),
                bytes(encoder.stopped(stopped.seq(), stopped.stamp(), "shop", "framework_stopping", 6.25, 8, 0, true)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"request_busy", "request_idle"})
    void samplesFollowTheVectorsFieldForField(String name) throws Exception {
        Datagram expected = WireDecoder.decode(vector(name));
        IntervalSample s = sampleOf(expected);
        RecordEncoder.SampleContext c = new RecordEncoder.SampleContext(
                expected.doubleValue(Field.SAMPLE_PERIOD, 0),
                expected.doubleValue(Field.TELEMETRY_INTERVAL, 0),
                expected.doubleValue(Field.SLOW_REQUESTS_THRESHOLD, 0),
                expected.doubleValue(Field.CPU_USER_UTILIZATION, 0),
                expected.doubleValue(Field.CPU_SYSTEM_UTILIZATION, 0),
                expected.longValue(Field.MEMORY_RSS, 0),
                expected.longValue(Field.MEMORY_MAX_RSS, 0));
        Datagram actual = WireDecoder.decode(encoder.sample(expected.seq(), expected.stamp(), "shop", s, c));
        assertSameFields(expected, actual, List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"slow_active", "slow_completed"})
    void slowRecordsFollowTheVectorsWithField251Omitted(String name) throws Exception {
        Datagram e = WireDecoder.decode(vector(name));
        SlowRequestRecord r = new SlowRequestRecord(
                e.longValue(Field.SLOW_RECORD_STATE, 0) == 1,
                e.doubleValue(Field.SLOW_START_STAMP, 0),
                e.doubleValue(Field.SLOW_DURATION, 0),
                (int) e.longValue(Field.SLOW_THREAD_ID, 0),
                e.text(Field.SLOW_LOG_ID),
                e.doubleValue(Field.SLOW_SERVER_TIME, 0),
                e.doubleValue(Field.SLOW_APPLICATION_TIME, 0),
                e.longValue(Field.SLOW_INPUT_BYTES, 0),
                e.longValue(Field.SLOW_INPUT_READS, 0),
                e.longValue(Field.SLOW_OUTPUT_BYTES, 0),
                e.longValue(Field.SLOW_OUTPUT_WRITES, 0),
                e.doubleValue(Field.SLOW_INPUT_READ_TIME, 0),
                e.doubleValue(Field.SLOW_OUTPUT_WRITE_TIME, 0),
                (int) e.longValue(Field.SLOW_STATUS, 0),
                e.doubleValue(Field.SLOW_CPU_USER_TIME, 0),
                e.longValue(Field.SLOW_ACTIVE_AT_START, 0),
                e.longValue(Field.SLOW_ACTIVE_AT_COMPLETION, 0),
                e.text(Field.SLOW_METHOD),
                e.text(Field.SLOW_SCHEME),
                e.text(Field.SLOW_HOSTNAME),
                e.text(Field.SLOW_SCRIPT_NAME),
                e.text(Field.SLOW_PATH_INFO),
                e.text(Field.SLOW_PROTOCOL),
                e.text(Field.SLOW_PEER_IP),
                e.text(Field.SLOW_USER_AGENT));
        Datagram actual = WireDecoder.decode(encoder.slow(e.seq(), e.stamp(), r));
        assertFalse(actual.has(Field.SLOW_CPU_SYSTEM_TIME), "per-request CPU is one total in field 250");
        assertSameFields(e, actual, List.of(Field.SLOW_CPU_SYSTEM_TIME.id()));
    }

    private static void assertSameFields(Datagram expected, Datagram actual, List<Integer> omitted) {
        assertEquals(expected.kindCode(), actual.kindCode());
        assertEquals(expected.pid(), actual.pid());
        assertEquals(expected.seq(), actual.seq());
        assertEquals(expected.stamp(), actual.stamp());
        List<FieldValue> want = expected.fields().stream()
                .filter(f -> !omitted.contains(f.id()))
                .toList();
        assertEquals(
                want.stream().map(FieldValue::id).toList(),
                actual.fields().stream().map(FieldValue::id).toList(),
                "emission order");
        for (int i = 0; i < want.size(); i++) {
            Object w = want.get(i).value();
            Object a = actual.fields().get(i).value();
            String what = Field.nameOf(want.get(i).id());
            if (w instanceof Double wd) {
                assertEquals(wd, (Double) a, Math.abs(wd) * 1e-12, what);
            } else if (w instanceof double[] wa) {
                assertArrayEquals(wa, (double[]) a, 1e-12, what);
            } else if (w instanceof int[] wa) {
                assertArrayEquals(wa, (int[]) a, what);
            } else {
                assertEquals(w, a, what);
            }
        }
    }

    /** An interval sample holding the vector's figures (nanosecond counters rounded). */
    private static IntervalSample sampleOf(Datagram d) {
        IntervalSample s = new IntervalSample();
        int slots = d.intArray(Field.REQUEST_THREADS_COMPLETED).length;
        long period = nanos(d.doubleValue(Field.SAMPLE_PERIOD, 0));
        s.reset(slots, 0, period);
        s.threadsStarted = (int) d.longValue(Field.REQUEST_THREADS_STARTED, 0);
        s.threadsActive = (int) d.longValue(Field.REQUEST_THREADS_ACTIVE, 0);
        s.requestCount = d.longValue(Field.REQUEST_COUNT, 0);
        for (int c = 0; c < 5; c++) {
            s.statusClasses[c] = d.longValue(Field.ofId(120 + c), 0);
        }
        s.inputBytes = d.longValue(Field.INPUT_BYTES_TOTAL, 0);
        s.inputReads = d.longValue(Field.INPUT_READS_TOTAL, 0);
        s.outputBytes = d.longValue(Field.OUTPUT_BYTES_TOTAL, 0);
        s.outputWrites = d.longValue(Field.OUTPUT_WRITES_TOTAL, 0);
        for (int p = 0; p < Phase.REPORTED.size(); p++) {
            Phase phase = Phase.REPORTED.get(p);
            s.phaseSumNanos[p] = nanos(d.doubleValue(phase.mean(), 0) * s.requestCount);
            s.phaseMinNanos[p] = nanos(d.doubleValue(phase.min(), 0));
            s.phaseMaxNanos[p] = nanos(d.doubleValue(phase.max(), 0));
            int[] b = d.intArray(phase.buckets());
            for (int i = 0; i < b.length; i++) {
                s.phaseBuckets[p][i] = b[i];
            }
        }
        double[] busy = d.doubleArray(Field.REQUEST_THREADS_BUSY_TIME);
        for (int i = 0; i < slots; i++) {
            s.slotCompleted[i] = d.intArray(Field.REQUEST_THREADS_COMPLETED)[i];
            s.slotBusy[i] = busy[i];
            s.busyNanos += nanos(busy[i]);
            s.slotCpu[i] = d.doubleArray(Field.REQUEST_THREADS_CPU_TIME)[i];
            s.slotCurrentElapsed[i] = d.doubleArray(Field.REQUEST_THREADS_CURRENT_ELAPSED)[i];
            s.slotMaxDuration[i] = d.doubleArray(Field.REQUEST_THREADS_MAX_DURATION)[i];
        }
        return s;
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }
}
