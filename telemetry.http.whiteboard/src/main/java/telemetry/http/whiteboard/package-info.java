/**
 * The DS component that reads PID {@code telemetry.http.whiteboard}, holds the recorder reference
 * and registers a preprocessor with each HTTP whiteboard whose API the framework wired to the
 * bundle. Private to the bundle.
 */
@Version("1.0.0")
package telemetry.http.whiteboard;

import org.osgi.annotation.versioning.Version;
