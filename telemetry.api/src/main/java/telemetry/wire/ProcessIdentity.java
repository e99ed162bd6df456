package telemetry.wire;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Who sends a record: the header's pid and the identity fields 1–7 (wire-format.md, "1–9
 * identity"). {@link RecordWriter} reads it for every record; an implementation may change the
 * group between records (a reconfigured reporter) as long as it is not changed during a write.
 */
@ConsumerType
public interface ProcessIdentity {

    /** Process id of the sender (header, and {@code slow_server_pid}). */
    long pid();

    /** Field 1: the reporter's version, e.g. {@code 1.0.0}. */
    String modWsgiVersion();

    /** Field 2: the runtime's version (for a JVM, {@code java.version}). */
    String pythonVersion();

    /** Field 3: the server (for OSGi, framework vendor/version, e.g. {@code Apache Felix/7.0.5}). */
    String apacheVersion();

    /** Field 4: the HTTP runtime, e.g. {@code jetty}, else {@code osgi}. */
    String mpmName();

    /** Field 5: the machine's host name. */
    String hostname();

    /** Field 6: the configured process group. */
    String processGroup();

    /** Field 7: the parent process id, 0 if unknown. */
    long processParentPid();
}
