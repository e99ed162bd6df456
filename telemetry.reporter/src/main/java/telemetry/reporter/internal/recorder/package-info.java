/** The recorder: per-slot interval accumulators swapped by one reader (HdrHistogram's writer/reader phaser, per slot). Private to the bundle. */
@Version("1.0.0")
package telemetry.reporter.internal.recorder;

import org.osgi.annotation.versioning.Version;
