package telemetry.reporter.internal.reporting;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads this process's CPU times from {@code /proc/self/stat} and its resident set size from
 * {@code /proc/self/status} ({@code VmRSS}, {@code VmHWM}). The files stay open and are re-read
 * with a positional read into one reused buffer, so a reading allocates nothing. Where {@code /proc}
 * is missing (not Linux) every figure stays 0.
 *
 * <p>Not thread-safe: one probe per reading thread.
 */
public final class ProcessProbe implements Closeable {

    /** {@code USER_HZ}: the unit of the CPU times in {@code /proc/self/stat}, 100 on every Linux ABI. */
    static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private final FileChannel stat;
    private final FileChannel status;
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);

    private double cpuUserSeconds;
    private double cpuSystemSeconds;
    private long rssBytes;
    private long maxRssBytes;

    public ProcessProbe() {
        this(Path.of("/proc/self/stat"), Path.of("/proc/self/status"));
    }

    ProcessProbe(Path statFile, Path statusFile) {
        stat = open(statFile);
        status = open(statusFile);
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** Takes a new reading; figures that cannot be read keep their previous value. */
    public void read() {
        if (stat != null && fill(stat)) {
            parseStat();
        }
        if (status != null && fill(status)) {
            rssBytes = kilobytes("VmRSS:", rssBytes);
            maxRssBytes = kilobytes("VmHWM:", maxRssBytes);
        }
    }

    private boolean fill(FileChannel file) {
        buffer.clear();
        try {
            int n;
            long position = 0;
            while ((n = file.read(buffer, position)) > 0 && buffer.hasRemaining()) {
                position += n;
            }
            return buffer.position() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fields 14 and 15 (utime, stime) counted after the parenthesised command name. */
    private void parseStat() {
        byte[] b = buffer.array();
        int end = buffer.position();
        int i = end - 1;
        while (i >= 0 && b[i] != ')') {
            i--;
        }
        if (i < 0) {
            return;
        }
        int field = 2;
        long utime = -1;
        long stime = -1;
        for (i++; i < end && stime < 0; ) {
            while (i < end && b[i] == ' ') {
                i++;
            }
            field++;
            long v = 0;
            boolean digits = false;
            while (i < end && b[i] != ' ') {
                if (b[i] >= '0' && b[i] <= '9') {
                    v = v * 10 + (b[i] - '0');
                    digits = true;
                }
                i++;
            }
            if (field == 14 && digits) {
                utime = v;
            } else if (field == 15 && digits) {
                stime = v;
            }
        }
        if (utime >= 0 && stime >= 0) {
            cpuUserSeconds = utime / CLOCK_TICKS_PER_SECOND;
            cpuSystemSeconds = stime / CLOCK_TICKS_PER_SECOND;
        }
    }

    /** The kB value of the line starting with {@code key}, in bytes; {@code previous} if absent. */
    private long kilobytes(String key, long previous) {
        byte[] b = buffer.array();
        int end = buffer.position();
        outer:
        for (int line = 0; line < end; ) {
            for (int k = 0; k < key.length(); k++) {
                if (line + k >= end || b[line + k] != key.charAt(k)) {
                    while (line < end && b[line] != '\n') {
                        line++;
                    }
                    line++;
                    continue outer;
                }
            }
            long v = 0;
            for (int i = line + key.length(); i < end && b[i] != '\n'; i++) {
                if (b[i] >= '0' && b[i] <= '9') {
                    v = v * 10 + (b[i] - '0');
                }
            }
            return v * 1024;
        }
        return previous;
    }

    /** Process user CPU seconds since the JVM started. */
    public double cpuUserSeconds() {
        return cpuUserSeconds;
    }

    public double cpuSystemSeconds() {
        return cpuSystemSeconds;
    }

    public long rssBytes() {
        return rssBytes;
    }

    public long maxRssBytes() {
        return maxRssBytes;
    }

    @Override
    public void close() {
        for (FileChannel c : new FileChannel[] {stat, status}) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // read-only file: nothing to flush
                }
            }
        }
    }
}
