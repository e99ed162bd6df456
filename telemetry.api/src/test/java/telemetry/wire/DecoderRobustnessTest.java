package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import telemetry.wire.MalformedDatagramException.Reason;

/**
 * A million random and mutated datagrams through the decoder: nothing but
 * {@link MalformedDatagramException} may escape (no IndexOutOfBounds, no NegativeArraySize, no
 * OutOfMemoryError from a length taken on trust, no hang). The seed is printed on failure and can
 * be fixed with {@code -Dtelemetry.fuzz.seed=N}.
 */
class DecoderRobustnessTest {

    private static final int ROUNDS = 1_000_000;

    /** A valid datagram and where each of its TLVs starts. */
    private record Seed(byte[] bytes, int[] tlvs) {}

    private enum Mutation {
        RANDOM_BYTES,
        RANDOM_TAIL,
        BIT_FLIPS,
        TRUNCATION,
        HUGE_LENGTH,
        TYPE_TAG,
        FIELD_ID,
        SPLICE,
        INSERT_DELETE,
        HEADER,
        OVERSIZE,
        UNCHANGED
    }

    private final SplittableRandom random;
    private final long seed;
    private final List<Seed> seeds = new ArrayList<>();
    private final byte[] oversize = new byte[WireFormat.MAX_DATAGRAM + 4096];

    DecoderRobustnessTest() {
        seed = Long.getLong("telemetry.fuzz.seed", System.nanoTime());
        random = new SplittableRandom(seed);
        for (SharedVectors.Vector v : SharedVectors.valid()) {
            seeds.add(seed(v.bytes()));
        }
        seeds.add(seed(PeriodicSampleFixture.bytes(128)));
        seeds.add(seed(PeriodicSampleFixture.bytes(WireFormat.MAX_SLOTS)));
    }

    @Test
    void nothingButTheTypedErrorEscapes() {
        Map<Reason, Integer> rejected = new EnumMap<>(Reason.class);
        Map<Mutation, Integer> accepted = new EnumMap<>(Mutation.class);
        int valid = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Mutation m = Mutation.values()[random.nextInt(Mutation.values().length)];
            byte[] data;
            int length;
            if (m == Mutation.OVERSIZE) {
                byte[] base = pick().bytes();
                System.arraycopy(base, 0, oversize, 0, base.length);
                data = oversize;
                length = WireFormat.MAX_DATAGRAM + 1 + random.nextInt(4095);
            } else {
                data = mutate(m);
                length = data.length;
            }
            try {
                Datagram d = (round & 15) == 0
                        ? WireDecoder.decode(ByteBuffer.wrap(data, 0, length))
                        : WireDecoder.decode(data, 0, length);
                valid++;
                accepted.merge(m, 1, Integer::sum);
                checkStable(d, length);
            } catch (MalformedDatagramException e) {
                rejected.merge(e.reason(), 1, Integer::sum);
                if (e.offset() < 0 || e.offset() > length) {
                    fail(report(
                            round,
                            m,
                            data,
                            length,
                            "offset " + e.offset() + " outside the datagram: " + e.getMessage()));
                }
            } catch (Throwable t) {
                throw new AssertionError(report(round, m, data, length, t.toString()), t);
            }
        }
        System.out.println(
                "decoder robustness, seed " + seed + ": " + valid + " valid " + accepted + ", rejected " + rejected);
        // The mix must really reach every rule and the accepting path, or the test proves little.
        for (Reason r : Reason.values()) {
            assertTrue(
                    rejected.getOrDefault(r, 0) > 0,
                    () -> "seed " + seed + ": no datagram was rejected for " + r + "; rejected " + rejected);
        }
        assertTrue(valid > ROUNDS / 20, "seed " + seed + ": only " + valid + " valid datagrams; accepted " + accepted);
        assertEquals(
                ROUNDS,
                valid + rejected.values().stream().mapToInt(Integer::intValue).sum());
    }

    private byte[] mutate(Mutation m) {
        Seed s = pick();
        byte[] b = s.bytes().clone();
        switch (m) {
            case RANDOM_BYTES -> {
                byte[] r = new byte[random.nextInt(64)];
                random.nextBytes(r);
                return r;
            }
            case RANDOM_TAIL -> {
                byte[] r = new byte[WireFormat.HEADER_SIZE + random.nextInt(512)];
                random.nextBytes(r);
                System.arraycopy(b, 0, r, 0, WireFormat.HEADER_SIZE);
                return r;
            }
            case BIT_FLIPS -> {
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    int at = random.nextInt(b.length);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            }
            case TRUNCATION -> {
                return Arrays.copyOf(b, random.nextInt(b.length));
            }
            case HUGE_LENGTH -> {
                int at = tlv(s);
                if (at < 0 || at + 5 > b.length) {
                    return b;
                }
                int len = switch (random.nextInt(4)) {
                    case 0 -> 0xFFFF;
                    case 1 -> random.nextInt(0x10000);
                    case 2 -> (b[at + 3] & 0xFF | (b[at + 4] & 0xFF) << 8) + 1;
                    default -> 0x8000 + random.nextInt(0x8000);
                };
                b[at + 3] = (byte) len;
                b[at + 4] = (byte) (len >>> 8);
                return b;
            }
            case TYPE_TAG -> {
                int at = tlv(s);
                if (at >= 0) {
                    b[at + 2] = (byte) (random.nextBoolean() ? random.nextInt(8) : random.nextInt(256));
                }
                return b;
            }
            case FIELD_ID -> {
                int at = tlv(s);
                if (at >= 0) {
                    int id = random.nextInt(0x10000);
                    b[at] = (byte) id;
                    b[at + 1] = (byte) (id >>> 8);
                }
                return b;
            }
            case SPLICE -> {
                Seed other = pick();
                int cut = random.nextBoolean() ? boundary(s) : random.nextInt(b.length + 1);
                int from = random.nextBoolean() ? boundary(other) : random.nextInt(other.bytes().length + 1);
                int tail = other.bytes().length - from;
                if (cut + tail > WireFormat.MAX_DATAGRAM) {
                    tail = WireFormat.MAX_DATAGRAM - cut;
                }
                byte[] r = Arrays.copyOf(b, cut + tail);
                System.arraycopy(other.bytes(), from, r, cut, tail);
                return r;
            }
            case INSERT_DELETE -> {
                int at = random.nextInt(b.length + 1);
                int n = 1 + random.nextInt(8);
                if (random.nextBoolean()) {
                    byte[] r = new byte[b.length + n];
                    System.arraycopy(b, 0, r, 0, at);
                    for (int i = 0; i < n; i++) {
                        r[at + i] = (byte) random.nextInt(256);
                    }
                    System.arraycopy(b, at, r, at + n, b.length - at);
                    return r;
                }
                n = Math.min(n, b.length - at);
                byte[] r = new byte[b.length - n];
                System.arraycopy(b, 0, r, 0, at);
                System.arraycopy(b, at + n, r, at, b.length - at - n);
                return r;
            }
            case HEADER -> {
                int at = random.nextInt(WireFormat.HEADER_SIZE);
                b[at] = (byte) random.nextInt(256);
                return b;
            }
            default -> {
                return b;
            }
        }
    }

    /** Decoded once, the datagram re-encodes and decodes to the same values (text is now valid UTF-8). */
    private void checkStable(Datagram d, int length) throws MalformedDatagramException {
        if (length > 16_384) {
            return; // garbage text may grow threefold as U+FFFD: keep within one datagram
        }
        Datagram again = WireDecoder.decode(STABILITY.encode(d));
        if (!again.fields().equals(d.fields())
                || again.kindCode() != d.kindCode()
                || again.pid() != d.pid()
                || again.seq() != d.seq()
                || Double.compare(again.stamp(), d.stamp()) != 0) {
            fail("seed " + seed + ": re-encoding changed " + d + " into " + again);
        }
    }

    private static final WireEncoder STABILITY = new WireEncoder(ByteBuffer.allocate(WireFormat.MAX_DATAGRAM));

    private Seed pick() {
        return seeds.get(random.nextInt(seeds.size()));
    }

    private int tlv(Seed s) {
        return s.tlvs().length == 0 ? -1 : s.tlvs()[random.nextInt(s.tlvs().length)];
    }

    private int boundary(Seed s) {
        return s.tlvs().length == 0 ? WireFormat.HEADER_SIZE : s.tlvs()[random.nextInt(s.tlvs().length)];
    }

    private static Seed seed(byte[] valid) {
        List<Integer> starts = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(valid).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = WireFormat.HEADER_SIZE;
        while (at < valid.length) {
            starts.add(at);
            FieldType type = FieldType.ofTag(in.get(at + 2));
            at += 3;
            if (type.hasLength()) {
                int n = in.getShort(at) & 0xFFFF;
                at += 2 + n * (type == FieldType.BYTES ? 1 : type == FieldType.I32_ARRAY ? 4 : 8);
            } else {
                at += 8;
            }
        }
        return new Seed(valid, starts.stream().mapToInt(Integer::intValue).toArray());
    }

    private String report(int round, Mutation m, byte[] data, int length, String what) {
        return "seed " + seed + ", round " + round + ", " + m + ": " + what + "\n"
                + HexFormat.of().formatHex(data, 0, Math.min(length, 512));
    }
}
