package telemetry.http.whiteboard.capture;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * Finds when the HTTP server began a request, through the server's own public API, so that
 * server_time starts there rather than at the preprocessor:
 * <ul>
 * <li>Jetty 12 ee10 (Felix HTTP Jetty12): {@code ServletApiRequest#getRequest()} then
 * {@code org.eclipse.jetty.server.Request#getBeginNanoTime()}, already on the {@code nanoTime} scale;</li>
 * <li>Jetty 9.4 (Felix HTTP Jetty 4.x, Pax Web 8): {@code org.eclipse.jetty.server.Request#getTimeStamp()},
 * epoch milliseconds, converted by {@link EpochMillisClock} (millisecond resolution).</li>
 * </ul>
 * Any other request class gives {@code nowNanos} (server_time then starts at the preprocessor).
 *
 * <p>Why method handles rather than imports: the two Jetty generations share the package
 * {@code org.eclipse.jetty.server}, which one bundle can import in one version range only. The
 * handles are looked up once per request class (a whiteboard hands preprocessors one class) and
 * only on classes from {@code org.eclipse.jetty}.
 *
 * <p>Thread-safe: the lookup result is an immutable probe swapped through a volatile field.
 */
public final class ServerStartProbe {

    private static final String JETTY = "org.eclipse.jetty.";
    private static final MethodType READ = MethodType.methodType(long.class, Object.class);

    private final EpochMillisClock epochClock = new EpochMillisClock();
    private volatile Probe probe = Probe.none(Void.class);

    /**
     * The {@link System#nanoTime()} at which the server began the request, never after
     * {@code nowNanos}; {@code nowNanos} when the server does not say.
     *
     * @param request the container's own request object (unwrapped)
     */
    public long serverStartNanos(Object request, long nowNanos) {
        Class<?> type = request.getClass();
        Probe current = probe;
        if (current.type != type) {
            current = Probe.of(type);
            probe = current;
        }
        if (current.handle == null) {
            return nowNanos;
        }
        long stamp;
        try {
            stamp = (long) current.handle.invokeExact(request);
        } catch (Throwable failure) {
            if (failure instanceof VirtualMachineError) {
                throw (VirtualMachineError) failure;
            }
            Faults.record("reading the server's request start", failure);
            return nowNanos;
        }
        if (current.epochMillis) {
            return epochClock.toNanoTime(stamp, nowNanos);
        }
        return stamp - nowNanos > 0 ? nowNanos : stamp;
    }

    /** Where the start of the last request class probed comes from, for logs and tests. */
    public String source() {
        return probe.source;
    }

    private static final class Probe {
        final Class<?> type;
        final MethodHandle handle;
        final boolean epochMillis;
        final String source;

        private Probe(Class<?> type, MethodHandle handle, boolean epochMillis, String source) {
            this.type = type;
            this.handle = handle;
            this.epochMillis = epochMillis;
            this.source = source;
        }

        static Probe none(Class<?> type) {
            return new Probe(type, null, false, "preprocessor");
        }

        static Probe of(Class<?> type) {
            if (!type.getName().startsWith(JETTY)) {
                return none(type);
            }
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            try {
                Method getRequest = publicMethod(type, "getRequest");
                if (getRequest != null) {
                    Method begin = publicMethod(getRequest.getReturnType(), "getBeginNanoTime");
                    if (begin != null && begin.getReturnType() == long.class) {
                        MethodHandle handle =
                                MethodHandles.filterReturnValue(lookup.unreflect(getRequest), lookup.unreflect(begin));
                        return new Probe(
                                type, handle.asType(READ), false, type.getName() + "#getRequest().getBeginNanoTime()");
                    }
                }
                Method timeStamp = publicMethod(type, "getTimeStamp");
                if (timeStamp != null && timeStamp.getReturnType() == long.class) {
                    return new Probe(
                            type, lookup.unreflect(timeStamp).asType(READ), true, type.getName() + "#getTimeStamp()");
                }
            } catch (IllegalAccessException | RuntimeException e) {
                Faults.record("looking up the server's request start on " + type.getName(), e);
            }
            return none(type);
        }

        private static Method publicMethod(Class<?> type, String name) {
            try {
                Method method = type.getMethod(name);
                return method.getParameterCount() == 0 ? method : null;
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    }
}
