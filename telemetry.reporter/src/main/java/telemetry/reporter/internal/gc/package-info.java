/**
 * The JVM's garbage-collection pauses for the gc_snapshot and gc_event records: heard from the
 * platform's GC notifications, classified by {@link telemetry.reporter.internal.gc.PauseClass}.
 */
@Version("1.0.0")
package telemetry.reporter.internal.gc;

import org.osgi.annotation.versioning.Version;
