/** The ingester application: {@link telemetry.ingester.Main} (CLI entry point) and {@link telemetry.ingester.Ingester} (socket, receive thread, store, HTTP). Not an OSGi bundle; packages are internal. */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester;
