/** The bounded in-memory store: processes, windows (10 s, 1 min, 10 min), slow requests, lifecycle events, counters. One writer, readers under the store's monitor. */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.store;
