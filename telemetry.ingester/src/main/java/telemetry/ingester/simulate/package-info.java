/** Realistic simulated reporters for demos and load tests, and a non-blocking datagram sender that retries briefly on a full queue. */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.simulate;
