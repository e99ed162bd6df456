/** The framework-wide runtime: configuration state, the reporter's life cycle, the in-process accessor, status. Private to the bundle. */
@Version("1.0.0")
package telemetry.reporter.internal.runtime;

import org.osgi.annotation.versioning.Version;
