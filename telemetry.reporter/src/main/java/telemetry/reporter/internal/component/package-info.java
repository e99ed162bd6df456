/** Declarative Services shells over the runtime; no logic of their own. Private to the bundle. */
@Version("1.0.0")
package telemetry.reporter.internal.component;

import org.osgi.annotation.versioning.Version;
