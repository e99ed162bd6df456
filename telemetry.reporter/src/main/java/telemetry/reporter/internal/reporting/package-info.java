/** The reporter thread and the encoders of the records it sends. Private to the bundle. */
@Version("1.0.0")
package telemetry.reporter.internal.reporting;

import org.osgi.annotation.versioning.Version;
