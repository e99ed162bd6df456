/**
 * The recording SPI between an HTTP integration (the whiteboard preprocessor) and the recorder
 * (the reporter bundle). One {@link telemetry.api.recording.RequestRecorder#begin begin} and one
 * {@link telemetry.api.recording.RequestRecording#end end} per request, phase marks in between;
 * nothing in the interfaces requires an allocation.
 */
@Export
@Version("1.1.0")
package telemetry.api.recording;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
