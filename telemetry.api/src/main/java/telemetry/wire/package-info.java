/**
 * The telemetry wire format, version 1: byte-compatible with the datagrams of Apache mod_wsgi 6's
 * {@code WSGITelemetryService} and read by its {@code mod_wsgi-telemetry} ingester.
 *
 * <p>A datagram is a 24-byte header ({@code WSGI}, version, {@link telemetry.wire.Kind kind}, flags,
 * pid, seq, stamp) followed by TLV {@link telemetry.wire.Field fields}, all little-endian.
 * {@link telemetry.wire.WireEncoder} writes one into a caller-owned buffer without allocating;
 * {@link telemetry.wire.WireDecoder} reads one strictly, failing with a single checked
 * {@link telemetry.wire.MalformedDatagramException}. {@link telemetry.wire.LatencyBuckets} is the
 * 65-bucket latency histogram shared by both sides.
 *
 * <p>{@link telemetry.wire.RecordWriter} owns the field order of every record a sender writes (the
 * periodic sample, slow requests, lifecycle, gc_snapshot and gc_event). A sender implements the small
 * value interfaces it reads ({@link telemetry.wire.ProcessIdentity}, {@link telemetry.wire.PeriodicSample},
 * {@link telemetry.wire.SlowRequest}, {@link telemetry.wire.GcSnapshot}, {@link telemetry.wire.GcEvent})
 * over whatever it holds and never calls the encoder field by field. A Java record whose components
 * carry the getters' names implements an interface without further code, e.g.
 * {@code record Identity(long pid, String modWsgiVersion, ..., long processParentPid) implements ProcessIdentity {}}.
 */
@Export
@Version("2.0.0")
package telemetry.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
