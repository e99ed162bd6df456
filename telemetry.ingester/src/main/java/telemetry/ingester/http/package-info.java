/** Jetty front end: Host/Origin guard, optional root path, /api/state, /api/history, /metrics, POST /api/slow/clear and the /ws live stream, all rendered from the read model off the store thread. */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.http;
