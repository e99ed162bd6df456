/**
 * The read model: an immutable, typed picture of the store at one moment ({@link telemetry.ingester.model.StateView}),
 * published by the store's single writer through a volatile reference. Every view (JSON for /api/state and /ws,
 * Prometheus, top) renders from it without a lock. Arrays inside are copies owned by the view: never modified.
 *
 * <p>GC data (kinds 8/9, fields 300–324) sits where the request data of the same scope sits: each
 * {@link telemetry.ingester.model.WindowView} of a process or group carries its {@link telemetry.ingester.model.GcWindowView}
 * ({@code gc}), a process its {@link telemetry.ingester.model.GcProcessView}, a slow request the
 * {@link telemetry.ingester.model.GcOverlap} of its process's pauses ({@code gcPauses}), a group's lifetime totals
 * their {@link telemetry.ingester.model.GcTotalsView}s, and a process's history its pauses.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.model;
