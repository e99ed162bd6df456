/**
 * The servlet-API-independent capture core shared by the javax and the Jakarta adapters: the
 * recorder holder and its guarded calls, the CPU clock readings, the server start probe, and the
 * counting reader and writer. Private to the bundle.
 */
@Version("1.0.0")
package telemetry.http.whiteboard.capture;

import org.osgi.annotation.versioning.Version;
