import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelay, CAP_MS } from '../../main/resources/ui/js/backoff.js';
import { parseHash, formatHash, DEFAULTS } from '../../main/resources/ui/js/hashstate.js';
import { cell, statsMarkdown } from '../../main/resources/ui/js/markdown.js';
import { duration, bytes, clock } from '../../main/resources/ui/js/format.js';
import { Model } from '../../main/resources/ui/js/model.js';

test('reconnect delays grow exponentially, stay within half..all of the ceiling, and are capped', () => {
  assert.equal(reconnectDelay(0, () => 0), 250);
  assert.equal(reconnectDelay(0, () => 1), 500);
  assert.equal(reconnectDelay(3, () => 0), 2000);
  assert.equal(reconnectDelay(3, () => 1), 4000);
  assert.equal(reconnectDelay(50, () => 1), CAP_MS);
  assert.equal(reconnectDelay(50, () => 0), CAP_MS / 2);
});

test('hash state round-trips and leaves defaults out', () => {
  const s = { ...DEFAULTS, tab: 'slow', group: 'a b&c', window: '10m', process: '12@host' };
  const h = formatHash(s);
  assert.equal(h, '#tab=slow&group=a+b%26c&window=10m&process=12%40host');
  assert.deepEqual(parseHash(h), s);
  assert.equal(formatHash(DEFAULTS), '#');
  assert.equal(parseHash('#tab=evil&window=3h').tab, 'overview');
  assert.equal(parseHash('#tab=evil&window=3h').window, '1m');
});

test('Markdown cells neutralise pipes, line breaks and markup from datagrams', () => {
  assert.equal(cell('a|b\n<img src=x>`'), 'a\\|b \\<img src=x\\>\\`');
  assert.equal(cell(''), '—');
});

test('the stats Markdown carries totals, groups and processes of the scope', () => {
  const m = new Model();
  const w = { samples: 60, request_count: 120, request_throughput: 2, capacity_utilization: 0.5, cpu_utilization: 0.25, memory_rss: 1 << 20,
    status_2xx_total: 120, phases: { request_time: { count: 120, mean: 0.01, min: 0.001, max: 0.5, buckets: new Array(65).fill(0).map((_, i) => (i === 13 ? 120 : 0)) } } };
  m.applySnapshot({ seq: 1, now: 1700000000, total_received: 42, processes: [{ key: '7@h', pid: 7, hostname: 'h', process_group: 'shop', state: 'running', requests_total: 120, windows: { '1m': w } }],
    process_groups: [{ process_group: 'shop', processes: 1, windows: { '1m': w } }], slow_requests: [], lifecycle_events: [] });
  const md = statsMarkdown(m, { window: '1m' });
  assert.match(md, /\| requests \| 120 \|/);
  assert.match(md, /\| shop \| 1 \| 2 \| 50.0 % \|/);
  assert.match(md, /\| 7 \| h \| shop \| running \|/);
  assert.match(md, /\| request_time \| 120 \| 10.0 ms \|/);
  assert.match(md, /2023-11-14 22:13:20 UTC/);
});

test('formatting', () => {
  assert.equal(duration(0.0123), '12.3 ms');
  assert.equal(duration(4.2), '4.20 s');
  assert.equal(bytes(300 * 1048576), '300 MiB');
  assert.equal(clock(1700000000.5, true), '22:13:20.500');
});
