/** Jetty front end: Host/Origin guard, /api/state, /api/history, /metrics (Prometheus), POST /api/slow/clear and the /ws live stream. */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.http;
