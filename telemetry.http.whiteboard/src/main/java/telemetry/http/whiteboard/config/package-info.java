/**
 * The configuration of PID {@code telemetry.http.whiteboard}: its strict parsing and the rejection
 * that names the property, the value and what is accepted, and the settings it yields for the
 * per-request capture (trusted proxies and the {@code X-Forwarded-For} walk, the request-id header
 * and its sanitising, the CPU measurement). Independent of the servlet API. Private to the bundle.
 */
@Version("1.0.0")
package telemetry.http.whiteboard.config;

import org.osgi.annotation.versioning.Version;
