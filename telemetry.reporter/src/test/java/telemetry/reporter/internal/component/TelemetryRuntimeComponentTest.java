package telemetry.reporter.internal.component;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import telemetry.api.recording.RequestRecorder;

class TelemetryRuntimeComponentTest {

    /**
     * The component is the {@link RequestRecorder} service every preprocessor calls; a method it
     * leaves to an interface default answers for no recorder at all (the default
     * {@code slowThresholdNanos} of 0 once made every request read the thread CPU clock).
     */
    @Test
    void delegatesEveryRecorderMethodRatherThanInheritingADefault() {
        List<String> inherited = Arrays.stream(RequestRecorder.class.getMethods())
                .filter(m -> !isDeclaredByComponent(m))
                .map(Method::getName)
                .collect(Collectors.toList());
        assertEquals(List.of(), inherited, "RequestRecorder methods the component does not implement itself");
    }

    private static boolean isDeclaredByComponent(Method m) {
        try {
            return TelemetryRuntimeComponent.class
                            .getMethod(m.getName(), m.getParameterTypes())
                            .getDeclaringClass()
                    == TelemetryRuntimeComponent.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
