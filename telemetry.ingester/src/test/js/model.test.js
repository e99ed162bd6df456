import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Model, scopeKey, gcEvent, mergeHistories } from '../../main/resources/ui/js/model.js';
import { Series } from '../../main/resources/ui/js/series.js';

const win = (rps, n = 10) => ({ samples: n, request_count: rps * n, request_throughput: rps, capacity_utilization: 0.25,
  cpu_utilization: 0.5, memory_rss: 100 << 20, status_4xx_total: n, phases: { request_time: { count: rps * n, mean: 0.02, min: 0.01, max: 0.03 } } });
const proc = (pid, group, extra = {}) => ({ key: `${pid}@h`, pid, hostname: 'h', process_group: group, state: 'running',
  last_seen: 1000, last_seq: 1, telemetry_interval: 1, windows: { '10s': win(5), '1m': win(5, 60), '10m': win(5, 600) }, ...extra });
const group = (name, processes) => ({ process_group: name, processes, windows: { '10s': win(5 * processes), '1m': win(5 * processes, 60), '10m': win(5 * processes, 600) } });

function snapshot(seq, now, processes, groups, extra = {}) {
  return { type: 'snapshot', seq, now, total_received: 1, processes, process_groups: groups, slow_requests: [], lifecycle_events: [], ...extra };
}

test('updates apply in sequence; a gap is refused so the page asks for a snapshot', () => {
  const m = new Model();
  m.applySnapshot(snapshot(7, 1000, [proc(1, 'a')], [group('a', 1)]));
  assert.equal(m.processes.size, 1);
  assert.equal(m.applyUpdate({ type: 'update', seq: 8, now: 1001, processes: [proc(2, 'a')], removed_processes: ['1@h'], process_groups: [group('a', 1)] }), true);
  assert.deepEqual([...m.processes.keys()], ['2@h']);
  assert.equal(m.applyUpdate({ type: 'update', seq: 10, now: 1002, processes: [proc(3, 'a')], process_groups: [] }), false);
  assert.equal(m.processes.size, 1, 'a refused update changes nothing');
  assert.equal(m.now(), 1001);
});

test('group series record one point per message at the ingester clock, per group and for all', () => {
  const m = new Model();
  m.applySnapshot(snapshot(1, 1000, [proc(1, 'a'), proc(2, 'b')], [group('a', 1), group('b', 1)]));
  m.applyUpdate({ type: 'update', seq: 2, now: 1001, processes: [], process_groups: [group('a', 1), group('b', 1)] });
  const all = m.series.get('all').since(0);
  assert.deepEqual(all.t, [1000, 1001]);
  assert.deepEqual(all.requests, [10, 10]);
  assert.deepEqual(m.series.get('g:a').since(0).requests, [5, 5]);
  assert.equal(m.series.get('all').since(0).r4xx[0], 1 / 5 * 10);
  assert.equal(m.series.has('p:1@h'), false, 'no per-process series unless the view asks for them');
});

test('per-process series and slot history only for the detail the view asks for; pruned when the process goes', () => {
  const m = new Model();
  m.detail = (p) => p.process_group === 'a';
  const latest = { sample_period: 1, request_threads_busy_time: [0.5, 1, 0], request_threads_current_elapsed: [0, 3, 0], input_bytes_total: 100, output_bytes_total: 1000 };
  m.applySnapshot(snapshot(1, 1000, [proc(1, 'a', { latest }), proc(2, 'b', { latest })], [group('a', 1), group('b', 1)]));
  assert.ok(m.series.has('p:1@h'));
  assert.ok(!m.series.has('p:2@h'));
  assert.equal(m.series.get('p:1@h').since(0).bytes_out[0], 1000);
  assert.equal(m.series.get('all').since(0).bytes_in[0], 200);
  const cols = m.slots.get('1@h');
  assert.equal(cols.length, 1);
  assert.deepEqual([...cols[0].busy], [0.5, 1, 0]);
  assert.equal(cols[0].elapsed[1], 3);
  m.applyUpdate({ type: 'update', seq: 2, now: 1001, processes: [], removed_processes: ['1@h'], process_groups: [group('b', 1)] });
  assert.ok(!m.series.has('p:1@h'));
  assert.ok(!m.series.has('g:a'));
  assert.ok(!m.slots.has('1@h'));
});

test('series memory is bounded: a ring of fixed capacity', () => {
  const s = new Series(3, ['v']);
  for (let t = 1; t <= 5; t++) s.push(t, { v: t * 10 });
  assert.deepEqual(s.since(0), { t: [3, 4, 5], v: [30, 40, 50] });
  s.push(5, { v: 99 });
  assert.deepEqual(s.since(4), { t: [4, 5], v: [40, 99] });
});

test('lifecycle and GC events are bounded and never duplicated across messages', () => {
  const m = new Model({ maxEvents: 3 });
  const ev = (id) => ({ id, kind: 'process_started', pid: id, stamp: 1000 + id });
  m.applySnapshot(snapshot(1, 1000, [], [], { lifecycle_events: [ev(1), ev(2)] }));
  m.applyUpdate({ type: 'update', seq: 2, now: 1001, process_groups: [], lifecycle_events: [ev(2), ev(3), ev(4)] });
  assert.deepEqual(m.events.map((e) => e.id), [2, 3, 4]);
  const g = { id: 1, pid: 9, hostname: 'h', process_group: 'a', fields: { gc_event_start_stamp: 999.5, gc_event_duration: 0.25, gc_event_generation: 2, gc_event_collected: 5 } };
  assert.deepEqual(gcEvent(g), { id: 1, key: '9@h', pid: 9, group: 'a', start: 999.5, duration: 0.25, generation: 2, collected: 5 });
});

test('GC rates come from snapshot deltas; pause share from events of the last 10 s', () => {
  const m = new Model();
  const p1 = proc(1, 'a', { gc: { gc_collections0: 10, gc_collections1: 0, gc_collections2: 1, gc_stamp: 1000 } });
  m.applySnapshot(snapshot(1, 1000, [p1], [group('a', 1)]));
  const p2 = proc(1, 'a', { gc: { gc_collections0: 14, gc_collections1: 0, gc_collections2: 2, gc_stamp: 1002 } });
  m.applyUpdate({ type: 'update', seq: 2, now: 1002, processes: [p2], process_groups: [group('a', 1)],
    gc_events: [{ id: 1, pid: 1, hostname: 'h', process_group: 'a', fields: { gc_event_start_stamp: 1001, gc_event_duration: 0.5, gc_event_generation: 2 } }] });
  const s = m.series.get('g:a').since(1002);
  assert.deepEqual([s.gc0[0], s.gc1[0], s.gc2[0]], [2, 0, 0.5]);
  assert.equal(s.gc_share[0], 0.05);
});

test('scope keys', () => {
  assert.equal(scopeKey('', ''), 'all');
  assert.equal(scopeKey('shop', ''), 'g:shop');
  assert.equal(scopeKey('shop', '1@h'), 'p:1@h');
});

test('a selected process is backfilled from its history, before the points the stream brought', () => {
  const m = new Model();
  m.detail = (p) => p.key === '1@h';
  m.applySnapshot(snapshot(1, 1000, [proc(1, 'a')], [group('a', 1)]));
  m.backfill('p:1@h', [
    { time: 990, samples: 1, request_count: 10, request_throughput: 10, capacity_utilization: 0.5, cpu_utilization: 1, memory_rss: 2097152, request_time: 0.02, status_4xx_total: 5, status_5xx_total: 0 },
    { time: 991, samples: 0, request_count: 0, request_throughput: 0 },
    { time: 1000, samples: 1, request_count: 99, request_throughput: 99 },
  ]);
  const d = m.series.get('p:1@h').since(0);
  assert.deepEqual(d.t, [990, 1000], 'empty seconds and points the stream already has are skipped');
  assert.deepEqual([d.requests[0], d.rss[0], d.request_time[0], d.r4xx[0]], [10, 2, 20, 5]);
  assert.equal(d.requests[1], 5, 'the live point (10 s window) stays');
});

test('a selected group is backfilled from its history (its processes summed per second), before the stream\'s points', () => {
  const m = new Model();
  m.applySnapshot(snapshot(1, 1000, [proc(1, 'a')], [group('a', 1), group('b', 1)]));
  m.backfill('g:a', [
    { time: 995, processes: 2, samples: 2, request_count: 40, request_throughput: 4, capacity_utilization: 0.25, cpu_utilization: 1.5,
      memory_rss: 209715200, request_time: 0.0625, status_4xx_total: 10, status_5xx_total: 20 },
    { time: 996, processes: 2, samples: 2, request_count: 0, request_throughput: 0, request_time: 0, memory_rss: 209715200 },
    { time: 1000, processes: 1, samples: 1, request_count: 99, request_throughput: 99 },
  ]);
  const d = m.series.get('g:a').since(0);
  assert.deepEqual(d.t, [995, 996, 1000]);
  assert.deepEqual([d.requests[1], d.request_time[1]], [0, null], 'a second without requests has no response time');
  assert.deepEqual([d.requests[0], d.capacity[0], d.cpu[0], d.rss[0], d.request_time[0], d.r4xx[0], d.r5xx[0]],
    [4, 0.25, 1.5, 200, 62.5, 1, 2]);
  assert.equal(d.requests[2], 5, 'the live point (the group\'s 10 s window) stays');
  assert.deepEqual(m.series.get('g:b').since(0).t, [1000], 'other groups are untouched');
});

test('all groups are backfilled from the groups\' histories summed per step', () => {
  const a = [
    { time: 990, processes: 1, samples: 1, request_count: 10, request_throughput: 10, capacity_utilization: 0.5, cpu_utilization: 1,
      memory_rss: 1048576, request_time: 0.01, status_4xx_total: 1, status_5xx_total: 0 },
    { time: 991, processes: 1, samples: 1, request_count: 0, request_throughput: 0, capacity_utilization: 0, cpu_utilization: 0.5,
      memory_rss: 1048576, request_time: 0, status_4xx_total: 0, status_5xx_total: 0 },
  ];
  const b = [
    { time: 991, processes: 3, samples: 3, request_count: 30, request_throughput: 30, capacity_utilization: 0.25, cpu_utilization: 2,
      memory_rss: 3145728, request_time: 0.05, status_4xx_total: 0, status_5xx_total: 3 },
  ];
  const all = mergeHistories([b, a]);
  assert.deepEqual(all.map((p) => p.time), [990, 991], 'oldest first, one point per step');
  assert.deepEqual(all[1], { time: 991, processes: 4, samples: 4, request_count: 30, request_throughput: 30, capacity_utilization: 0.1875,
    cpu_utilization: 2.5, memory_rss: 4194304, request_time: 0.05, status_4xx_total: 0, status_5xx_total: 3 },
  'capacity weighted by processes, request time by requests');
  assert.equal(all[0].request_throughput, 10, 'a step only one group reported is that group\'s');
  const m = new Model();
  m.applySnapshot(snapshot(1, 1000, [proc(1, 'a')], [group('a', 1), group('b', 3)]));
  m.backfill('all', all);
  const d = m.series.get('all').since(0);
  assert.deepEqual(d.t, [990, 991, 1000], 'the history, then the stream\'s point');
  assert.deepEqual([d.requests[1], d.capacity[1], d.rss[1], d.request_time[1], d.r5xx[1]], [30, 0.1875, 4, 50, 3]);
});

// The GC names of the ingester's JSON (issue 10): windows[w].gc on processes and groups,
// gc.latest (gc_snapshot fields) and gc.latest_received on processes, gc_pauses in api/history.
const gcWin = (share, wall, young, heapUsed, buckets) => ({ snapshots: 10, wall_seconds: wall, pauses: 4, pause_seconds: share * wall,
  pause_share: share, pauses_per_second: young, max: 0.2, buckets,
  generations: { young: { pauses: 4, pauses_per_second: young, pause_seconds: share * wall }, mixed: { pauses: 0, pauses_per_second: 0 }, full: { pauses: 0, pauses_per_second: 0.25 } },
  heap: { eden: { used: heapUsed, committed: 4 * heapUsed }, survivor: { used: 1, committed: 2 }, old: { used: 10, committed: 20 } } });
const withGc = (g, share, wall, young, heapUsed) => {
  const b = new Array(65).fill(0);
  b[20] = 4;
  for (const w of ['10s', '1m', '10m']) g.windows[w] = { ...g.windows[w], gc: gcWin(share, wall, young, heapUsed, b) };
  return g;
};

test('GC series of a scope come from the windows the ingester sends; All merges groups by wall time', () => {
  const m = new Model();
  const a = withGc(group('a', 1), 0.1, 10, 2, 100);
  const b = withGc(group('b', 1), 0.3, 30, 4, 300);
  m.applySnapshot(snapshot(1, 1000, [], [a, b]));
  const ga = m.series.get('g:a').since(1000);
  assert.deepEqual([ga.gc0[0], ga.gc1[0], ga.gc2[0], ga.gc_share[0]], [2, 0, 0.25, 0.1]);
  const all = m.series.get('all').since(1000);
  assert.equal(all.gc0[0], 6, 'rates add up');
  assert.ok(Math.abs(all.gc_share[0] - (1 + 9) / 40) < 1e-12, 'pause seconds over wall seconds');
  const w = m.gcWindow('1m', '', '');
  assert.equal(w.heap.eden.used, 400);
  assert.equal(w.heap.eden.committed, 1600);
  assert.equal(w.buckets[20], 8, 'pause histograms add up');
});

test('a process\'s gc is {latest: gc_snapshot fields, latest_received}; its history pauses join its timeline', () => {
  const m = new Model();
  m.detail = () => true;
  const p = (n, t) => proc(1, 'a', { gc: { latest: { gc_collections0: n, gc_collections1: 0, gc_collections2: 0 }, latest_received: t, pauses_total: n } });
  m.applySnapshot(snapshot(1, 1000, [p(10, 1000)], [group('a', 1)]));
  m.applyUpdate({ type: 'update', seq: 2, now: 1002, processes: [p(16, 1002)], process_groups: [group('a', 1)] });
  assert.equal(m.series.get('p:1@h').since(1002).gc0[0], 3, 'six collections in two seconds of the ingester clock');
  m.setGcPauses('1@h', [{ start_stamp: 1001, duration: 0.05, generation: 0, generation_name: 'young', collected: 7 }]);
  assert.deepEqual(m.gcEventsIn('', '1@h', 990).map((e) => [e.key, e.start, e.duration, e.collected]), [['1@h', 1001, 0.05, 7]]);
  assert.deepEqual(m.gcEventsIn('', '2@h', 990), [], 'only for that process');
});

test('bytes per second of groups and All come from the groups (the ingester sends only some processes)', () => {
  const m = new Model();
  const a = { ...group('a', 2), input_bytes_per_second: 1000, output_bytes_per_second: 5000 };
  const b = { ...group('b', 3), input_bytes_per_second: 24, output_bytes_per_second: 0 };
  m.applySnapshot(snapshot(1, 1000, [], [a, b]));
  assert.equal(m.series.get('g:a').since(1000).bytes_out[0], 5000);
  assert.equal(m.series.get('all').since(1000).bytes_in[0], 1024);
});
