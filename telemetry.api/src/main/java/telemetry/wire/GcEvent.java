package telemetry.wire;

import org.osgi.annotation.versioning.ConsumerType;

/** The values of one gc_event record (kind 9): one collector pause, as {@link RecordWriter#gcEvent} reads them. */
@ConsumerType
public interface GcEvent {

    /** Field 320: epoch seconds when the pause started. */
    double startStamp();

    /** Field 321: seconds the pause lasted. */
    double duration();

    /** Field 322: pause class 0 young, 1 mixed/concurrent, 2 full. */
    long generation();

    /** Field 323: bytes reclaimed by the pause. */
    long collected();

    /** Field 324: 0 on a JVM. */
    default long uncollectable() {
        return 0;
    }
}
