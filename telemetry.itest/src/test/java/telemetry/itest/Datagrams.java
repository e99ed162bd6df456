package telemetry.itest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

import telemetry.wire.Datagram;
import telemetry.wire.Field;
import telemetry.wire.Kind;
import telemetry.wire.LatencyBuckets;
import telemetry.wire.Phase;

/** Sums and predicates over received datagrams. */
final class Datagrams {

    private Datagrams() {
    }

    static Predicate<Datagram> kind(Kind kind) {
        return d -> d.kindCode() == kind.code();
    }

    static Predicate<Datagram> lifecycle(Kind kind, String reason) {
        return d -> d.kindCode() == kind.code() && reason.equals(d.text(Field.SHUTDOWN_REASON));
    }

    /** Sum of a U64 field over the periodic samples. */
    static long sum(List<Datagram> datagrams, Field field) {
        return datagrams.stream().filter(kind(Kind.REQUEST_METRICS)).mapToLong(d -> d.longValue(field, 0)).sum();
    }

    /** Sum of the histogram of a phase over the periodic samples. */
    static long histogramTotal(List<Datagram> datagrams, Phase phase) {
        long[] total = new long[LatencyBuckets.COUNT];
        datagrams.stream().filter(kind(Kind.REQUEST_METRICS)).forEach(d -> LatencyBuckets.add(total, d.intArray(phase.buckets())));
        long n = 0;
        for (long b : total) {
            n += b;
        }
        return n;
    }

    static long requests(List<Datagram> datagrams) {
        return sum(datagrams, Field.REQUEST_COUNT);
    }

    /** True when any raw datagram contains {@code text} (UTF-8). */
    static boolean anyContains(List<byte[]> raw, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (byte[] bytes : raw) {
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
