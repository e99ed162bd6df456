package telemetry.ingester.top;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** WebSocket messages shaped like the ingester's (README: snapshot, update), built field by field. */
final class Messages {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final double NOW = 1.8e9;

    final ObjectNode root = JSON.createObjectNode();

    static Messages snapshot(long seq) {
        Messages m = new Messages();
        m.root.put("type", "snapshot")
                .put("seq", seq)
                .put("now", NOW)
                .put("total_received", 1234)
                .put("decode_errors", 0)
                .put("drops", 2)
                .put("queue_stalls", 0);
        m.root.putArray("processes");
        m.root.putArray("process_groups");
        m.root.putArray("slow_requests");
        m.root.putArray("lifecycle_events");
        return m;
    }

    static Messages update(long seq) {
        Messages m = snapshot(seq);
        m.root.put("type", "update");
        m.root.putArray("removed_processes");
        m.root.putArray("removed_slow_requests");
        return m;
    }

    /** A process whose windows all carry {@code throughput} req/s and a request_time p95 of {@code p95} s. */
    Messages process(long pid, String group, double throughput, double p95, long requestsTotal) {
        ObjectNode p = ((ArrayNode) root.get("processes")).addObject();
        p.put("key", pid + "@host")
                .put("pid", pid)
                .put("hostname", "host")
                .put("process_group", group)
                .put("state", "running")
                .put("requests_total", requestsTotal)
                .put("drops", 0)
                .put("slow_requests_threshold", 2.0);
        ObjectNode latest = p.putObject("latest");
        latest.put("sample_period", 1.0);
        ArrayNode busy = latest.putArray("request_threads_busy_time");
        ArrayNode elapsed = latest.putArray("request_threads_current_elapsed");
        double[][] slots = {{0, 0}, {0.1, 0}, {0.9, 0}, {1.0, 3.0}};
        for (double[] s : slots) {
            busy.add(s[0]);
            elapsed.add(s[1]);
        }
        windows(p.putObject("windows"), throughput, p95, requestsTotal, false);
        return this;
    }

    Messages group(String name, int processes, double throughput, long[] buckets) {
        ObjectNode g = ((ArrayNode) root.get("process_groups")).addObject();
        g.put("process_group", name).put("processes", processes);
        ObjectNode w = windows(g.putObject("windows"), throughput, 0.0972, 77, true);
        for (String window : Stats.WINDOWS) {
            ArrayNode b = ((ObjectNode) w.get(window).get("phases").get("request_time")).putArray("buckets");
            for (long c : buckets) {
                b.add(c);
            }
        }
        return this;
    }

    Messages slow(long pid, String group, String state, String path, double duration) {
        ObjectNode s = ((ArrayNode) root.get("slow_requests")).addObject();
        s.put("key", pid + ":" + path)
                .put("pid", pid)
                .put("process_group", group)
                .put("state", state)
                .put("log_id", pid + "-000001")
                .put("thread_id", 1)
                .put("method", "GET")
                .put("path_info", path)
                .put("status", 200)
                .put("duration", duration)
                .put("start_stamp", NOW - duration);
        return this;
    }

    Messages event(long id, String kind, long pid, String group, String reason) {
        ObjectNode e = ((ArrayNode) root.get("lifecycle_events")).addObject();
        e.put("id", id)
                .put("kind", kind)
                .put("pid", pid)
                .put("stamp", NOW - 60)
                .put("hostname", "host")
                .put("process_group", group);
        if (reason == null) {
            e.putNull("shutdown_reason");
        } else {
            e.put("shutdown_reason", reason);
        }
        return this;
    }

    Messages removed(String field, String key) {
        ((ArrayNode) root.get(field)).add(key);
        return this;
    }

    /** GC fields (wire-format 300–311) on the last process, as the ingester will carry them. */
    Messages gc(long young, long youngCommitted, long oldUsed, long oldCommitted, long collections0) {
        ArrayNode ps = (ArrayNode) root.get("processes");
        ObjectNode gc = ((ObjectNode) ps.get(ps.size() - 1)).putObject("gc");
        gc.put("gc_count0", young).put("gc_count1", 0).put("gc_count2", oldUsed);
        gc.put("gc_threshold0", youngCommitted).put("gc_threshold1", 1 << 20).put("gc_threshold2", oldCommitted);
        gc.put("gc_collections0", collections0).put("gc_collections1", 1).put("gc_collections2", 0);
        gc.put("gc_collected0", 64L << 20).put("gc_collected1", 0).put("gc_collected2", 0);
        return this;
    }

    private static ObjectNode windows(ObjectNode windows, double throughput, double p95, long count, boolean group) {
        for (String name : Stats.WINDOWS) {
            ObjectNode w = windows.putObject(name);
            w.put("request_count", count)
                    .put("request_throughput", throughput)
                    .put("capacity_utilization", 0.25)
                    .put("cpu_utilization", 0.5)
                    .put("memory_rss", 200L << 20)
                    .put("status_1xx_total", 0)
                    .put("status_2xx_total", count - 3)
                    .put("status_3xx_total", 1)
                    .put("status_4xx_total", 1)
                    .put("status_5xx_total", 1);
            ObjectNode rt = w.putObject("phases").putObject("request_time");
            rt.put("count", count)
                    .put("mean", 0.042)
                    .put("min", 0.0058)
                    .put("max", 0.1626)
                    .put("p50", 0.0345)
                    .put("p95", p95)
                    .put("p99", 0.16736);
        }
        return windows;
    }

    String json() {
        return root.toString();
    }
}
