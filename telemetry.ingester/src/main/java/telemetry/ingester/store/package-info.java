/**
 * The bounded in-memory store: processes, windows (10 s, 1 min, 10 min), slow requests, lifecycle events, counters.
 * One thread owns it ({@link telemetry.ingester.store.StoreThread}); no lock. Other threads read the immutable views it
 * publishes ({@link telemetry.ingester.store.StoreAccess}).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.store;
