/**
 * Test support installed into the frameworks under test: a UNIX datagram receiver that stands in
 * for the ingester and decodes every datagram with {@code telemetry.wire}.
 */
@Export
@Version("1.0.0")
package telemetry.itest.receiver;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
