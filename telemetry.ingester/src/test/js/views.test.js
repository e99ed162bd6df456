import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectSlow } from '../../main/resources/ui/js/views/slow.js';
import { heatColor } from '../../main/resources/ui/js/views/capacity.js';

const rec = (key, path, duration, state = 'completed', extra = {}) => ({ key, path_info: path, duration, state, pid: 1, process_group: 'g', ...extra });

test('slow requests: state filter, case-insensitive path search, per-path cap keeping the longest, any-column sort', () => {
  const all = [rec('a', '/API/x', 5), rec('b', '/api/x', 9), rec('c', '/api/x', 7, 'active'), rec('d', '/other', 3), rec('e', '/api/y', 1, 'active', { process_group: 'h' })];
  assert.deepEqual(selectSlow(all, {}).map((s) => s.key), ['b', 'c', 'a', 'd', 'e']);
  assert.deepEqual(selectSlow(all, { state: 'active' }).map((s) => s.key), ['c', 'e']);
  assert.deepEqual(selectSlow(all, { q: 'api/' }).map((s) => s.key), ['b', 'c', 'a', 'e']);
  assert.deepEqual(selectSlow(all, { cap: 1 }).map((s) => s.key), ['b', 'a', 'd', 'e'], 'the longest of /api/x stays');
  assert.deepEqual(selectSlow(all, { sort: 'path_info', dir: 'asc' }).map((s) => s.key), ['b', 'c', 'a', 'e', 'd'], 'locale order: /api before /API, ties by key');
  assert.deepEqual(selectSlow(all, { group: 'h' }).map((s) => s.key), ['e']);
  assert.deepEqual(selectSlow(all, { pid: 2 }), []);
});

test('heat colours run green → amber → red and clamp', () => {
  assert.equal(heatColor(0), 'rgb(46,125,79)');
  assert.equal(heatColor(0.5), 'rgb(233,185,73)');
  assert.equal(heatColor(1), 'rgb(217,72,95)');
  assert.equal(heatColor(7), heatColor(1));
  assert.equal(heatColor(-1), heatColor(0));
});
