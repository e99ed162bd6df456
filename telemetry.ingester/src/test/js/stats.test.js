import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketOf, bucketLow, bucketHigh, percentile, mergeWindows, classRate, shutdownCategory, classify, overlapping }
  from '../../main/resources/ui/js/stats.js';

test('bucketOf reproduces the check values of wire-format.md', () => {
  const checks = [[0.5, 0], [1.0, 0], [1.2499, 0], [1.25, 1], [1.999, 3], [2.0, 4], [3.0, 6], [8.0, 12], [9.99, 12],
    [10.0, 13], [20, 17], [24, 18], [40, 21], [1024, 40], [1280, 41], [57344, 63], [65535.99, 63], [65536, 64]];
  for (const [ms, bucket] of checks) assert.equal(bucketOf(ms / 1000), bucket, `${ms} ms`);
  assert.equal(bucketOf(NaN), 0);
  assert.equal(bucketOf(-1), 0);
});

test('bucket edges: 1.25, 1.5, 1.75, 2, 2.5 ... 65536 ms', () => {
  assert.deepEqual([0, 1, 2, 3, 4].map(bucketHigh), [1.25, 1.5, 1.75, 2, 2.5]);
  assert.equal(bucketLow(0), 0);
  assert.equal(bucketHigh(63), 65536);
  assert.equal(bucketHigh(64), Infinity);
});

test('percentile interpolates inside the bucket and answers the overflow lower edge', () => {
  const h = new Array(65).fill(0);
  h[4] = 10; // [2, 2.5) ms
  assert.equal(percentile(h, 0.5), 0.00225); // 2 + 5/10 * 0.5 ms
  assert.equal(percentile(h, 1), 0.0025);
  const o = new Array(65).fill(0);
  o[64] = 1;
  assert.equal(percentile(o, 0.99), 65.536);
  assert.ok(Number.isNaN(percentile(new Array(65).fill(0), 0.5)));
});

test('mergeWindows adds counts, weights capacity by processes and means by count, recomputes percentiles', () => {
  const h1 = new Array(65).fill(0); h1[0] = 3;
  const h2 = new Array(65).fill(0); h2[40] = 1;
  const a = { samples: 2, request_count: 3, request_throughput: 3, capacity_utilization: 0.5, cpu_utilization: 1,
    memory_rss: 100, status_2xx_total: 3, phases: { request_time: { count: 3, mean: 0.001, min: 0.0005, max: 0.0012, buckets: h1 } } };
  const b = { samples: 1, request_count: 1, request_throughput: 1, capacity_utilization: 0.1, cpu_utilization: 0.5,
    memory_rss: 50, status_5xx_total: 1, phases: { request_time: { count: 1, mean: 1.1, min: 1.1, max: 1.1, buckets: h2 } } };
  const m = mergeWindows([a, b], [3, 1]);
  assert.equal(m.request_count, 4);
  assert.equal(m.memory_rss, 150);
  assert.equal(m.capacity_utilization, (0.5 * 3 + 0.1) / 4);
  assert.equal(m.phases.request_time.mean, (0.003 + 1.1) / 4);
  assert.equal(m.phases.request_time.min, 0.0005);
  assert.equal(m.phases.request_time.max, 1.1);
  assert.equal(m.phases.request_time.buckets[40], 1);
  assert.ok(m.phases.request_time.p99 > 1.0 && m.phases.request_time.p99 < 1.28);
  assert.equal(classRate(m, 5), 1);
});

test('a single window without buckets keeps its own percentiles', () => {
  const m = mergeWindows([{ request_count: 1, phases: { request_time: { count: 1, mean: 2, min: 2, max: 2, p50: 2, p95: 2, p99: 2 } } }]);
  assert.equal(m.phases.request_time.p95, 2);
});

test('shutdown reasons fall into planned, tuning and unplanned', () => {
  assert.equal(shutdownCategory('framework_stopping'), 'planned');
  assert.equal(shutdownCategory('configuration_deleted'), 'tuning');
  assert.equal(shutdownCategory('segfault'), 'unplanned');
  assert.equal(shutdownCategory(null), 'unplanned');
});

test('classify names saturation and CPU-bound work with the numbers behind it', () => {
  assert.equal(classify({ samples: 5, capacity_utilization: 0.95, cpu_utilization: 15 }, 16).label, 'saturated, CPU-bound');
  assert.equal(classify({ samples: 5, capacity_utilization: 0.95, cpu_utilization: 1 }, 16).label, 'saturated');
  assert.equal(classify({ samples: 5, capacity_utilization: 0.25, cpu_utilization: 3.9 }, 16).label, 'CPU-bound');
  assert.equal(classify({ samples: 5, capacity_utilization: 0.1, cpu_utilization: 0.1 }, 16).label, 'normal');
  assert.match(classify({ samples: 5, capacity_utilization: 0.95, cpu_utilization: 1 }, 16).reason, /95 %/);
});

test('overlapping finds GC pauses that touch a request', () => {
  const events = [{ start: 10, duration: 1 }, { start: 20, duration: 0.5 }, { start: 29.9, duration: 0.2 }, { start: 31, duration: 1 }];
  assert.deepEqual(overlapping(events, 10.5, 30).map((e) => e.start), [10, 20, 29.9]);
});
