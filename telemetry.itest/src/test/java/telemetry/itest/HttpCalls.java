package telemetry.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/** Plain blocking HTTP calls from inside the probe, answering the status and the body length. */
final class HttpCalls {

    /** Status code and number of body bytes received. */
    record Answer(int status, long bytes) {}

    private final String base;

    HttpCalls(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    static HttpCalls local(int port) {
        return new HttpCalls("http://127.0.0.1:" + port);
    }

    Answer get(String path) throws IOException {
        return call("GET", path, 0);
    }

    Answer post(String path, int bodyBytes) throws IOException {
        return call("POST", path, bodyBytes);
    }

    Answer call(String method, String path, int bodyBytes) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(60_000);
        connection.setRequestMethod(method);
        connection.setRequestProperty("User-Agent", "telemetry-itest/1.0");
        if (bodyBytes > 0) {
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(bodyBytes);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(new byte[bodyBytes]);
            }
        }
        int status = connection.getResponseCode();
        long bytes = 0;
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                bytes = in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return new Answer(status, bytes);
    }

    /** Calls {@code path} until it answers {@code status} or the timeout passes (the server may still be starting). */
    Answer awaitStatus(String path, int status, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        Answer answer = null;
        while (System.nanoTime() < deadline) {
            try {
                answer = get(path);
                if (answer.status() == status) {
                    return answer;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new IOException(
                "GET " + path + " did not answer " + status + " within " + timeout + "; last answer " + answer, last);
    }
}
