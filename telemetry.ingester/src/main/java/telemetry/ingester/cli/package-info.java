/** The subcommands (serve, dump, simulate, top) as picocli commands, with converters that check every value: bad input exits 2 with one line naming the option and what is accepted. */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.cli;
