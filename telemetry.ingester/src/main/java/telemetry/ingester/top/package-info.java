/**
 * {@code top}, the terminal monitor: {@link telemetry.ingester.top.LiveModel} keeps what the
 * ingester's WebSocket said and hands out immutable {@link telemetry.ingester.top.TopState}s;
 * {@link telemetry.ingester.top.Renderer} turns a state and the {@link telemetry.ingester.top.ViewState}
 * into screen lines (no terminal needed); {@link telemetry.ingester.top.TopScreen} is the thin
 * JLine layer (raw mode, key map, diff-based redraw, terminal restored on every way out).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.top;
