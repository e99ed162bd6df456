/** The UNIX datagram socket: safe binding ({@link telemetry.ingester.socket.UnixSocketBinder}), the receive thread and its queue, which grows with the load up to a bound. */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.socket;
