/**
 * The read model: an immutable, typed picture of the store at one moment ({@link telemetry.ingester.model.StateView}),
 * published by the store's single writer through a volatile reference. Every view (JSON for /api/state and /ws,
 * Prometheus, top) renders from it without a lock. Arrays inside are copies owned by the view: never modified.
 *
 * <p>Room for GC data (kinds 8/9, fields 300–324): per-process GC windows belong beside
 * {@link telemetry.ingester.model.ProcessView#windows()} (a {@code gcWindows} component built the same way), and
 * the GC pauses that overlapped a slow request in {@link telemetry.ingester.model.SlowView} (a {@code gcPauses}
 * component).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.model;
