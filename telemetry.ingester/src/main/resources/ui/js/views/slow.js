// Slow requests: running and completed, filtered, searched, capped per path, sorted by any
// column; a row opens every field of the record and the GC pauses of its process that
// overlapped it.

import { h, replace } from '../dom.js';
import { num, duration, bytes, clock, dateTime } from '../format.js';
import { overlapping } from '../stats.js';
import { panel, select, sortHeader } from './common.js';
import { GC_CLASSES } from '../model.js';

const COLUMNS = [['duration', 'elapsed', 'r'], ['state', 'state'], ['method', 'method'], ['status', 'status', 'r'],
  ['path_info', 'path'], ['log_id', 'log id'], ['pid', 'pid', 'r'], ['process_group', 'group'], ['start_stamp', 'started (UTC)']];
const MAX_ROWS = 500;

/** Filters, caps and sorts slow records as the controls say. Pure (exported for tests). */
export function selectSlow(records, { state = 'all', q = '', cap = 0, sort = 'duration', dir = 'desc', group = '', pid = null }) {
  const needle = q.toLowerCase();
  let list = records.filter((s) => (state === 'all' || s.state === state) && (!group || s.process_group === group)
    && (pid === null || s.pid === pid) && (!needle || String(s.path_info ?? '').toLowerCase().includes(needle)));
  list.sort((a, b) => b.duration - a.duration);
  if (cap > 0) {
    const perPath = new Map();
    list = list.filter((s) => {
      const n = (perPath.get(s.path_info) || 0) + 1;
      perPath.set(s.path_info, n);
      return n <= cap;
    });
  }
  const sign = dir === 'asc' ? 1 : -1;
  list.sort((a, b) => {
    const x = a[sort];
    const y = b[sort];
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
    return sign * c || String(a.key).localeCompare(String(b.key));
  });
  return list;
}

export function slowView(ctx) {
  const el = h('div', {});
  let frozen = null; // the records shown while this view is paused
  const search = h('input', { type: 'search', placeholder: 'path contains…', 'data-test': 'slow-search', size: 28,
    on: { input: (e) => ctx.set({ q: e.target.value }) } });
  const stateSel = select('State', [['all', 'all'], ['active', 'running'], ['completed', 'completed']], ctx.state.state, (v) => ctx.set({ state: v }), 'slow-state');
  const capSel = select('Per path', [['0', 'all'], ['1', '1'], ['5', '5'], ['20', '20']], ctx.state.cap, (v) => ctx.set({ cap: v }), 'slow-cap');
  const pauseBtn = h('button', { type: 'button', 'data-test': 'slow-pause', 'aria-pressed': 'false', on: { click: () => {
    frozen = frozen ? null : [...ctx.model.slow.values()];
    ctx.invalidate();
  } } }, 'Pause');
  const status = h('span', { class: 'muted', 'data-test': 'slow-status' });
  const clearBtn = h('button', { type: 'button', 'data-test': 'slow-clear', title: 'Remove completed records in the ingester (POST api/slow/clear)', on: { click: clear } }, 'Clear completed');
  const toolbar = h('div', { class: 'toolbar' }, search, stateSel, capSel, h('span', { class: 'spacer' }), status, pauseBtn, clearBtn);
  const table = panel('Slow requests', 'requests past their process\u2019s slow threshold; click a row for every field', [], { wide: true, test: 'slow-table' });
  const tableHost = h('div', {});
  table.body.append(tableHost);
  const detail = h('div', { class: 'panel detail', 'data-test': 'slow-detail', hidden: true });
  el.append(toolbar, table.el, detail);

  async function clear() {
    try {
      const r = await fetch(ctx.url('api/slow/clear'), { method: 'POST' });
      const body = await r.json();
      status.textContent = `cleared ${body.cleared} completed`;
    } catch (e) {
      status.textContent = `clear failed: ${e.message}`;
    }
  }

  function onSort(key) {
    const { sort, dir } = ctx.state;
    ctx.set({ sort: key, dir: sort === key && dir === 'desc' ? 'asc' : 'desc' });
  }

  function render() {
    const { model } = ctx;
    const st = ctx.state;
    if (document.activeElement !== search) search.value = st.q;
    stateSel.querySelector('select').value = st.state;
    capSel.querySelector('select').value = st.cap;
    pauseBtn.setAttribute('aria-pressed', String(!!frozen));
    pauseBtn.textContent = frozen ? 'Resume' : 'Pause';
    const p = st.process ? model.processes.get(st.process) : null;
    const records = frozen || [...model.slow.values()];
    const list = selectSlow(records, { state: st.state, q: st.q, cap: Number(st.cap), sort: st.sort, dir: st.dir, group: st.group, pid: p ? p.pid : null });
    const shown = list.slice(0, MAX_ROWS);
    if (!status.textContent.startsWith('cleared')) status.textContent = `${list.length} of ${records.length}${frozen ? ' · paused' : ''}`;
    replace(tableHost, shown.length ? h('table', {},
      h('thead', {}, h('tr', {}, ...COLUMNS.map(([k, label, cls]) => sortHeader(label, k, st.sort, st.dir, onSort, cls)))),
      h('tbody', {}, ...shown.map((s) => h('tr', { class: `clickable ${s.key === st.slow ? 'selected' : ''}`, 'data-key': s.key,
        on: { click: () => ctx.set({ slow: s.key === st.slow ? '' : s.key }) } },
      h('td', { class: 'r' }, duration(s.duration)), h('td', {}, h('span', { class: `badge ${s.state}` }, s.state === 'active' ? 'running' : 'completed')),
      h('td', { 'data-test': 'slow-method' }, s.method ?? '—'), h('td', { class: 'r' }, s.status ? String(s.status) : '—'),
      h('td', { 'data-test': 'slow-path', title: s.path_info ?? '' }, s.path_info ?? '—'), h('td', { class: 'mono', 'data-test': 'slow-log-id' }, s.log_id),
      h('td', { class: 'r' }, String(s.pid)), h('td', { 'data-test': 'slow-group' }, s.process_group ?? ''), h('td', {}, clock(s.start_stamp, true)))))) :
      h('div', { class: 'empty' }, records.length ? 'No slow request matches the filters.' : 'No slow requests.'),
    list.length > shown.length ? h('div', { class: 'note' }, `${list.length - shown.length} more: narrow the search.`) : null);
    renderDetail(records);
  }

  let shownKey = '';
  function renderDetail(records) {
    const key = ctx.state.slow;
    const s = key ? ctx.model.slow.get(key) || records.find((r) => r.key === key) : null;
    detail.hidden = !s;
    if (!s) return;
    if (shownKey !== key) requestAnimationFrame(() => detail.scrollIntoView({ block: 'nearest' }));
    shownKey = key;
    const f = s.fields || {};
    const proc = [...ctx.model.processes.values()].find((p) => p.pid === s.pid);
    const items = [['state', s.state === 'active' ? 'running' : 'completed'], ['elapsed', duration(s.duration)],
      ['started', dateTime(s.start_stamp)], ['method', f.method], ['scheme', f.scheme], ['host (request)', f.hostname],
      ['script name', f.script_name], ['path', f.path_info], ['protocol', f.protocol], ['status', f.status || '—'],
      ['log id', f.log_id], ['slot (thread)', f.thread_id], ['server pid', f.server_pid], ['process', proc ? `${proc.pid} @ ${proc.hostname} (${proc.process_group})` : String(s.pid)],
      ['client', f.peer_ip], ['user agent', f.user_agent ?? 'not captured'],
      ['server time', duration(f.server_time)], ['application time', duration(f.application_time)],
      ['input read time', duration(f.input_read_time)], ['output write time', duration(f.output_write_time)],
      ['bytes in / reads', f.input_bytes === undefined ? '—' : `${bytes(f.input_bytes)} / ${num(f.input_reads, 0)}`],
      ['bytes out / writes', f.output_bytes === undefined ? '—' : `${bytes(f.output_bytes)} / ${num(f.output_writes, 0)}`],
      ['CPU user / system', f.cpu_user_time === undefined ? '—' : `${duration(f.cpu_user_time)} / ${duration(f.cpu_system_time)}`],
      ['in flight at start / end', `${num(f.active_at_start, 0)} / ${num(f.active_at_completion, 0)}`]];
    const known = new Set(['record_state', 'start_stamp', 'duration', 'method', 'scheme', 'hostname', 'script_name', 'path_info', 'protocol',
      'status', 'log_id', 'thread_id', 'server_pid', 'peer_ip', 'user_agent', 'server_time', 'application_time', 'input_read_time',
      'output_write_time', 'input_bytes', 'input_reads', 'output_bytes', 'output_writes', 'cpu_user_time', 'cpu_system_time',
      'active_at_start', 'active_at_completion']);
    for (const [k, v] of Object.entries(f)) if (!known.has(k)) items.push([k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
    const procKey = proc ? proc.key : null;
    // the ingester's own overlap (gc_pauses: count, seconds, pauses with start_stamp, duration,
    // generation, collected, overlap); else from streamed pause events
    const o = s.gc_pauses;
    const gc = o ? (o.pauses || []).map((e) => ({ start: e.start_stamp, duration: e.duration, generation: e.generation, collected: e.collected }))
      : overlapping(ctx.model.gcEvents.filter((e) => (procKey ? e.key === procKey : e.pid === s.pid)), s.start_stamp, s.start_stamp + s.duration);
    const gcCount = o ? o.count : gc.length;
    const gcTotal = o ? o.seconds : gc.reduce((a, e) => a + e.duration, 0);
    const gcKnown = o !== undefined ? o !== null || Boolean(proc?.gc) : ctx.model.gcEvents.length > 0;
    replace(detail, h('div', { class: 'panel-head' }, h('h2', {}, 'Request ', h('span', { class: 'mono', 'data-test': 'detail-log-id' }, s.log_id || '(no log id)')),
      h('span', { class: 'right' }, h('button', { type: 'button', on: { click: () => ctx.set({ slow: '' }) } }, 'Close'))),
    h('dl', {}, ...items.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-field': k }, v === undefined || v === null || v === '' ? '—' : String(v))])),
    h('h2', {}, 'GC pauses of this process during the request'),
    gcCount ? h('div', {}, h('div', { class: 'note', 'data-test': 'detail-gc' }, `${gcCount} pauses, ${duration(gcTotal)} in total (${(100 * gcTotal / Math.max(s.duration, 1e-9)).toFixed(1)} % of the request)`),
      h('table', {}, h('thead', {}, h('tr', {}, ...['start (UTC)', 'duration', 'class', 'reclaimed'].map((c) => h('th', {}, c)))),
        h('tbody', {}, ...gc.map((e) => h('tr', {}, h('td', {}, clock(e.start, true)), h('td', {}, duration(e.duration)), h('td', {}, GC_CLASSES[e.generation] ?? String(e.generation)), h('td', {}, bytes(e.collected)))))))
      : h('div', { class: 'note', 'data-test': 'detail-gc' }, gcKnown ? 'No GC pause overlapped this request.' : 'No GC data from this process (yet).'));
  }

  return { el, render };
}
