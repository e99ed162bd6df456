/**
 * Test support shared by every module's tests, and installed as a bundle into the frameworks under
 * test: a UNIX datagram receiver that stands in for the ingester and decodes every datagram with
 * {@code telemetry.wire}, and datagrams built with the real encoder and matched or summed once
 * received. Tests wait with deadlines: Awaitility outside OSGi, {@code Await} in the probes.
 */
@Export
@Version("1.0.0")
package telemetry.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
