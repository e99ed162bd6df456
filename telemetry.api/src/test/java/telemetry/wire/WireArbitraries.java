package telemetry.wire;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of wire values for the property tests. */
final class WireArbitraries {

    private WireArbitraries() {}

    /** Code points of every UTF-8 width: 1, 2, 3 (no surrogates) and 4 bytes. */
    static Arbitrary<Integer> codePoints() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 0x7F)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
                Tuple.of(
                        2,
                        Arbitraries.integers()
                                .between(0x800, 0xFFFF)
                                .filter(c -> !Character.isSurrogate((char) c.intValue()))),
                Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)));
    }

    /** Well-formed text of up to {@code maxCodePoints} code points. */
    static Arbitrary<String> text(int maxCodePoints) {
        return codePoints().list().ofMaxSize(maxCodePoints).map(cps -> {
            StringBuilder b = new StringBuilder();
            cps.forEach(b::appendCodePoint);
            return b.toString();
        });
    }

    /** Text that may also hold unpaired (or accidentally paired) surrogates. */
    static Arbitrary<String> textWithSurrogates(int maxCodePoints) {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(8, codePoints().map(Character::toString)),
                Tuple.of(1, Arbitraries.chars().range('\uD800', '\uDBFF').map(String::valueOf)), // lone high
                Tuple.of(1, Arbitraries.chars().range('\uDC00', '\uDFFF').map(String::valueOf))); // lone low
        return piece.list().ofMaxSize(maxCodePoints).map(pieces -> String.join("", pieces));
    }

    /** Any binary64, with every special value and NaN payloads. */
    static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.of(
                        0.0,
                        -0.0,
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        Double.MIN_VALUE,
                        Double.MAX_VALUE,
                        Double.MIN_NORMAL));
    }

    /**
     * F64 arrays filled from a generated seed (any bit pattern, every special value): much cheaper
     * to generate than element by element, at the price of shrinking the elements.
     */
    static Arbitrary<double[]> doubleArrays(int minSize, int maxSize) {
        double[] specials = {
            0.0,
            -0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            1.0
        };
        return Combinators.combine(Arbitraries.integers().between(minSize, maxSize), Arbitraries.longs())
                .as((size, seed) -> {
                    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                    double[] a = new double[size];
                    for (int i = 0; i < size; i++) {
                        a[i] = switch (random.nextInt(4)) {
                            case 0 -> Double.longBitsToDouble(random.nextLong());
                            case 1 -> specials[random.nextInt(specials.length)];
                            default -> random.nextDouble() * 10;
                        };
                    }
                    return a;
                });
    }

    /** A value of {@code type}, arrays of 0..1024 elements. */
    static Arbitrary<Object> valueOf(FieldType type) {
        return switch (type) {
            case U64, I64 -> Arbitraries.longs().map(Object.class::cast);
            case F64 -> doubles().map(Object.class::cast);
            case BYTES -> text(80).map(Object.class::cast);
            case I32_ARRAY ->
                Arbitraries.integers()
                        .array(int[].class)
                        .ofMaxSize(WireFormat.MAX_SLOTS)
                        .map(Object.class::cast);
            case F64_ARRAY -> doubleArrays(0, WireFormat.MAX_SLOTS).map(Object.class::cast);
        };
    }

    /** A defined field with a value of its documented type. */
    static Arbitrary<FieldValue> knownFields() {
        return Arbitraries.of(Field.values())
                .flatMap(f -> valueOf(f.type()).map(v -> new FieldValue(f.id(), f.type(), v)));
    }

    /** Any field: defined ones, ids outside the table, and defined ids under a foreign type. */
    static Arbitrary<FieldValue> anyFields() {
        Arbitrary<Integer> unknownIds = Arbitraries.oneOf(
                        Arbitraries.integers().between(0, 400),
                        Arbitraries.integers().between(0, 0xFFFF),
                        Arbitraries.of(0, 0xFFFF))
                .filter(id -> Field.ofId(id) == null);
        Arbitrary<FieldValue> unknown = Combinators.combine(unknownIds, Arbitraries.of(FieldType.values()))
                .flatAs((id, type) -> valueOf(type).map(v -> new FieldValue(id, type, v)));
        Arbitrary<FieldValue> foreignType = Combinators.combine(
                        Arbitraries.of(Field.values()), Arbitraries.of(FieldType.values()))
                .filter((f, t) -> f.type() != t)
                .flatAs((f, type) -> valueOf(type).map(v -> new FieldValue(f.id(), type, v)));
        return Arbitraries.frequencyOf(Tuple.of(6, knownFields()), Tuple.of(3, unknown), Tuple.of(1, foreignType));
    }

    /** Field lists that often repeat an id (last one wins). */
    static Arbitrary<List<FieldValue>> fieldLists() {
        Arbitrary<List<FieldValue>> plain = anyFields().list().ofMaxSize(24);
        Arbitrary<List<FieldValue>> repeating = plain.filter(l -> !l.isEmpty())
                .flatMap(l -> Arbitraries.integers()
                        .between(0, l.size() - 1)
                        .flatMap(pick -> valueOf(l.get(pick).type()).map(v -> {
                            List<FieldValue> copy = new java.util.ArrayList<>(l);
                            copy.add(
                                    new FieldValue(l.get(pick).id(), l.get(pick).type(), v));
                            return copy;
                        })));
        // Near and past the 65,536-byte limit: 7 to 10 long F64 arrays under unknown ids
        // (7 × 900 entries fit, 8 × 1024 do not).
        Arbitrary<FieldValue> bigArray = Combinators.combine(
                        Arbitraries.integers().between(1000, 1100), doubleArrays(900, WireFormat.MAX_SLOTS))
                .as((id, a) -> new FieldValue(id, FieldType.F64_ARRAY, a));
        Arbitrary<List<FieldValue>> large = bigArray.list().ofMinSize(7).ofMaxSize(10);
        return Arbitraries.frequencyOf(Tuple.of(6, plain), Tuple.of(2, repeating), Tuple.of(1, large));
    }
}
