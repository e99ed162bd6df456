package telemetry.ingester.model;

/** Completed requests per status class, 1xx to 5xx. */
public record StatusCounts(long s1xx, long s2xx, long s3xx, long s4xx, long s5xx) {

    public static final StatusCounts ZERO = new StatusCounts(0, 0, 0, 0, 0);

    /** The JSON names, in class order. */
    public static final String[] NAMES = {
        "status_1xx_total", "status_2xx_total", "status_3xx_total", "status_4xx_total", "status_5xx_total"
    };

    /** The Prometheus label values, in class order. */
    public static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    public static StatusCounts of(long[] counts) {
        return new StatusCounts(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    /** The count of class {@code index} (0 = 1xx … 4 = 5xx). */
    public long get(int index) {
        return switch (index) {
            case 0 -> s1xx;
            case 1 -> s2xx;
            case 2 -> s3xx;
            case 3 -> s4xx;
            case 4 -> s5xx;
            default -> throw new IndexOutOfBoundsException(index);
        };
    }
}
