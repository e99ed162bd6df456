// The page's picture of the ingester: applies the WebSocket's snapshot and update messages,
// records bounded time series for what is on screen, prunes what is gone. No DOM: unit-tested
// with node --test.

import { Series } from './series.js';
import { mergeWindows, classRate, bucketOf } from './stats.js';

export const SERIES_COLUMNS = ['requests', 'bytes_in', 'bytes_out', 'r4xx', 'r5xx', 'capacity', 'cpu', 'rss',
  'request_time', 'server_time', 'application_time', 'input_read_time', 'output_write_time', 'gc0', 'gc1', 'gc2',
  'gc_share'];

const DEFAULTS = {
  seriesCapacity: 600, // ten minutes at one message per second
  slotColumns: 60, // one minute of worker-slot columns per process
  maxSlots: 128, // heatmap rows per process
  maxEvents: 1000, // lifecycle events kept (the ingester keeps at most 1,000 too)
  maxGcEvents: 5000,
  gcEventAge: 600, // seconds of GC pauses kept, by the ingester's clock
};

/** Scope keys: 'all', 'g:<group>', 'p:<pid@host>'. */
export function scopeKey(group, process) {
  if (process) return `p:${process}`;
  if (group) return `g:${group}`;
  return 'all';
}

/** A GC event as the UI uses it, from the wire names (fields 320-323), flat or under `fields`. */
export function gcEvent(e) {
  const f = e.fields || e;
  const pick = (name, short) => f[name] ?? e[name] ?? e[short];
  return {
    id: e.id,
    key: e.key ?? (e.hostname !== undefined ? `${e.pid}@${e.hostname}` : String(e.pid)),
    pid: e.pid,
    group: e.process_group ?? '',
    start: pick('gc_event_start_stamp', 'start_stamp') ?? e.stamp,
    duration: pick('gc_event_duration', 'duration') ?? 0,
    generation: pick('gc_event_generation', 'generation') ?? 0,
    collected: pick('gc_event_collected', 'collected') ?? 0,
  };
}

/** Pause classes as the ingester names them (JSON keys of `generations`), by class number. */
export const GC_CLASSES = ['young', 'mixed', 'full'];
/** Heap pool roles (JSON keys of `heap`), by pool number. */
export const GC_POOLS = ['eden', 'survivor', 'old'];

/** Merges windows' `gc` objects (groups into All): rates and bytes add up, shares weighted by wall time. */
export function mergeGc(list) {
  const gcs = list.filter(Boolean);
  if (!gcs.length) return null;
  const sum = (f) => gcs.reduce((a, g) => a + (f(g) || 0), 0);
  const wall = sum((g) => g.wall_seconds);
  const pauseSeconds = sum((g) => g.pause_seconds);
  const generations = {};
  for (const c of GC_CLASSES) {
    generations[c] = { pauses: sum((g) => g.generations?.[c]?.pauses), pauses_per_second: sum((g) => g.generations?.[c]?.pauses_per_second),
      pause_seconds: sum((g) => g.generations?.[c]?.pause_seconds), collected: sum((g) => g.generations?.[c]?.collected) };
  }
  const heap = {};
  for (const pool of GC_POOLS) heap[pool] = { used: sum((g) => g.heap?.[pool]?.used), committed: sum((g) => g.heap?.[pool]?.committed) };
  let buckets = null;
  for (const g of gcs) {
    if (!g.buckets) continue;
    buckets = buckets || new Array(65).fill(0);
    g.buckets.forEach((c, i) => { buckets[i] += c; });
  }
  const maxes = gcs.map((g) => g.max).filter(Number.isFinite);
  return { wall_seconds: wall, pauses: sum((g) => g.pauses), pause_seconds: pauseSeconds, pause_share: wall ? pauseSeconds / wall : 0,
    pauses_per_second: sum((g) => g.pauses_per_second), max: maxes.length ? Math.max(...maxes) : NaN, generations, heap, buckets };
}

/**
 * Sums groups' histories (`GET api/history?group=`: steps at multiples of one resolution, so the
 * same times) into the history of all groups, oldest first: counts, rates, CPU and RSS add up;
 * capacity is weighted by processes (as mergeWindows weighs the groups' windows), request time
 * by requests.
 */
export function mergeHistories(histories) {
  const byTime = new Map();
  for (const points of histories) {
    for (const p of points) {
      let m = byTime.get(p.time);
      if (!m) {
        byTime.set(p.time, (m = { time: p.time, processes: 0, samples: 0, request_count: 0, request_throughput: 0, capacity_utilization: 0,
          cpu_utilization: 0, memory_rss: 0, request_time: 0, status_4xx_total: 0, status_5xx_total: 0 }));
      }
      const n = p.processes || 0;
      m.processes += n;
      m.samples += p.samples || 0;
      m.request_count += p.request_count || 0;
      m.request_throughput += p.request_throughput || 0;
      m.capacity_utilization += (p.capacity_utilization || 0) * n;
      m.cpu_utilization += p.cpu_utilization || 0;
      m.memory_rss += p.memory_rss || 0;
      m.request_time += (p.request_time || 0) * (p.request_count || 0);
      m.status_4xx_total += p.status_4xx_total || 0;
      m.status_5xx_total += p.status_5xx_total || 0;
    }
  }
  const merged = [...byTime.values()].sort((a, b) => a.time - b.time);
  for (const m of merged) {
    m.capacity_utilization = m.processes ? m.capacity_utilization / m.processes : 0;
    m.request_time = m.request_count ? m.request_time / m.request_count : 0;
  }
  return merged;
}

export class Model {
  constructor(options = {}) {
    this.options = { ...DEFAULTS, ...options };
    /** Which processes get per-process series and slot history (set by the page for the view). */
    this.detail = () => false;
    this.reset();
  }

  reset() {
    this.header = null;
    this.info = {};
    this.seq = -1;
    this.processes = new Map();
    this.groups = new Map();
    this.slow = new Map();
    this.events = [];
    this.gcEvents = [];
    this.gcPauses = { key: '', list: [] }; // one process's pauses from api/history (gc_pauses)
    this.gcState = new Map(); // key -> {collections:[3], time, rates:[3]}
    this.series = new Map();
    this.slots = new Map(); // key -> [{t, busy: Float32Array, slow: Uint8Array, threshold}]
    this.lastEventId = 0;
    this.lastGcEventId = 0;
    this.messages = 0;
  }

  /** The ingester's clock at the last message (epoch seconds). */
  now() {
    return this.header ? this.header.now : NaN;
  }

  /** Applies a snapshot: replaces everything, keeps series of scopes that still exist. */
  applySnapshot(msg) {
    this.#header(msg);
    this.info = msg.ingester || this.info;
    this.processes = new Map((msg.processes || []).map((p) => [p.key, p]));
    this.groups = new Map((msg.process_groups || []).map((g) => [g.process_group, g]));
    this.slow = new Map((msg.slow_requests || []).map((s) => [s.key, s]));
    this.events = [];
    this.lastEventId = 0;
    this.#addEvents(msg.lifecycle_events || []);
    this.gcEvents = [];
    this.lastGcEventId = 0;
    this.#addGcEvents(msg.gc_events || []);
    this.#prune();
    this.#record();
  }

  /**
   * Applies an update. Returns false (and changes nothing) when it does not follow the previous
   * message: the caller then asks for a snapshot.
   */
  applyUpdate(msg) {
    if (this.seq < 0 || msg.seq !== this.seq + 1) return false;
    this.#header(msg);
    for (const p of msg.processes || []) this.processes.set(p.key, p);
    for (const key of msg.removed_processes || []) this.processes.delete(key);
    this.groups = new Map((msg.process_groups || []).map((g) => [g.process_group, g]));
    for (const s of msg.slow_requests || []) this.slow.set(s.key, s);
    for (const key of msg.removed_slow_requests || []) this.slow.delete(key);
    this.#addEvents(msg.lifecycle_events || []);
    this.#addGcEvents(msg.gc_events || []);
    this.#prune();
    this.#record();
    return true;
  }

  #header(msg) {
    const { processes, process_groups, slow_requests, lifecycle_events, gc_events, removed_processes,
      removed_slow_requests, ingester, ...header } = msg;
    this.header = header;
    this.seq = msg.seq ?? -1;
    this.messages++;
  }

  #addEvents(list) {
    for (const e of list) {
      if (e.id !== undefined && e.id <= this.lastEventId) continue;
      this.events.push(e);
      if (e.id !== undefined) this.lastEventId = e.id;
    }
    if (this.events.length > this.options.maxEvents) this.events.splice(0, this.events.length - this.options.maxEvents);
  }

  #addGcEvents(list) {
    for (const raw of list) {
      if (raw.id !== undefined && raw.id <= this.lastGcEventId) continue;
      this.gcEvents.push(gcEvent(raw));
      if (raw.id !== undefined) this.lastGcEventId = raw.id;
    }
    const oldest = this.now() - this.options.gcEventAge;
    let drop = Math.max(0, this.gcEvents.length - this.options.maxGcEvents);
    while (drop < this.gcEvents.length && this.gcEvents[drop].start < oldest) drop++;
    if (drop) this.gcEvents.splice(0, drop);
  }

  /** Forgets series, slot history and GC state of processes and groups that are gone. */
  #prune() {
    for (const key of this.series.keys()) {
      if (key.startsWith('p:') && !this.processes.has(key.slice(2))) this.series.delete(key);
      else if (key.startsWith('g:') && !this.groups.has(key.slice(2))) this.series.delete(key);
    }
    for (const key of this.slots.keys()) if (!this.processes.has(key)) this.slots.delete(key);
    for (const key of this.gcState.keys()) if (!this.processes.has(key)) this.gcState.delete(key);
  }

  /** Group names, sorted. */
  groupNames() {
    return [...this.groups.keys()].sort();
  }

  /** Processes of a scope (all, one group, or one process). */
  processesIn(group, process) {
    const out = [];
    for (const p of this.processes.values()) {
      if (process ? p.key === process : !group || p.process_group === group) out.push(p);
    }
    return out;
  }

  /** The aggregate window (`10s`, `1m`, `10m`) of a scope; groups merged for All. */
  window(name, group, process) {
    if (process) {
      const p = this.processes.get(process);
      return p ? mergeWindows([p.windows?.[name]]) : null;
    }
    if (group) {
      const g = this.groups.get(group);
      return g ? mergeWindows([g.windows?.[name]], [g.processes]) : null;
    }
    const gs = [...this.groups.values()];
    return mergeWindows(gs.map((g) => g.windows?.[name]), gs.map((g) => g.processes));
  }

  #record() {
    const now = this.now();
    if (!Number.isFinite(now)) return;
    // bytes per second and GC rates come from the processes' latest samples
    const bytes = new Map();
    const add = (scope, inRate, outRate, gc) => {
      let b = bytes.get(scope);
      if (!b) bytes.set(scope, (b = { in: 0, out: 0, gc: [0, 0, 0] }));
      b.in += inRate;
      b.out += outRate;
      for (let i = 0; i < 3; i++) b.gc[i] += gc[i];
    };
    for (const p of this.processes.values()) {
      const l = p.latest;
      const interval = p.telemetry_interval || 1;
      const fresh = l && now - p.last_seen <= 2 * interval + 1 && p.state !== 'stopped';
      const period = (l && l.sample_period) || interval;
      const inRate = fresh ? (l.input_bytes_total || 0) / period : 0;
      const outRate = fresh ? (l.output_bytes_total || 0) / period : 0;
      const gc = this.#gcRates(p);
      add('all', inRate, outRate, gc);
      add(`g:${p.process_group}`, inRate, outRate, gc);
      if (this.detail(p)) {
        add(`p:${p.key}`, inRate, outRate, gc);
        this.#recordSlots(p);
      }
    }
    // the groups carry their bytes per second (the ingester sends only some processes)
    let allIn = 0;
    let allOut = 0;
    let groupBytes = 0;
    for (const [name, g] of this.groups) {
      if (!Number.isFinite(g.input_bytes_per_second)) continue;
      const b = bytes.get(`g:${name}`) || { gc: [0, 0, 0] };
      bytes.set(`g:${name}`, { ...b, in: g.input_bytes_per_second, out: g.output_bytes_per_second || 0 });
      allIn += g.input_bytes_per_second;
      allOut += g.output_bytes_per_second || 0;
      groupBytes++;
    }
    if (groupBytes) bytes.set('all', { ...(bytes.get('all') || { gc: [0, 0, 0] }), in: allIn, out: allOut });
    const gcShare = this.#gcShare(now);
    const scopes = [['all', null, null]];
    for (const g of this.groups.keys()) scopes.push([`g:${g}`, g, null]);
    for (const p of this.processes.values()) if (this.detail(p)) scopes.push([`p:${p.key}`, null, p.key]);
    for (const [key, group, process] of scopes) {
      const w = this.window('10s', group, process);
      if (!w) continue;
      const b = bytes.get(key) || { in: 0, out: 0, gc: [0, 0, 0] };
      const gw = this.gcWindow('10s', group, process);
      const rate = (i) => gw?.generations?.[GC_CLASSES[i]]?.pauses_per_second ?? b.gc[i];
      const ms = (phase) => (w.phases[phase] ? w.phases[phase].mean * 1000 : null);
      let s = this.series.get(key);
      if (!s) this.series.set(key, (s = new Series(this.options.seriesCapacity, SERIES_COLUMNS)));
      s.push(now, {
        requests: w.request_throughput, bytes_in: b.in, bytes_out: b.out, r4xx: classRate(w, 4), r5xx: classRate(w, 5),
        capacity: w.capacity_utilization, cpu: w.cpu_utilization, rss: w.memory_rss / 1048576,
        request_time: ms('request_time'), server_time: ms('server_time'), application_time: ms('application_time'),
        input_read_time: ms('input_read_time'), output_write_time: ms('output_write_time'),
        gc0: rate(0), gc1: rate(1), gc2: rate(2), gc_share: gw ? gw.pause_share : gcShare(group, process),
      });
    }
  }

  /**
   * The GC aggregates of a window of a scope, as the ingester computes them per process and per
   * group (`windows[name].gc`: pause_share, pauses_per_second, generations.{young,mixed,full},
   * heap.{eden,survivor,old}.{used,committed}, buckets on groups); All merges the groups. Null
   * when no process of the scope reported GC.
   */
  gcWindow(name, group, process) {
    if (process) return this.processes.get(process)?.windows?.[name]?.gc || null;
    if (group) return this.groups.get(group)?.windows?.[name]?.gc || null;
    return mergeGc([...this.groups.values()].map((g) => g.windows?.[name]?.gc));
  }

  /** Collections per second of each pause class since the previous GC snapshot of the process. */
  #gcRates(p) {
    // the ingester's form: gc = {latest: the gc_snapshot's fields, latest_received}; older drafts: flat
    const gc = p.gc && 'latest' in p.gc ? p.gc.latest : p.gc;
    if (!gc) return [0, 0, 0];
    const counts = [gc.gc_collections0 || 0, gc.gc_collections1 || 0, gc.gc_collections2 || 0];
    const time = p.gc.latest_received ?? gc.gc_stamp ?? p.last_seen;
    const prev = this.gcState.get(p.key);
    if (!prev) {
      this.gcState.set(p.key, { counts, time, rates: [0, 0, 0] });
      return [0, 0, 0];
    }
    if (time > prev.time) {
      const dt = time - prev.time;
      prev.rates = counts.map((c, i) => Math.max(0, c - prev.counts[i]) / dt);
      prev.counts = counts;
      prev.time = time;
    }
    return prev.rates;
  }

  /** Share of wall time in GC pauses over the last 10 s, per process of the scope. */
  #gcShare(now) {
    const recent = this.gcEvents.filter((e) => e.start > now - 10);
    const withGc = (group, process) => this.processesIn(group, process).filter((p) => p.gc).length;
    return (group, process) => {
      const n = withGc(group, process);
      if (!n) return null;
      let sum = 0;
      for (const e of recent) {
        if (process ? e.key === process : !group || e.group === group) sum += e.duration;
      }
      return sum / (10 * n);
    };
  }

  #recordSlots(p) {
    const l = p.latest;
    if (!l || !Array.isArray(l.request_threads_busy_time)) return;
    let cols = this.slots.get(p.key);
    if (!cols) this.slots.set(p.key, (cols = []));
    if (cols.length && cols[cols.length - 1].seq === p.last_seq) return;
    const n = Math.min(l.request_threads_busy_time.length, this.options.maxSlots);
    const period = l.sample_period || p.telemetry_interval || 1;
    const busy = new Float32Array(n);
    const elapsed = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      busy[i] = Math.min(1, (l.request_threads_busy_time[i] || 0) / period);
      elapsed[i] = Math.max(l.request_threads_current_elapsed?.[i] || 0, l.request_threads_max_duration?.[i] || 0);
    }
    cols.push({ t: p.last_seen, seq: p.last_seq, busy, elapsed, slots: l.request_threads_busy_time.length });
    if (cols.length > this.options.slotColumns) cols.splice(0, cols.length - this.options.slotColumns);
  }

  /**
   * Fills the series of a scope (`p:<pid@host>`, `g:<group>` or `all`, see scopeKey) with its
   * history from the ingester ({@code GET api/history?process=} or {@code ?group=}, or the groups'
   * summed by mergeHistories: one point per step, oldest first), before the points the stream
   * already brought.
   */
  backfill(scope, points) {
    const live = this.series.get(scope);
    const first = live && live.length ? live.since(-Infinity, []).t[0] : Infinity;
    const s = new Series(this.options.seriesCapacity, SERIES_COLUMNS);
    for (const p of points) {
      if (!(p.time < first) || !p.samples) continue;
      const share = (n) => (p.request_count ? (n / p.request_count) * p.request_throughput : 0);
      s.push(p.time, { requests: p.request_throughput, capacity: p.capacity_utilization, cpu: p.cpu_utilization,
        // a second without requests has no response time (a gap in the line, not a drop to 0)
        rss: p.memory_rss / 1048576, request_time: p.request_count ? p.request_time * 1000 : null, r4xx: share(p.status_4xx_total),
        r5xx: share(p.status_5xx_total) });
    }
    if (live) {
      const d = live.since(-Infinity);
      d.t.forEach((t, i) => s.push(t, Object.fromEntries(SERIES_COLUMNS.map((c) => [c, d[c][i]]))));
    }
    this.series.set(scope, s);
  }

  /**
   * Keeps one process's GC pauses as `GET api/history` lists them (`gc_pauses`: start_stamp,
   * duration, generation, collected), for its pause timeline.
   */
  setGcPauses(key, pauses) {
    const p = this.processes.get(key);
    this.gcPauses = { key, list: pauses.map((e) => ({ key, pid: p?.pid, group: p?.process_group ?? '', start: e.start_stamp,
      duration: e.duration, generation: e.generation, collected: e.collected })) };
  }

  /** GC events of a scope, optionally since a time (streamed ones, and a selected process's from its history). */
  gcEventsIn(group, process, from = -Infinity) {
    const inScope = (e) => e.start >= from && (process ? e.key === process : !group || e.group === group);
    const streamed = this.gcEvents.filter(inScope);
    if (process && this.gcPauses.key === process) {
      const seen = new Set(streamed.map((e) => e.start));
      for (const e of this.gcPauses.list) if (inScope(e) && !seen.has(e.start)) streamed.push(e);
      streamed.sort((a, b) => a.start - b.start);
    }
    return streamed;
  }

  /** A histogram (65 buckets) of GC pause durations. */
  static pauseHistogram(events) {
    const h = new Array(65).fill(0);
    for (const e of events) h[bucketOf(e.duration)]++;
    return h;
  }
}
