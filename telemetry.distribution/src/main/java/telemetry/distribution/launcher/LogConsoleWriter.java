package telemetry.distribution.launcher;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Instant;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Prints the OSGi Log Service entries at WARNING and above (configurable) on standard error, so
 * that the assembly's operator sees a rejected {@code telemetry.reporter} configuration, a
 * component that failed to activate, and the like. The Felix Log Service only keeps entries in
 * memory.
 *
 * <p>Runs on the launcher's class path, where the Log Service API is not visible (it comes with
 * a bundle): the listener is a proxy of the {@code LogListener} interface as the Log Service
 * bundle's class loader sees it, and entries are read reflectively. Framework property
 * {@value #LEVEL_PROPERTY}: {@code error}, {@code warn} (default), {@code info}, {@code debug} or
 * {@code off}. One line per entry, an exception as its {@code toString()}; stack traces at
 * {@code debug}.
 *
 * <p>Why not a small bundle with a DS component and a {@code @Reference} to the
 * {@code LogReaderService}, which would need no reflection: it could not print the same lines from
 * the same moment on. This listener is added when the Log Service registers, before SCR and every
 * DS bundle start, and it stays until the Log Service goes, after them. A component only activates
 * once SCR runs and has processed its bundle. It could replay what it missed with
 * {@code LogReaderService.getLog()}, but Felix Log keeps only the last 100 entries
 * ({@code org.apache.felix.log.maxSize}) and no debug entries ({@code org.apache.felix.log.storeDebug}),
 * and the bundle and service events of a starting framework can fill that history. On the way down it
 * would have to stop after every bundle it reports on (the reporter warns while it drains and sends
 * PROCESS_STOPPED), which only the bundle order could arrange. And it would print nothing when SCR
 * itself fails, the case an operator most needs to see.
 */
final class LogConsoleWriter extends ServiceTracker<Object, Object> {

    static final String LEVEL_PROPERTY = "telemetry.launcher.log.level";
    private static final String READER = "org.osgi.service.log.LogReaderService";
    private static final String LISTENER = "org.osgi.service.log.LogListener";
    private static final String ENTRY = "org.osgi.service.log.LogEntry";

    private static final int DEBUG = 4;

    private final int threshold;
    private final PrintStream out;

    private LogConsoleWriter(BundleContext context, int threshold, PrintStream out) {
        super(context, READER, null);
        this.threshold = threshold;
        this.out = out;
    }

    /** Starts writing, or answers {@code null} when the level is {@code off}. */
    static LogConsoleWriter start(BundleContext context) {
        String level = context.getProperty(LEVEL_PROPERTY);
        int threshold = threshold(level == null ? "warn" : level.trim().toLowerCase());
        if (threshold < 0) {
            return null;
        }
        LogConsoleWriter writer = new LogConsoleWriter(context, threshold, System.err);
        writer.open();
        return writer;
    }

    /** The highest classic log level printed (1 error … 4 debug), or -1 for off. */
    private static int threshold(String level) {
        switch (level) {
            case "off":
                return -1;
            case "error":
                return 1;
            case "info":
                return 3;
            case "debug":
                return 4;
            case "warn":
            case "warning":
                return 2;
            default:
                System.err.println("telemetry: " + LEVEL_PROPERTY + " must be error, warn, info, debug or off, got '"
                        + level + "'; using warn");
                return 2;
        }
    }

    @Override
    public Object addingService(ServiceReference<Object> reference) {
        Object reader = context.getService(reference);
        if (reader == null) {
            return null;
        }
        try {
            // The API types as the Log Service bundle sees them: public methods are called through them.
            ClassLoader api = reader.getClass().getClassLoader();
            Class<?> readerType = api.loadClass(READER);
            Class<?> listenerType = api.loadClass(LISTENER);
            Class<?> entryType = api.loadClass(ENTRY);
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().equals("logged") && args != null && args.length == 1) {
                    print(entryType, args[0]);
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "telemetry console log writer";
                    default -> null;
                };
            };
            Object listener =
                    Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType}, handler);
            readerType.getMethod("addLogListener", listenerType).invoke(reader, listener);
            return new Object[] {reader, listener, readerType, listenerType};
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("telemetry: cannot print log entries on the console: " + e);
            context.ungetService(reference);
            return null;
        }
    }

    @Override
    public void removedService(ServiceReference<Object> reference, Object service) {
        Object[] registration = (Object[]) service;
        try {
            ((Class<?>) registration[2])
                    .getMethod("removeLogListener", (Class<?>) registration[3])
                    .invoke(registration[0], registration[1]);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the Log Service is going away with its listeners
        }
        context.ungetService(reference);
    }

    private void print(Class<?> entryType, Object entry) {
        try {
            int level = (Integer) invoke(entryType, entry, "getLevel");
            if (level > threshold) {
                return;
            }
            long time = (Long) invoke(entryType, entry, "getTime");
            Bundle bundle = (Bundle) invoke(entryType, entry, "getBundle");
            Throwable exception = (Throwable) invoke(entryType, entry, "getException");
            String name = switch (level) {
                case 1 -> "ERROR";
                case 2 -> "WARN ";
                case 3 -> "INFO ";
                default -> "DEBUG";
            };
            StringBuilder line = new StringBuilder()
                    .append(Instant.ofEpochMilli(time))
                    .append(' ')
                    .append(name)
                    .append(" [")
                    .append(bundle == null ? "?" : bundle.getSymbolicName())
                    .append("] ")
                    .append(invoke(entryType, entry, "getMessage"));
            // One line per entry (the demo's failing endpoint alone would flood the console with
            // stack traces); the traces at threshold debug.
            if (exception != null && threshold < DEBUG) {
                line.append(" (").append(exception).append(')');
            }
            synchronized (out) {
                out.println(line);
                if (exception != null && threshold >= DEBUG) {
                    exception.printStackTrace(out);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a log entry we cannot read is not worth failing the logger for
        }
    }

    private static Object invoke(Class<?> entryType, Object entry, String method) throws ReflectiveOperationException {
        return entryType.getMethod(method).invoke(entry);
    }
}
