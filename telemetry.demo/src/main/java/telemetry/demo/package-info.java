/**
 * A small web application that gives the telemetry something realistic to measure: fast, slow,
 * failing, asynchronous, upload and download endpoints under {@code /demo}, plus an optional
 * traffic generator (PID {@code telemetry.demo.traffic}) that calls them. Private: nothing exported.
 */
@Version("1.0.0")
package telemetry.demo;

import org.osgi.annotation.versioning.Version;
