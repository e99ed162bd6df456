/** The subcommands (serve, dump, simulate, top) and their strict option parsing: bad input exits 2 with one line naming the option and what is accepted. */
@org.osgi.annotation.versioning.Version("1.0.0")
package telemetry.ingester.cli;
