// Overview: time series of the scope (group lines by default, process lines when a group or a
// process is selected), the per-phase breakdown, the latency histogram, and the processes.

import { h, replace, getCss } from '../dom.js';
import { LineChart, drawHistogram } from '../charts.js';
import { num, duration, bytes, percent } from '../format.js';
import { panel, select, WINDOW_SECONDS } from './common.js';
import { scopeKey } from '../model.js';

const METRICS = [['requests', 'requests / s'], ['bytes_in', 'bytes in / s'], ['bytes_out', 'bytes out / s'],
  ['r4xx', '4xx / s'], ['r5xx', '5xx / s']];
const PHASES = [['request_time', 'request (total)'], ['server_time', 'server'], ['application_time', 'application'],
  ['input_read_time', 'input read'], ['output_write_time', 'output write']];
const ms = (v) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 1 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`);

export function overviewView(ctx) {
  const el = h('div', {});
  const grid = h('div', { class: 'grid' });
  el.append(grid);
  const rate = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
  const metricSel = select('Metric', METRICS, ctx.state.metric, (v) => ctx.set({ metric: v }), 'metric');
  const throughput = panel('Throughput', '', [metricSel], { test: 'chart-throughput' });
  const capacity = panel('Capacity utilisation', 'fraction of worker-slot time busy', [], { test: 'chart-capacity' });
  const cpu = panel('CPU', 'cores (user + system)', [], { test: 'chart-cpu' });
  const response = panel('Response time', 'mean per request, all phases', [], { test: 'chart-response' });
  const rss = panel('Memory RSS', 'MiB (sum over processes of a line)', [], { test: 'chart-rss' });
  const phases = panel('Time breakdown', 'mean ms per request, by phase, of the scope', [], { test: 'chart-phases' });
  const phaseSel = select('Phase', PHASES, ctx.state.phase, (v) => ctx.set({ phase: v }), 'phase');
  const hist = panel('Latency distribution', '65 buckets, 1 ms … 65 s, window of the top bar', [phaseSel], { wide: true, test: 'histogram' });
  const procs = panel('Processes', 'in the scope, busiest first; click to select', [], { wide: true, test: 'process-table' });
  grid.append(throughput.el, capacity.el, cpu.el, response.el, rss.el, phases.el, hist.el, procs.el);

  const charts = {
    throughput: new LineChart(throughput.body, { format: rate, testName: 'throughput' }),
    capacity: new LineChart(capacity.body, { format: (v) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`, testName: 'capacity' }),
    cpu: new LineChart(cpu.body, { format: (v) => v.toFixed(2), testName: 'cpu' }),
    response: new LineChart(response.body, { format: ms, testName: 'response' }),
    rss: new LineChart(rss.body, { format: (v) => `${v.toFixed(0)}`, testName: 'rss' }),
    phases: new LineChart(phases.body, { format: ms, testName: 'phases' }),
  };
  const histStats = h('div', { class: 'readout', 'data-test': 'histogram-stats' });
  const canvas = h('canvas', { 'data-test': 'histogram-canvas' });
  hist.body.append(histStats, canvas);
  const tableHost = h('div', {});
  procs.body.append(tableHost);

  /**
   * The lines of the scope for one series column, aligned on the times of the scope's own series
   * (the message times, and before them its history from the ingester when a group or a process
   * is selected): all groups' lines; a group's line and its processes'; or one process's.
   */
  function lines(column, from) {
    const { model } = ctx;
    const { group, process } = ctx.state;
    const base = model.series.get(scopeKey(group, process))?.since(from, []) || { t: [] };
    let keys;
    if (process) keys = [[`p:${process}`, process]];
    else if (group) {
      keys = [[`g:${group}`, group], ...model.processesIn(group).filter((p) => model.series.has(`p:${p.key}`))
        .map((p) => [`p:${p.key}`, `${p.pid}@${p.hostname}`])];
    } else {
      keys = model.groupNames().map((g) => [`g:${g}`, g]);
    }
    const out = [];
    for (const [key, label] of keys) {
      const s = model.series.get(key);
      if (!s) continue;
      const d = s.since(from, [column]);
      const byTime = new Map(d.t.map((t, i) => [t, d[column][i]]));
      out.push({ label, values: base.t.map((t) => (byTime.has(t) ? byTime.get(t) : null)) });
    }
    return { t: base.t, lines: out };
  }

  function render() {
    const { model } = ctx;
    const { group, process, window } = ctx.state;
    const now = model.now();
    const span = Math.max(60, WINDOW_SECONDS[window]);
    const from = now - span;
    const range = [from, now];
    const metric = ctx.state.metric;
    metricSel.querySelector('select').value = metric;
    replace(throughput.el.querySelector('.sub'), METRICS.find((m) => m[0] === metric)?.[1] || '');
    const t1 = lines(metric, from);
    charts.throughput.format = metric.startsWith('bytes') ? (v) => `${bytes(v)}` : rate;
    charts.throughput.update(t1.t, t1.lines, range);
    for (const [name, column] of [['capacity', 'capacity'], ['cpu', 'cpu'], ['response', 'request_time'], ['rss', 'rss']]) {
      const d = lines(column, from);
      charts[name].update(d.t, d.lines, range);
    }
    // phases of the scope itself
    const scope = process ? `p:${process}` : group ? `g:${group}` : 'all';
    const s = model.series.get(scope);
    const cols = PHASES.map((p) => p[0]);
    const d = s ? s.since(from, cols) : { t: [] };
    const colors = [getCss('--accent'), '#8e6bd8', '#2faa8f', '#e0a030', '#d9485f'];
    charts.phases.update(d.t, PHASES.filter(([c]) => d[c]?.some((v) => v != null && v > 0) || c === 'request_time')
      .map(([c, label]) => ({ label, values: d[c] || [], color: colors[cols.indexOf(c)] })), range);
    renderHistogram();
    renderProcesses();
  }

  function renderHistogram() {
    const { model } = ctx;
    const { group, process, window, phase } = ctx.state;
    phaseSel.querySelector('select').value = phase;
    const w = model.window(window, group, process);
    const ph = w?.phases?.[phase];
    const item = (k, v, color, test) => [' ', h('span', { style: null, class: 'muted' }, k), ' ', h('b', { 'data-test': test }, v)];
    replace(histStats, 'n ', h('b', { 'data-test': 'hist-count' }, num(ph?.count || 0, 0)),
      ...item('min', duration(ph?.min), null, 'hist-min'), ...item('p50', duration(ph?.p50), null, 'hist-p50'),
      ...item('p95', duration(ph?.p95), null, 'hist-p95'), ...item('p99', duration(ph?.p99), null, 'hist-p99'),
      ...item('max', duration(ph?.max), null, 'hist-max'), ...item('mean', duration(ph?.mean), null, 'hist-mean'),
      process && !ph?.buckets ? ' · no histogram from the ingester for this process: percentiles only' : '');
    const width = hist.body.clientWidth || 800;
    const markers = [
      { label: 'min', value: ph?.min, color: getCss('--muted'), row: 1 },
      { label: 'p50', value: ph?.p50, color: getCss('--ok') },
      { label: 'p95', value: ph?.p95, color: getCss('--warn'), row: 1 },
      { label: 'p99', value: ph?.p99, color: getCss('--bad') },
      { label: 'max', value: ph?.max, color: getCss('--muted'), row: 1 },
    ];
    drawHistogram(canvas, width, 200, ph?.buckets || new Array(65).fill(0), ph?.buckets ? markers : []);
  }

  function renderProcesses() {
    const { model } = ctx;
    const { group, process, window } = ctx.state;
    const procs = model.processesIn(group, '').map((p) => ({ p, w: p.windows?.[window] }));
    procs.sort((a, b) => (b.w?.request_throughput || 0) - (a.w?.request_throughput || 0) || a.p.pid - b.p.pid);
    const shown = procs.slice(0, 50);
    const rows = shown.map(({ p, w }) => h('tr', {
      class: `clickable ${p.key === process ? 'selected' : ''}`, 'data-key': p.key,
      on: { click: () => ctx.set({ process: p.key === process ? '' : p.key }) },
    },
    h('td', { class: 'r', 'data-test': 'pid' }, String(p.pid)), h('td', { 'data-test': 'hostname' }, p.hostname),
    h('td', { 'data-test': 'group' }, p.process_group), h('td', {}, h('span', { class: `badge ${p.state}` }, p.state)),
    h('td', { class: 'r', 'data-test': 'rps' }, num(w?.request_throughput, 2)),
    h('td', { class: 'r', 'data-test': 'requests-total' }, num(p.requests_total, 0)),
    h('td', { class: 'r' }, percent(w?.capacity_utilization, 1)), h('td', { class: 'r' }, num(w?.cpu_utilization, 2)),
    h('td', { class: 'r' }, bytes(w?.memory_rss)), h('td', { class: 'r' }, duration(w?.phases?.request_time?.p95)),
    h('td', { class: 'r' }, num(p.drops, 0))));
    replace(tableHost, procs.length ? h('table', {},
      h('thead', {}, h('tr', {}, ...['pid', 'host', 'group', 'state', 'req/s', 'requests', 'capacity', 'CPU', 'RSS', 'p95', 'drops']
        .map((c, i) => h('th', { class: i === 0 || i > 3 ? 'r' : '' }, c)))),
      h('tbody', {}, ...rows)) : h('div', { class: 'empty' }, 'No process has reported yet.'),
    procs.length > shown.length ? h('div', { class: 'note' }, `${procs.length - shown.length} more processes: choose a group to narrow the list.`) : null);
  }

  return { el, render };
}
