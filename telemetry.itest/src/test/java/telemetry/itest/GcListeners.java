package telemetry.itest;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many notification listeners each of this JVM's collector beans holds. The JDK keeps them in
 * a private list of {@code sun.management.NotificationEmitterSupport}; reading it needs
 * {@code --add-opens java.management/sun.management=ALL-UNNAMED} (set for the Felix runs in the pom).
 */
final class GcListeners {

    private GcListeners() {}

    static Map<String, Integer> count() throws IllegalAccessException {
        Map<String, Integer> counts = new TreeMap<>();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            counts.put(bean.getName(), listeners(bean));
        }
        return counts;
    }

    /** {@code counts} with {@code n} more listeners on every collector. */
    static Map<String, Integer> plus(Map<String, Integer> counts, int n) {
        Map<String, Integer> more = new TreeMap<>(counts);
        more.replaceAll((name, c) -> c + n);
        return more;
    }

    private static int listeners(Object bean) throws IllegalAccessException {
        for (Class<?> c = bean.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field list = c.getDeclaredField("listenerList");
                list.setAccessible(true);
                return ((List<?>) list.get(bean)).size();
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        throw new AssertionError("no listener list in " + bean.getClass().getName());
    }
}
