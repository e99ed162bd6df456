/** The UNIX datagram transport (junixsocket): unconnected, non-blocking {@code sendto}, drops counted. Private to the bundle. */
@Version("1.0.0")
package telemetry.reporter.internal.transport;

import org.osgi.annotation.versioning.Version;
