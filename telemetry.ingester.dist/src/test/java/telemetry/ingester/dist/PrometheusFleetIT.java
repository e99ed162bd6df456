package telemetry.ingester.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of two hosts, for real: two {@code serve} processes started from the unpacked archive,
 * each fed by its own {@code simulate}, scraped by one real Prometheus (Debian's) configured from the
 * shipped example, with the shipped recording rules, every second. Host web1's traffic runs until
 * the end; host web2's simulation stops after a while, so that its histograms can be compared with
 * the ingester's own figures once nothing moves any more.
 */
class PrometheusFleetIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    static Path home;
    static final Map<String, IngesterProcess> INGESTERS = new LinkedHashMap<>();
    static final List<IngesterProcess> SIMULATORS = new ArrayList<>();
    static IngesterProcess web2Simulation;
    static PrometheusServer prometheus;

    @BeforeAll
    static void startFleet() throws Exception {
        home = Dist.unpack(dir);
        for (String host : List.of("web1", "web2")) {
            Path socket = dir.resolve(host + ".sock");
            INGESTERS.put(host, IngesterProcess.serve(home, socket));
            List<String> simulate = new ArrayList<>(List.of(
                    "simulate",
                    "--target",
                    "unix:" + socket,
                    "--processes",
                    "4",
                    "--groups",
                    "2",
                    "--lifetime",
                    "0",
                    "--seed",
                    String.valueOf(host.hashCode())));
            if (host.equals("web2")) {
                simulate.addAll(List.of("--duration", "20s"));
            }
            IngesterProcess simulator = IngesterProcess.start(home, simulate.toArray(String[]::new));
            SIMULATORS.add(simulator);
            if (host.equals("web2")) {
                web2Simulation = simulator;
            }
        }
        prometheus = PrometheusServer.start(prometheusConfig(), Files.createDirectories(dir.resolve("prometheus")));
    }

    /** The shipped example configuration, pointed at the two loopback ingesters and made fast. */
    private static Path prometheusConfig() throws Exception {
        Path example = home.resolve("etc/prometheus/prometheus.yml");
        String config = Files.readString(example);
        Map<String, String> edits = new LinkedHashMap<>();
        edits.put("\"10.0.0.11:8888\"", "\"127.0.0.1:" + INGESTERS.get("web1").httpPort() + "\"");
        edits.put("\"10.0.0.12:8888\"", "\"127.0.0.1:" + INGESTERS.get("web2").httpPort() + "\"");
        edits.put("scrape_interval: 15s", "scrape_interval: 1s");
        edits.put("evaluation_interval: 15s", "evaluation_interval: 1s");
        edits.put("- telemetry-rules.yml", "- " + example.resolveSibling("telemetry-rules.yml"));
        for (Map.Entry<String, String> e : edits.entrySet()) {
            assertTrue(config.contains(e.getKey()), "the example configuration has " + e.getKey() + ":\n" + config);
            config = config.replace(e.getKey(), e.getValue());
        }
        return Files.writeString(dir.resolve("prometheus.yml"), config);
    }

    @AfterAll
    static void stopFleet() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        for (IngesterProcess p : SIMULATORS) {
            p.close();
        }
        for (IngesterProcess p : INGESTERS.values()) {
            p.close();
        }
    }

    @Test
    void bothHostsAreScraped() {
        Awaitility.await("up == 1 for web1 and web2")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    Map<String, String> up = new TreeMap<>();
                    for (JsonNode s : prometheus.query("up{job=\"telemetry-ingester\"}")) {
                        up.put(
                                s.path("metric").path("host").asText(),
                                s.path("value").path(1).asText());
                    }
                    assertEquals(Map.of("web1", "1", "web2", "1"), up, prometheus.log());
                });
    }

    @Test
    void expositionPassesPromtool() throws Exception {
        for (Map.Entry<String, IngesterProcess> host : INGESTERS.entrySet()) {
            // wait for the request metrics, so that promtool sees histograms, not an empty store
            String metrics = Awaitility.await()
                    .atMost(PATIENCE)
                    .until(
                            () -> get(host.getValue(), "/metrics"),
                            m -> m.contains("telemetry_request_duration_seconds_bucket{"));
            Command check = Command.withInput(Duration.ofMinutes(1), metrics, "promtool", "check", "metrics");
            assertEquals(0, check.exit(), host.getKey() + ": " + check);
            assertEquals("", (check.out() + check.err()).strip(), host.getKey() + ": " + check);
        }
    }

    @Test
    void shippedRulesAndConfigPassPromtool() throws Exception {
        Path rules = home.resolve("etc/prometheus/telemetry-rules.yml");
        Command check = Command.run(Duration.ofMinutes(1), "promtool", "check", "rules", rules.toString());
        assertEquals(0, check.exit(), check::toString);
        Command config = Command.run(
                Duration.ofMinutes(1),
                "promtool",
                "check",
                "config",
                home.resolve("etc/prometheus/prometheus.yml").toString());
        assertEquals(0, config.exit(), config::toString);
        // Unit tests of the rules on synthetic series, with exact expected values.
        Path tests = Files.copy(
                Dist.SOURCES.resolve("test/resources/telemetry-rules.test.yml"),
                rules.resolveSibling("telemetry-rules.test.yml"));
        Command test = Command.run(Duration.ofMinutes(1), "promtool", "test", "rules", tests.toString());
        assertEquals(0, test.exit(), test::toString);
    }

    /** Prometheus evaluates every shipped rule without error, and each records data (the GC rules included). */
    @Test
    void everyRecordingRuleEvaluatesAndRecords() throws Exception {
        List<String> records = new ArrayList<>();
        Awaitility.await("every rule evaluated without error")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    records.clear();
                    List<String> unhealthy = new ArrayList<>();
                    for (JsonNode group : prometheus.api("rules").path("groups")) {
                        for (JsonNode rule : group.path("rules")) {
                            records.add(rule.path("name").asText());
                            if (!rule.path("health").asText().equals("ok")) {
                                unhealthy.add(rule.path("name").asText() + ": "
                                        + rule.path("health").asText() + " "
                                        + rule.path("lastError").asText());
                            }
                        }
                    }
                    assertEquals(List.of(), unhealthy);
                });
        assertTrue(records.size() >= 15, records::toString);
        awaitData(records);
    }

    /** Every query of the shipped Grafana dashboard, its template variables resolved as Grafana does, returns data. */
    @Test
    void everyDashboardQueryReturnsData() throws Exception {
        JsonNode dashboard = PrometheusServer.JSON.readTree(
                home.resolve("etc/grafana/telemetry-dashboard.json").toFile());
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("__rate_interval", "1m");
        variables.put("__interval", "15s");
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (!v.path("type").asText().equals("query")) {
                continue;
            }
            String name = v.path("name").asText();
            String query = substitute(
                    v.path("query").path("query").asText(v.path("query").asText()), variables);
            Matcher labelValues =
                    Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)").matcher(query);
            assertTrue(labelValues.matches(), "variable " + name + ": " + query);
            String promql = "count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")";
            List<String> values = new ArrayList<>();
            Awaitility.await("values of $" + name + ": " + promql)
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        values.clear();
                        for (JsonNode s : prometheus.query(promql)) {
                            values.add(
                                    s.path("metric").path(labelValues.group(2)).asText());
                        }
                        return !values.isEmpty();
                    });
            String current = v.path("current").path("value").asText();
            if (v.path("includeAll").asBoolean()) {
                variables.put(name, v.path("allValue").asText()); // "All": the shipped default
            } else {
                variables.put(name, values.contains(current) ? current : values.get(0));
            }
        }
        assertEquals(
                List.of("host", "process_group", "phase"),
                new ArrayList<>(variables.keySet()).subList(2, variables.size()),
                "template variables");

        List<String> queries = new ArrayList<>();
        collectQueries(dashboard.path("panels"), variables, queries);
        assertTrue(queries.size() >= 15, queries::toString);
        assertTrue(
                queries.stream().anyMatch(q -> q.contains("telemetry_gc_pause_share")),
                "the dashboard has a GC pause panel");
        awaitData(queries);
    }

    /**
     * Prometheus' {@code histogram_quantile(0.95, …)} over the ingester's histogram lies in the same
     * bucket as the ingester's own p95 (/api/state), for every group and phase of host web2, once its
     * traffic has stopped and Prometheus holds exactly the histogram the ingester's window holds.
     */
    @Test
    void histogramQuantileAgreesWithTheIngestersP95() throws Exception {
        assertEquals(0, web2Simulation.waitFor(PATIENCE), web2Simulation.output());
        IngesterProcess web2 = INGESTERS.get("web2");
        // The 10-minute window holds all of this short run: the same samples as the lifetime histogram.
        Map<String, JsonNode> phases = Awaitility.await("Prometheus to hold web2's final histograms")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> finalPhases(web2), p -> p != null);
        assertTrue(phases.size() >= 2, phases.keySet()::toString);
        for (Map.Entry<String, JsonNode> e : phases.entrySet()) {
            String[] groupPhase = e.getKey().split(" ");
            String selector = "{host=\"web2\",process_group=\"" + groupPhase[0] + "\",phase=\"" + groupPhase[1] + "\"}";
            double ingesterP95 = e.getValue().path("p95").asDouble();
            JsonNode q = prometheus.query(
                    "histogram_quantile(0.95, telemetry_request_duration_seconds_bucket" + selector + ")");
            assertEquals(1, q.size(), q::toString);
            double prometheusP95 = q.get(0).path("value").path(1).asDouble();
            List<Double> bounds = new ArrayList<>();
            for (JsonNode s : prometheus.query("telemetry_request_duration_seconds_bucket" + selector)) {
                bounds.add(le(s));
            }
            bounds.sort(null);
            assertEquals(65, bounds.size(), "the 65 latency buckets");
            double lower = 0;
            double upper = Double.NaN;
            for (double b : bounds) {
                if (prometheusP95 <= b) {
                    upper = b;
                    break;
                }
                lower = b;
            }
            String what = e.getKey() + ": Prometheus p95 " + prometheusP95 + " in bucket (" + lower + ", " + upper
                    + "], the ingester's p95 " + ingesterP95;
            assertTrue(prometheusP95 > 0 && ingesterP95 > 0, what);
            double slack = 1e-9 * upper; // /api/state writes 9 significant decimals
            assertTrue(ingesterP95 >= lower - slack && ingesterP95 <= upper + slack, what);
        }
    }

    /**
     * web2's group windows of 10 minutes, phase by phase ("group phase" → phase JSON), once
     * Prometheus' last scrape has every cumulative bucket equal to the ingester's window; null until then.
     */
    private static Map<String, JsonNode> finalPhases(IngesterProcess web2) throws Exception {
        JsonNode state = PrometheusServer.JSON.readTree(get(web2, "/api/state"));
        Map<String, JsonNode> phases = new TreeMap<>();
        for (JsonNode group : state.path("process_groups")) {
            JsonNode window = group.path("windows").path("10m");
            for (Map.Entry<String, JsonNode> phase : window.path("phases").properties()) {
                JsonNode buckets = phase.getValue().path("buckets");
                long total = 0;
                for (JsonNode c : buckets) {
                    total += c.asLong();
                }
                if (total == 0) {
                    continue;
                }
                String key = group.path("process_group").asText() + " " + phase.getKey();
                String selector = "{host=\"web2\",process_group=\""
                        + group.path("process_group").asText() + "\",phase=\"" + phase.getKey() + "\"}";
                Map<Double, Long> scraped = new TreeMap<>();
                for (JsonNode s : prometheus.query("telemetry_request_duration_seconds_bucket" + selector)) {
                    scraped.put(le(s), (long) s.path("value").path(1).asDouble());
                }
                List<Long> ingesterCumulative = new ArrayList<>();
                long cumulative = 0;
                for (JsonNode c : buckets) {
                    cumulative += c.asLong();
                    ingesterCumulative.add(cumulative);
                }
                if (!new ArrayList<>(scraped.values()).equals(ingesterCumulative)) {
                    return null;
                }
                phases.put(key, phase.getValue());
            }
        }
        return phases.isEmpty() ? null : phases;
    }

    /** A bucket's upper bound; Prometheus writes the last one "+Inf". */
    private static double le(JsonNode series) {
        String le = series.path("metric").path("le").asText();
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static void collectQueries(JsonNode panels, Map<String, String> variables, List<String> queries) {
        for (JsonNode panel : panels) {
            collectQueries(panel.path("panels"), variables, queries);
            for (JsonNode target : panel.path("targets")) {
                String expr = substitute(target.path("expr").asText(), variables);
                assertFalse(expr.isBlank(), "panel " + panel.path("title").asText() + " has a target without a query");
                queries.add(expr);
            }
        }
    }

    private static String substitute(String text, Map<String, String> variables) {
        String result = text;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            result = result.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
        }
        return result;
    }

    /** Waits until every query answers at least one finite value. */
    private static void awaitData(List<String> queries) {
        Awaitility.await("every query to return data")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<String> empty = new ArrayList<>();
                    for (String query : queries) {
                        assertFalse(query.contains("$"), "unresolved variable in " + query);
                        boolean data = false;
                        for (JsonNode s : prometheus.query(query)) {
                            data |= Double.isFinite(s.path("value").path(1).asDouble(Double.NaN));
                        }
                        if (!data) {
                            empty.add(query);
                        }
                    }
                    assertEquals(List.of(), empty, "queries without data");
                });
    }

    private static String get(IngesterProcess ingester, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(ingester.url(path))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }
}
