package telemetry.reporter.internal.testing;

import telemetry.api.recording.RequestDetails;
import telemetry.api.recording.RequestRecorder;
import telemetry.api.recording.RequestRecording;

/** Drives requests through the recording SPI the way the whiteboard preprocessor does. */
public final class TestRequests {

    /** Statuses cycled through by {@link #statusOf(int)}: 2xx, 3xx, 4xx, 5xx, failed, 1xx, out of range. */
    private static final int[] STATUSES = {200, 204, 302, 404, 500, 503, 200, 101, 0, 700};

    private TestRequests() {}

    public static int statusOf(int i) {
        return STATUSES[i % STATUSES.length];
    }

    public static boolean failedOf(int i) {
        return i % 97 == 13;
    }

    /** The status class (1–5) the recorder must count request {@code i} under. */
    public static int expectedClass(int i) {
        int status = statusOf(i);
        return failedOf(i) || status < 100 || status > 599 ? 5 : status / 100;
    }

    /** One complete request: begin, a body read, two writes, end. */
    public static void request(RequestRecorder recorder, int i, RequestDetails details) {
        long t0 = System.nanoTime();
        RequestRecording r = recorder.begin(t0 - 1_000, t0, details);
        r.inputRead(100, 500);
        r.outputWritten(1000, 700);
        r.outputWritten(0, 100);
        r.end(statusOf(i), failedOf(i), System.nanoTime(), i % 3 == 0 ? RequestRecording.NO_CPU : 5_000);
    }

    /** Fixed request details, like a real GET. */
    public static RequestDetails details(String path) {
        return new RequestDetails() {
            @Override
            public String method() {
                return "POST";
            }

            @Override
            public String scheme() {
                return "https";
            }

            @Override
            public String host() {
                return "shop.example.org";
            }

            @Override
            public String contextPath() {
                return "/shop";
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public String protocol() {
                return "HTTP/1.1";
            }

            @Override
            public String peerAddress() {
                return "2001:db8::17";
            }

            @Override
            public String userAgent() {
                return "Mozilla/5.0 (X11; Linux x86_64) café";
            }

            @Override
            public String requestId() {
                return null;
            }
        };
    }
}
