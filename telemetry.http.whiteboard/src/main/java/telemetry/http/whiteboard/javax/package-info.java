/**
 * The adapter for the javax HTTP Whiteboard (OSGi R7: Felix HTTP Jetty, Pax Web 8): a
 * {@code Preprocessor}, the request and response wrappers and the counting servlet streams over
 * the capture core. Loaded only when the framework wired {@code javax.servlet} and
 * {@code org.osgi.service.http.whiteboard} to this bundle. Private to the bundle.
 *
 * <p>The single source of both adapters: the build generates the Jakarta adapter
 * ({@code telemetry.http.whiteboard.jakarta}) from these classes by renaming the servlet namespace
 * (module README, "One source, two namespaces"). Write only what compiles against both Servlet 3.1
 * and Servlet 6.
 */
@Version("1.0.0")
package telemetry.http.whiteboard.javax;

import org.osgi.annotation.versioning.Version;
