/**
 * The servlet-API-independent capture core shared by the javax and the Jakarta adapters: the
 * recorder holder and its guarded calls, the settings of PID {@code telemetry.http.whiteboard}
 * and their validation, trusted-proxy and request-id rules, and the counting reader and writer.
 * Private to the bundle.
 */
@Version("1.0.0")
package telemetry.http.whiteboard.capture;

import org.osgi.annotation.versioning.Version;
