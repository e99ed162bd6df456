/** JSON out, with Jackson's streaming generator (HTML-safe escapes): the state, update and history documents rendered from the read model, and the datagram form of the test vectors. */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.json;
