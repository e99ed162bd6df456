// Arithmetic on the ingester's aggregates: latency buckets (wire-format.md), merging group
// windows into one scope, classifications. Pure functions, unit-tested with node --test.

export const BUCKETS = 65;
export const PHASES = ['request_time', 'server_time', 'application_time', 'input_read_time', 'output_write_time',
  'queue_time', 'daemon_time', 'gil_wait_time'];

/** Lower edge of bucket i in milliseconds (bucket 0 starts at 0). */
export function bucketLow(i) {
  if (i <= 0) return 0;
  if (i >= 64) return 65536;
  const o = Math.floor(i / 4);
  const s = i % 4;
  return 2 ** o * (1 + s / 4);
}

/** Upper edge of bucket i in milliseconds (Infinity for the overflow bucket). */
export function bucketHigh(i) {
  if (i >= 64) return Infinity;
  return bucketLow(i + 1);
}

/** The bucket of a duration in seconds, exactly as the reporter computes it. */
export function bucketOf(seconds) {
  const ms = seconds * 1000.0;
  if (!(ms >= 1.0)) return 0; // NaN, negatives, < 1 ms
  if (ms >= 65536.0) return 64;
  const o = Math.floor(Math.log2(ms));
  // log2 can be off by one ulp at powers of two: correct it against the exact edges
  let oo = o;
  if (2 ** oo > ms) oo--;
  else if (2 ** (oo + 1) <= ms) oo++;
  return 4 * oo + Math.min(3, Math.floor(4 * (ms / 2 ** oo - 1)));
}

/** Percentile p (0..1) of a 65-bucket histogram, in seconds; NaN when empty (wire-format.md). */
export function percentile(buckets, p) {
  let total = 0;
  for (const c of buckets) total += c;
  if (total === 0) return NaN;
  const target = total * p;
  let cumulative = 0;
  for (let i = 0; i < buckets.length; i++) {
    const c = buckets[i];
    if (c > 0 && cumulative + c >= target) {
      if (i >= 64) return 65.536;
      const lo = bucketLow(i);
      const hi = bucketHigh(i);
      return (lo + ((target - cumulative) / c) * (hi - lo)) / 1000;
    }
    cumulative += c;
  }
  return bucketLow(buckets.length - 1) / 1000;
}

/** Element-wise sum of histograms (missing ones ignored). */
export function addBuckets(into, buckets) {
  if (!buckets) return into;
  for (let i = 0; i < BUCKETS && i < buckets.length; i++) into[i] += buckets[i];
  return into;
}

const SUMMED = ['request_count', 'request_throughput', 'cpu_utilization', 'cpu_user_utilization',
  'cpu_system_utilization', 'memory_rss', 'status_1xx_total', 'status_2xx_total', 'status_3xx_total',
  'status_4xx_total', 'status_5xx_total'];

/**
 * Merges windows (of groups or processes) into one for a scope: counts, throughput, CPU and RSS
 * add up; capacity is the mean weighted by processes; phase means weighted by count, min of mins,
 * max of maxes, buckets summed and percentiles recomputed from them (when buckets are present;
 * otherwise the single window's percentiles are kept). `weights` gives the process count of each.
 */
export function mergeWindows(windows, weights = windows.map(() => 1)) {
  const out = { samples: 0, capacity_utilization: 0, memory_max_rss: 0, phases: {} };
  for (const k of SUMMED) out[k] = 0;
  let weight = 0;
  windows.forEach((w, idx) => {
    if (!w) return;
    const n = weights[idx] ?? 1;
    out.samples += w.samples || 0;
    for (const k of SUMMED) out[k] += w[k] || 0;
    out.capacity_utilization += (w.capacity_utilization || 0) * n;
    out.memory_max_rss = Math.max(out.memory_max_rss, w.memory_max_rss || 0);
    weight += n;
    for (const [phase, ph] of Object.entries(w.phases || {})) {
      let m = out.phases[phase];
      if (!m) {
        m = out.phases[phase] = { count: 0, sum: 0, min: Infinity, max: -Infinity, buckets: null, single: ph, parts: 0 };
      }
      m.parts++;
      m.count += ph.count || 0;
      m.sum += (ph.mean || 0) * (ph.count || 0);
      if ((ph.count || 0) > 0) {
        m.min = Math.min(m.min, ph.min);
        m.max = Math.max(m.max, ph.max);
      }
      if (ph.buckets) m.buckets = addBuckets(m.buckets || new Array(BUCKETS).fill(0), ph.buckets);
    }
  });
  out.capacity_utilization = weight ? out.capacity_utilization / weight : 0;
  for (const [phase, m] of Object.entries(out.phases)) {
    const merged = {
      count: m.count,
      mean: m.count ? m.sum / m.count : 0,
      min: m.count ? m.min : NaN,
      max: m.count ? m.max : NaN,
      buckets: m.buckets,
    };
    if (m.buckets) {
      merged.p50 = percentile(m.buckets, 0.5);
      merged.p95 = percentile(m.buckets, 0.95);
      merged.p99 = percentile(m.buckets, 0.99);
    } else if (m.parts === 1) {
      merged.p50 = m.single.p50;
      merged.p95 = m.single.p95;
      merged.p99 = m.single.p99;
    } else {
      merged.p50 = merged.p95 = merged.p99 = NaN;
    }
    out.phases[phase] = merged;
  }
  return out;
}

/** Requests per second of one status class in a window, consistent with its throughput. */
export function classRate(w, cls) {
  if (!w || !w.request_count) return 0;
  return ((w[`status_${cls}xx_total`] || 0) / w.request_count) * (w.request_throughput || 0);
}

const PLANNED = new Set(['framework_stopping', 'bundle_stopping', 'shutdown', 'restart', 'graceful_restart', 'reload',
  'simulated_restart', 'simulation_ended', 'sigterm', 'stop']);
const TUNING = new Set(['configuration_deleted', 'reporting_disabled', 'configuration_rejected', 'maximum_requests',
  'inactivity_timeout', 'idle_timeout', 'request_timeout', 'memory_limit', 'cpu_time_limit', 'restart_interval',
  'deadlock_timeout', 'graceful_timeout', 'eviction_timeout']);

/** Category of a shutdown reason, for colours: planned, tuning or unplanned (anything unknown). */
export function shutdownCategory(reason) {
  if (!reason) return 'unplanned';
  const r = String(reason).toLowerCase();
  if (PLANNED.has(r)) return 'planned';
  if (TUNING.has(r)) return 'tuning';
  return 'unplanned';
}

/**
 * Classifies a process (or scope) from a window: saturated when worker slots are busy most of the
 * time; CPU-bound when busy slot time is mostly CPU time. Returns {label, reason}.
 */
export function classify(w, slots) {
  if (!w || !w.samples) return { label: 'no data', reason: 'no samples in the window' };
  const cap = w.capacity_utilization || 0;
  const cpu = w.cpu_utilization || 0;
  const busySlots = cap * (slots || 0);
  const cpuShare = busySlots > 0 ? cpu / busySlots : 0;
  const pct = (x) => `${Math.round(x * 100)} %`;
  if (cap >= 0.8 && cpuShare >= 0.7) {
    return { label: 'saturated, CPU-bound', reason: `slots busy ${pct(cap)} of the time; CPU ${cpu.toFixed(2)} cores for ${busySlots.toFixed(1)} busy slots (${pct(cpuShare)})` };
  }
  if (cap >= 0.8) {
    return { label: 'saturated', reason: `slots busy ${pct(cap)} of the time, mostly waiting (CPU ${pct(cpuShare)} of busy time): I/O, locks or downstream calls` };
  }
  if (busySlots > 0 && cpuShare >= 0.7) {
    return { label: 'CPU-bound', reason: `CPU ${cpu.toFixed(2)} cores for ${busySlots.toFixed(1)} busy slots (${pct(cpuShare)} of busy time on CPU)` };
  }
  return { label: 'normal', reason: `slots busy ${pct(cap)} of the time` };
}

/** Intervals [start, end] (seconds) of GC events that overlap [from, to]. */
export function overlapping(events, from, to) {
  return events.filter((e) => e.start < to && e.start + e.duration > from);
}
