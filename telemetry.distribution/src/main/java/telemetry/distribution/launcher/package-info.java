/**
 * Launcher-side support of the Felix assembly (not a bundle): stops the framework on JVM exit and
 * prints Log Service warnings and errors on the console.
 */
package telemetry.distribution.launcher;
