/** Parsing and validation of the {@code telemetry.reporter} configuration: plain objects, no OSGi. Private to the bundle. */
@Version("1.0.0")
package telemetry.reporter.internal.config;

import org.osgi.annotation.versioning.Version;
