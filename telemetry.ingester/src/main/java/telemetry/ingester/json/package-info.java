/** JSON in and out: an escaping writer, the state/update documents, the datagram form of the test vectors, and a small reader for top. */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.json;
