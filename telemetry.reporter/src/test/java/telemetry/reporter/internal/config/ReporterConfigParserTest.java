package telemetry.reporter.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of configuration.md, one row each: the value given and the message expected. */
class ReporterConfigParserTest {

    private static final String LONG_PATH = "/" + "a".repeat(107); // 108 bytes
    private static final String MAX_PATH = "/" + "a".repeat(106); // 107 bytes

    private final ReporterConfigParser parser = new ReporterConfigParser("osgi");

    static Stream<Arguments> rejected() {
        return Stream.of(
                // service
                row("service", "", "a target is required; write unix:/absolute/path [interval=SECONDS]"),
                row("service", "   ", "a target is required"),
                row(
                        "service",
                        "udp:localhost:9000",
                        "only a co-located ingester over a UNIX datagram socket is supported"),
                row(
                        "service",
                        "UDP:10.0.0.1:9000",
                        "only a co-located ingester over a UNIX datagram socket is supported"),
                row(
                        "service",
                        "tcp:localhost:9000",
                        "only a co-located ingester over a UNIX datagram socket is supported"),
                row("service", "/run/telemetry.sock", "a bare path is not accepted: prefix it with 'unix:'"),
                row("service", "file:/run/telemetry.sock", "scheme 'file:' is not supported"),
                row("service", "UNIX:/run/telemetry.sock", "the scheme is case-sensitive: write 'unix:' in lower case"),
                row("service", "unix:", "a socket path is required after 'unix:'"),
                row("service", "unix:run/telemetry.sock", "the socket path 'run/telemetry.sock' is not absolute"),
                row(
                        "service",
                        "unix:" + LONG_PATH,
                        "the socket path is 108 bytes long; a UNIX socket address holds at most 107 bytes"),
                row(
                        "service",
                        "unix:/run/t.sock interval=0.4",
                        "interval 0.4 is too short: it must be at least 0.5 seconds"),
                row(
                        "service",
                        "unix:/run/t.sock interval=0",
                        "interval 0 is too short: it must be at least 0.5 seconds"),
                row(
                        "service",
                        "unix:/run/t.sock interval=-1",
                        "interval -1 is too short: it must be at least 0.5 seconds"),
                row("service", "unix:/run/t.sock interval=abc", "interval 'abc' is not a decimal number of seconds"),
                row("service", "unix:/run/t.sock interval=2s", "interval '2s' is not a decimal number of seconds"),
                row("service", "unix:/run/t.sock interval=NaN", "interval 'NaN' is not a decimal number of seconds"),
                row(
                        "service",
                        "unix:/run/t.sock interval=Infinity",
                        "interval 'Infinity' is not a decimal number of seconds"),
                row("service", "unix:/run/t.sock interval=1e3", "interval '1e3' is not a decimal number of seconds"),
                row("service", "unix:/run/t.sock interval=", "interval '' is not a decimal number of seconds"),
                row(
                        "service",
                        "unix:/run/t.sock every=1",
                        "unknown option 'every=1': the only option is interval=SECONDS"),
                row("service", "unix:/run/t.sock Interval=1", "unknown option 'Interval=1'"),
                row("service", "unix:/run/t.sock interval=1 extra", "unexpected third word 'extra'"),
                row("service", 42, "a single text value is required"),
                // slow.requests
                row("slow.requests", "", "a threshold in seconds is required"),
                row("slow.requests", " ", "a threshold in seconds is required"),
                row("slow.requests", "-1", "negative; must be a finite number of seconds, at least 0"),
                row("slow.requests", -0.5, "negative; must be a finite number of seconds, at least 0"),
                row("slow.requests", "abc", "not a decimal number; must be a finite number of seconds, at least 0"),
                row("slow.requests", "2s", "not a decimal number"),
                row("slow.requests", "NaN", "not a decimal number"),
                row("slow.requests", Double.NaN, "not a decimal number"),
                row("slow.requests", Double.POSITIVE_INFINITY, "not a decimal number"),
                // options
                row("options", "+", "line '+': a bare '+' names no flag"),
                row("options", "-", "line '-': a bare '-' names no flag"),
                row("options", "+Unknown", "line '+Unknown': unknown flag 'Unknown'; known flags: CaptureUserAgent"),
                row("options", "Bogus", "unknown flag 'Bogus'"),
                row("options", "None +CaptureUserAgent", "'None' must stand alone on its line"),
                row("options", "All -CaptureUserAgent", "'All' must stand alone on its line"),
                row(
                        "options",
                        "CaptureUserAgent +CaptureUserAgent",
                        "mixes +/- flags with absolute words (None, All or bare flags); use one form per line"),
                row("options", new String[] {"+CaptureUserAgent", "-Nope"}, "line '-Nope': unknown flag 'Nope'"),
                row("options", "", "line '': empty: write +Flag, -Flag, Flag, None or All"),
                row("options", 7, "text lines are required"),
                // process.group
                row("process.group", "", "text of 1 to 63 bytes (UTF-8) without control characters is required"),
                row("process.group", "  ", "text of 1 to 63 bytes"),
                row("process.group", "g".repeat(64), "64 bytes is too long; text of 1 to 63 bytes"),
                row("process.group", "é".repeat(32), "64 bytes is too long"),
                row("process.group", "a\tb", "contains a control character"),
                // request.threads.maximum
                row(
                        "request.threads.maximum",
                        "0",
                        "a whole number from 1 to 1024 (worker slots reported) is required"),
                row("request.threads.maximum", "1025", "a whole number from 1 to 1024"),
                row("request.threads.maximum", "-5", "a whole number from 1 to 1024"),
                row("request.threads.maximum", "1.5", "a whole number from 1 to 1024"),
                row("request.threads.maximum", "abc", "a whole number from 1 to 1024"),
                row("request.threads.maximum", "", "a whole number from 1 to 1024"),
                row("request.threads.maximum", 2000, "a whole number from 1 to 1024"),
                row("request.threads.maximum", 2.5, "a whole number from 1 to 1024"),
                // drain.timeout
                row("drain.timeout", "-1", "a finite number of seconds, at least 0, is required"),
                row("drain.timeout", "soon", "a finite number of seconds, at least 0, is required"),
                row("drain.timeout", "", "a finite number of seconds, at least 0, is required"),
                row("drain.timeout", Double.NaN, "a finite number of seconds, at least 0, is required"));
    }

    private static Arguments row(String property, Object value, String rule) {
        return Arguments.of(property, value, rule);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("rejected")
    void rejectsWithPropertyValueAndRule(String property, Object value, String rule) {
        ConfigurationRejectedException e =
                assertThrows(ConfigurationRejectedException.class, () -> parser.parse(Map.of(property, value)));
        assertEquals("telemetry.reporter", e.pid());
        assertEquals(1, e.violations().size(), e.getMessage());
        ConfigurationViolation v = e.violations().get(0);
        assertEquals(property, v.property());
        assertEquals(value, v.value());
        assertTrue(v.rule().contains(rule), () -> "rule '" + v.rule() + "' should contain '" + rule + "'");
        assertTrue(
                e.getMessage().startsWith("configuration telemetry.reporter: property '" + property + "' = "),
                e.getMessage());
        assertTrue(e.getMessage().contains(" rejected: "), e.getMessage());
    }

    @Test
    void messageQuotesTheValueGiven() {
        ConfigurationRejectedException e = assertThrows(
                ConfigurationRejectedException.class, () -> parser.parse(Map.of("service", "udp:localhost:9000")));
        assertEquals(
                "configuration telemetry.reporter: property 'service' = 'udp:localhost:9000' rejected: only a"
                        + " co-located ingester over a UNIX datagram socket is supported (no UDP or TCP); write"
                        + " unix:/absolute/path [interval=SECONDS]",
                e.getMessage());
    }

    @Test
    void reportsEveryBrokenPropertyInOneMessage() {
        Map<String, Object> p = new HashMap<>();
        p.put("service", "unix:/t.sock interval=0.1");
        p.put("slow.requests", "-3");
        p.put("request.threads.maximum", "0");
        ConfigurationRejectedException e = assertThrows(ConfigurationRejectedException.class, () -> parser.parse(p));
        assertEquals(
                List.of("service", "slow.requests", "request.threads.maximum"),
                e.violations().stream().map(ConfigurationViolation::property).toList());
    }

    @Test
    void factoryConfigurationIsRejected() {
        ConfigurationRejectedException e = assertThrows(
                ConfigurationRejectedException.class,
                () -> parser.parse(Map.of(
                        "service.factoryPid",
                        "telemetry.reporter",
                        "service.pid",
                        "telemetry.reporter~shop",
                        "service",
                        "unix:/run/t.sock")));
        assertEquals("telemetry.reporter~shop", e.pid());
        assertTrue(
                e.getMessage().contains("a factory configuration (telemetry.reporter~name) is not supported"),
                e.getMessage());
    }

    @Test
    void absentPropertiesGiveTheDefaults() throws Exception {
        ReporterSettings s = parser.parse(Map.of(
                "service.pid", "telemetry.reporter", "felix.fileinstall.filename", "file:/etc/telemetry.reporter.cfg"));
        assertFalse(s.reporting());
        assertFalse(s.slowRequests());
        assertEquals(-1, s.slowRequestsNanos());
        assertEquals(Set.of(), s.options());
        assertEquals("osgi", s.processGroup());
        assertEquals(200, s.requestThreadsMaximum());
        assertEquals(5.0, s.drainTimeoutSeconds());
    }

    @Test
    void acceptsTheDocumentedForms() throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("service", "  unix:/run/telemetry/telemetry.sock   interval=0.5 ");
        p.put("slow.requests", "0");
        p.put("options", "+captureuseragent");
        p.put("process.group", " shop ");
        p.put("request.threads.maximum", "1024");
        p.put("drain.timeout", "0");
        ReporterSettings s = parser.parse(p);
        assertEquals(new ServiceTarget("/run/telemetry/telemetry.sock", 0.5), s.service());
        assertEquals(0.0, s.slowRequestsSeconds());
        assertEquals(0, s.slowRequestsNanos());
        assertTrue(s.has(TelemetryOption.CAPTURE_USER_AGENT));
        assertEquals("shop", s.processGroup());
        assertEquals(1024, s.requestThreadsMaximum());
        assertEquals(0.0, s.drainTimeoutSeconds());
    }

    @Test
    void acceptsTypedValuesAndTheLimits() throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("service", "unix:" + MAX_PATH);
        p.put("slow.requests", 2.5d);
        p.put("request.threads.maximum", 1);
        p.put("drain.timeout", 10L);
        ReporterSettings s = parser.parse(p);
        assertEquals(MAX_PATH, s.service().socketPath());
        assertEquals(1.0, s.service().intervalSeconds());
        assertEquals(2.5, s.slowRequestsSeconds());
        assertEquals(1, s.requestThreadsMaximum());
        assertEquals(10.0, s.drainTimeoutSeconds());
    }

    @Test
    void optionLinesApplyInOrder() throws Exception {
        assertEquals(
                Set.of(),
                parser.parse(Map.of("options", new String[] {"+CaptureUserAgent", "-CaptureUserAgent"}))
                        .options());
        assertEquals(
                Set.of(TelemetryOption.CAPTURE_USER_AGENT),
                parser.parse(Map.of("options", List.of("None", "All"))).options());
        assertEquals(Set.of(), parser.parse(Map.of("options", "All\nNone")).options());
        assertEquals(
                Set.of(TelemetryOption.CAPTURE_USER_AGENT),
                parser.parse(Map.of("options", new String[] {"None", "CAPTUREUSERAGENT"}))
                        .options());
    }

    @Test
    void defaultGroupComesFromKarafName() {
        String before = System.getProperty("karaf.name");
        try {
            System.setProperty("karaf.name", "root");
            assertEquals("root", ReporterConfigParser.defaultProcessGroup());
            System.clearProperty("karaf.name");
            assertEquals("osgi", ReporterConfigParser.defaultProcessGroup());
        } finally {
            if (before != null) {
                System.setProperty("karaf.name", before);
            }
        }
    }

    @Test
    void serviceAbsentMeansOff() throws Exception {
        assertNull(parser.parse(Map.of("slow.requests", "2")).service());
    }
}
