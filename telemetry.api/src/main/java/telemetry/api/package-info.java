/**
 * In-process pull API for request telemetry, the OSGi counterpart of mod_wsgi's
 * {@code request_metrics()} and {@code process_metrics()}.
 *
 * <p>Look up the {@link telemetry.api.MetricsAccessor} service, call
 * {@link telemetry.api.MetricsAccessor#startRecordingMetrics()} once, then poll. Both methods answer
 * {@code null} while the external reporter is configured, so that an in-bundle reporter stands down.
 */
@Export
@Version("1.0.0")
package telemetry.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
