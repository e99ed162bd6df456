/** The Prometheus exposition of {@code GET /metrics}: the read model as Prometheus client snapshots, written by the client's text or OpenMetrics writer. */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.metrics;
