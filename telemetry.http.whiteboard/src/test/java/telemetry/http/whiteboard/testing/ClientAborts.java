package telemetry.http.whiteboard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Responses cut off mid-way, from both ends: the scenario servlets' side writes until the client is
 * gone, counting what the application wrote; the client's side is a raw HTTP/1.1 exchange (a
 * regular client neither resets a connection mid-response nor hands back a cut-off one).
 */
public final class ClientAborts {

    /** More than the response buffer of Jetty 9.4 and 12 (32 KB): each write goes to the socket, so a write fails. */
    private static final int CHUNK = 64 * 1024;

    private static final int MAX_CHUNKS = 4096; // 256 MB: a client that never goes away still ends the request
    private static final LongAdder WRITTEN = new LongAdder();

    private ClientAborts() {}

    /**
     * Writes chunk after chunk, each larger than the container's response buffer, until a write
     * fails because the client is gone; counts the bytes of every write that returned (what the
     * preprocessor must count as written, and not the failed one).
     *
     * @throws IOException the failed write
     */
    public static void writeUntilTheClientIsGone(OutputStream out) throws IOException {
        byte[] chunk = new byte[CHUNK];
        for (int i = 0; i < MAX_CHUNKS; i++) {
            out.write(chunk);
            WRITTEN.add(CHUNK);
        }
    }

    /** Bytes of the writes that returned in {@link #writeUntilTheClientIsGone} since the last reset. */
    public static long written() {
        return WRITTEN.sum();
    }

    public static void reset() {
        WRITTEN.reset();
    }

    /**
     * GETs {@code path}, reads the response head and one byte of the body, then resets the
     * connection (RST): a client that goes away mid-response.
     *
     * @return the status the client saw
     */
    public static int getAndAbortMidResponse(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            send(socket, port, path, "");
            InputStream in = socket.getInputStream();
            int status = status(readHead(in));
            if (in.read() < 0) {
                throw new AssertionError(path + ": the connection ended before any of the body");
            }
            socket.setSoLinger(true, 0);
            return status;
        }
    }

    /**
     * GETs {@code path} with {@code Connection: close} and reads until the server ends or breaks the
     * connection.
     *
     * @return the status the client saw and everything after the head
     */
    public static Answer getUntilClosed(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            send(socket, port, path, "Connection: close\r\n");
            InputStream in = socket.getInputStream();
            int status = status(readHead(in));
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            try {
                in.transferTo(rest);
            } catch (IOException reset) {
                // the server may end a broken response with a reset: what arrived before is the answer
            }
            return new Answer(status, rest.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /** What a raw client saw: the status and the bytes after the head, as sent (chunked framing included). */
    public record Answer(int status, String rest) {}

    private static void send(Socket socket, int port, String path, String headers) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the connection ended inside the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static int status(String head) {
        // "HTTP/1.1 200 OK"
        return Integer.parseInt(head.substring(9, 12));
    }
}
