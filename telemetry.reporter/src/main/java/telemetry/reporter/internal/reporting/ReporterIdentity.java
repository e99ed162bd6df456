package telemetry.reporter.internal.reporting;

/**
 * Who is reporting: the identity fields 1–7 of every STARTED and periodic record, and the pid of
 * every header.
 *
 * @param pid this JVM's process id
 * @param reporterVersion the reporter bundle's version, e.g. {@code 1.0.0} (field 1)
 * @param javaVersion e.g. {@code 17.0.15} (field 2)
 * @param framework OSGi framework name and version, e.g. {@code Apache Felix/7.0.5} (field 3)
 * @param httpRuntime the HTTP runtime when known, e.g. {@code jetty}, else {@code osgi} (field 4)
 * @param hostname this machine's name (field 5)
 * @param parentPid the JVM's parent process id, 0 if unknown (field 7)
 */
public record ReporterIdentity(
        long pid,
        String reporterVersion,
        String javaVersion,
        String framework,
        String httpRuntime,
        String hostname,
        long parentPid) {

    /** This process, with the given bundle and framework descriptions. */
    public static ReporterIdentity current(String reporterVersion, String framework, String httpRuntime) {
        ProcessHandle self = ProcessHandle.current();
        return new ReporterIdentity(
                self.pid(),
                reporterVersion,
                System.getProperty("java.version", ""),
                framework,
                httpRuntime,
                localHostname(),
                self.parent().map(ProcessHandle::pid).orElse(0L));
    }

    /** The kernel's host name (no DNS lookup), else {@code HOSTNAME}, else the resolver's answer. */
    static String localHostname() {
        try {
            String name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname"))
                    .trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: try the next source
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
