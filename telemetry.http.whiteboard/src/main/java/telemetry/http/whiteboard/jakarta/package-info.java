/**
 * The adapter for the Jakarta Servlet Whiteboard (OSGi R8.1: Felix HTTP Jetty12): a
 * {@code Preprocessor}, the request and response wrappers and the counting servlet streams over
 * the capture core, mirroring the javax adapter. Loaded only when the framework wired
 * {@code jakarta.servlet} and {@code org.osgi.service.servlet.whiteboard} to this bundle. Private to
 * the bundle.
 */
@Version("1.0.0")
package telemetry.http.whiteboard.jakarta;

import org.osgi.annotation.versioning.Version;
