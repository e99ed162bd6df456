package telemetry.http.whiteboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WhiteboardConfigurationTest {

    @Test
    void noPropertiesGiveTheDefaults() {
        WhiteboardConfiguration configuration = WhiteboardConfiguration.parse(Map.of());
        assertEquals(Optional.empty(), configuration.target());
        assertEquals("X-Request-ID", configuration.settings().requestIdHeader());
        assertEquals(CpuCapture.SLOW, configuration.settings().cpu());
        assertTrue(configuration.settings().trustedProxies().isEmpty());
    }

    @Test
    void theDefaultsDsPutsInFromTheComponentPropertyTypeAreAccepted() {
        WhiteboardConfiguration configuration = WhiteboardConfiguration.parse(Map.of(
                "osgi.http.whiteboard.target",
                "",
                "trusted.proxies",
                new String[0],
                "request.id.header",
                "X-Request-ID",
                "request.cpu",
                "slow"));
        assertEquals(WhiteboardConfiguration.parse(Map.of()), configuration);
    }

    @Test
    void requestCpuTakesSlowExactOffAndTheFirstReleasesBooleans() {
        assertEquals(CpuCapture.SLOW, cpu(" Slow "));
        assertEquals(CpuCapture.EXACT, cpu("exact"));
        assertEquals(CpuCapture.OFF, cpu("OFF"));
        assertEquals(CpuCapture.EXACT, cpu("true"), "true meant two clock reads around every request");
        assertEquals(CpuCapture.EXACT, cpu(Boolean.TRUE));
        assertEquals(CpuCapture.OFF, cpu("false"));
        assertEquals(CpuCapture.OFF, cpu(Boolean.FALSE));
    }

    private static CpuCapture cpu(Object value) {
        return WhiteboardConfiguration.parse(Map.of("request.cpu", value))
                .settings()
                .cpu();
    }

    @Test
    void cfgFileValuesAreRead() {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("osgi.http.whiteboard.target", " (osgi.http.whiteboard.name=default) ");
        cfg.put("trusted.proxies", "10.0.0.0/8, ::1");
        cfg.put("request.id.header", "X-Correlation-ID");
        cfg.put("request.cpu", "FALSE");
        WhiteboardConfiguration configuration = WhiteboardConfiguration.parse(cfg);
        assertEquals(Optional.of("(osgi.http.whiteboard.name=default)"), configuration.target());
        assertEquals("X-Correlation-ID", configuration.settings().requestIdHeader());
        assertEquals(CpuCapture.OFF, configuration.settings().cpu());
        assertTrue(configuration.settings().trustedProxies().isTrusted("10.9.9.9"));
        assertTrue(configuration.settings().trustedProxies().isTrusted("::1"));

        assertTrue(WhiteboardConfiguration.parse(Map.of("trusted.proxies", List.of("10.0.0.0/8", "192.0.2.1")))
                .settings()
                .trustedProxies()
                .isTrusted("192.0.2.1"));
    }

    @Test
    void badValuesAreRejectedNamingPropertyValueAndRule() {
        assertRejected("osgi.http.whiteboard.target", "(osgi.http.whiteboard.name=default", "an LDAP filter");
        assertRejected("osgi.http.whiteboard.target", 42, "a single LDAP filter string");
        assertRejected("request.id.header", "X Request", "a request header name");
        assertRejected("request.id.header", "", "a request header name");
        assertRejected("request.id.header", "X-" + "a".repeat(70), "1 to 64 characters");
        assertRejected("request.cpu", "yes", "slow (the default: CPU time of slow requests only), exact");
        assertRejected("request.cpu", 1, "or off; true and false are read as exact and off");
        assertRejected("request.cpu", "", "slow (the default");
        assertRejected("trusted.proxies", "10.0.0.0/40", "prefix length");
        assertRejected("trusted.proxies", new Object[] {"10.0.0.0/8", 7}, "text, a list of text or an array of text");
    }

    private static void assertRejected(String property, Object value, String rule) {
        InvalidConfigurationException e = assertThrows(
                InvalidConfigurationException.class, () -> WhiteboardConfiguration.parse(Map.of(property, value)));
        assertEquals(property, e.property());
        assertTrue(e.getMessage().startsWith("telemetry.http.whiteboard: property '" + property + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(rule), e.getMessage());
    }
}
