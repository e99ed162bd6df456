/**
 * The adapter for the Jakarta Servlet Whiteboard (OSGi R8.1: Felix HTTP Jetty12): a
 * {@code Preprocessor}, the request and response wrappers and the counting servlet streams over
 * the capture core. Its classes are not written here: the build generates them from the javax
 * adapter ({@code telemetry.http.whiteboard.javax}) into {@code target/generated-sources/jakarta}
 * by renaming the servlet namespace (module README, "One source, two namespaces"), so both
 * adapters run the same code. Loaded only when the framework wired {@code jakarta.servlet} and
 * {@code org.osgi.service.servlet.whiteboard} to this bundle. Private to the bundle.
 */
@Version("1.0.0")
package telemetry.http.whiteboard.jakarta;

import org.osgi.annotation.versioning.Version;
