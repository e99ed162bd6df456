// GC: per scope or process, the share of wall time in pauses, collections per second per pause
// class, the pause timeline, the pause-duration histogram and heap pool fill. Reads the
// ingester's GC aggregates: `windows[w].gc` of processes and groups (pause_share,
// generations.{young,mixed,full}.pauses_per_second, heap.{eden,survivor,old}.{used,committed},
// buckets and max on groups), `gc.latest` (the last gc_snapshot's fields) on each process, and a
// selected process's pauses from `api/history` (`gc_pauses`); until the ingester has any, the view
// says so.

import { h, replace, sizeCanvas, getCss } from '../dom.js';
import { LineChart, drawHistogram } from '../charts.js';
import { num, duration, bytes, percent, clock } from '../format.js';
import { percentile } from '../stats.js';
import { Model, GC_POOLS } from '../model.js';
import { panel, select, WINDOW_SECONDS } from './common.js';

const CLASSES = ['young', 'mixed / concurrent', 'full'];

/**
 * A pause percentile as shown: never above the longest pause. Percentiles interpolate inside a
 * bucket (the ingester's too), so a p99 could otherwise read 47.8 ms beside a max of 40 ms.
 */
const atMost = (p, max) => (Number.isFinite(max) && Number.isFinite(p) ? Math.min(p, max) : p);
const POOLS = GC_POOLS.map((name, i) => [name, i]);

export function gcView(ctx) {
  const el = h('div', {});
  const processSel = h('select', { 'data-test': 'gc-process', on: { change: (e) => ctx.set({ process: e.target.value }) } });
  const toolbar = h('div', { class: 'toolbar' }, h('label', {}, 'Process ', processSel));
  const empty = h('div', { class: 'empty', 'data-test': 'gc-empty' });
  const grid = h('div', { class: 'grid' });
  el.append(toolbar, empty, grid);
  // each chart's own legend: the overhead chart's lines are groups (or the scope), the others' pause classes
  const shareLegend = h('span', { class: 'chart-legend', 'data-test': 'gc-share-legend' });
  const ratesLegend = h('span', { class: 'chart-legend', 'data-test': 'gc-rates-legend' });
  const classLegend = h('span', { class: 'chart-legend', 'data-test': 'gc-timeline-legend' },
    ...CLASSES.map((c, i) => h('span', { class: 'item' }, h('span', { class: `legend-swatch sw-gen${i}` }), c)));
  const share = panel('GC overhead', 'share of wall time in pauses (10 s): a line per group, or the scope\'s', [shareLegend], { test: 'gc-share' });
  const rates = panel('Collections per second', 'by pause class', [ratesLegend], { test: 'gc-rates' });
  const timeline = panel('Pause timeline', 'each dot one pause: x = start, y = duration', [classLegend], { test: 'gc-timeline' });
  const distribution = panel('Pause distribution', 'pause durations in the 65 latency buckets', [], { test: 'gc-histogram' });
  const heap = panel('Heap pools', 'used / committed, summed over the scope', [], { wide: true, test: 'gc-heap' });
  const byScope = panel('By group', '', [], { wide: true, test: 'gc-table' });
  grid.append(share.el, rates.el, timeline.el, distribution.el, heap.el, byScope.el);
  const shareChart = new LineChart(share.body, { format: (v) => `${(v * 100).toFixed(2)}%`, testName: 'gc-share', legend: shareLegend });
  const ratesChart = new LineChart(rates.body, { format: (v) => v.toFixed(2), testName: 'gc-rates', legend: ratesLegend });
  const timelineStats = h('div', { class: 'readout', 'data-test': 'gc-timeline-stats' });
  const timelineCanvas = h('canvas', {});
  timeline.body.append(timelineStats, timelineCanvas);
  const histStats = h('div', { class: 'readout', 'data-test': 'gc-hist-stats' });
  const histCanvas = h('canvas', {});
  distribution.body.append(histStats, histCanvas);
  const heapHost = h('div', {});
  heap.body.append(heapHost);
  const tableHost = h('div', {});
  byScope.body.append(tableHost);

  function render() {
    const { model } = ctx;
    const { group, process, window } = ctx.state;
    const procs = model.processesIn(group, '');
    const options = [['', `All ${group ? `in ${group}` : 'processes'}`], ...procs.filter((p) => p.gc).map((p) => [p.key, `${p.pid} @ ${p.hostname}`])];
    if (processSel.options.length !== options.length || [...processSel.options].some((o, i) => o.value !== options[i][0])) {
      replace(processSel, ...options.map(([v, t]) => h('option', { value: v }, t)));
    }
    processSel.value = process;
    const withGc = model.processesIn(group, process).filter((p) => p.gc);
    const now = model.now();
    const span = Math.max(60, WINDOW_SECONDS[window]);
    const from = now - span;
    const events = model.gcEventsIn(group, process, from);
    const gw = model.gcWindow(window, group, process);
    if (!withGc.length && !events.length && !gw) {
      replace(empty, 'No GC data yet. GC pauses appear here once the reporters send gc_snapshot and gc_event records and the ingester passes them on.');
      empty.hidden = false;
      grid.hidden = true;
      return;
    }
    empty.hidden = true;
    grid.hidden = false;
    const key = process ? `p:${process}` : group ? `g:${group}` : 'all';
    const s = model.series.get(key);
    const d = s ? s.since(from, ['gc_share', 'gc0', 'gc1', 'gc2']) : { t: [], gc_share: [], gc0: [], gc1: [], gc2: [] };
    shareChart.update(d.t, shareLines(d.t, from), [from, now]);
    ratesChart.update(d.t, [0, 1, 2].map((i) => ({ label: CLASSES[i], values: d[`gc${i}`], color: getCss(`--gen${i}`) })), [from, now]);
    drawTimeline(events, from, now);
    // the window's own figures when the ingester has them; the listed pauses otherwise
    const hist = gw?.buckets || Model.pauseHistogram(events);
    const total = gw ? gw.pause_seconds : events.reduce((a, e) => a + e.duration, 0);
    const count = gw ? gw.pauses : events.length;
    const max = gw ? gw.max : events.length ? events.reduce((m, e) => Math.max(m, e.duration), 0) : NaN;
    const share = gw ? gw.pause_share : total / (span * Math.max(1, withGc.length));
    replace(timelineStats, 'pauses ', h('b', { 'data-test': 'gc-pauses' }, num(count, 0)), ' · total ', h('b', {}, duration(total)),
      ' · share ', h('b', { 'data-test': 'gc-share-value' }, percent(share, 2)),
      gw && !events.length ? h('span', { class: 'muted' }, process ? ' · timeline: loading the pauses…' : ' · select a process for its pause timeline') : '');
    const pct = (p) => atMost(percentile(hist, p), max);
    replace(histStats, 'p50 ', h('b', { 'data-test': 'gc-p50' }, duration(pct(0.5))),
      ' · p99 ', h('b', { 'data-test': 'gc-p99' }, duration(pct(0.99))),
      ' · max ', h('b', { 'data-test': 'gc-max' }, duration(max)));
    drawHistogram(histCanvas, distribution.body.clientWidth || 500, 180, hist, []);
    renderHeap(withGc, gw);
    renderTable();
  }

  /** Pause share lines: one per group for All (aligned on the scope's times), else the scope's own. */
  function shareLines(t, from) {
    const { model } = ctx;
    const { group, process } = ctx.state;
    if (group || process) {
      const s = model.series.get(process ? `p:${process}` : `g:${group}`);
      return [{ label: process || group, values: s ? s.since(from, ['gc_share']).gc_share : [] }];
    }
    return model.groupNames().filter((g) => model.groups.get(g)?.windows?.['10s']?.gc).map((g) => {
      const d = model.series.get(`g:${g}`)?.since(from, ['gc_share']) || { t: [], gc_share: [] };
      const byTime = new Map(d.t.map((x, i) => [x, d.gc_share[i]]));
      return { label: g, values: t.map((x) => (byTime.has(x) ? byTime.get(x) : null)) };
    });
  }

  /** The window's GC figures of each group (All), of each process of the group, or of the process. */
  function renderTable() {
    const { model } = ctx;
    const { group, process, window } = ctx.state;
    const rows = [];
    if (!group && !process) {
      for (const g of model.groupNames()) rows.push([g, model.groups.get(g)?.windows?.[window]?.gc, model.groups.get(g)?.processes]);
    } else {
      for (const p of model.processesIn(group, process)) rows.push([`${p.pid} @ ${p.hostname}`, p.windows?.[window]?.gc, null, p.key]);
    }
    const shown = rows.filter((r) => r[1]);
    replace(byScope.el.querySelector('h2'), group || process ? 'By process' : 'By group');
    replace(byScope.el.querySelector('.sub'), `the ${window} window of the top bar; pause percentiles from the pause histogram`);
    const rate = (gc, c) => num(gc.generations?.[c]?.pauses_per_second, 2);
    replace(tableHost, shown.length ? h('table', {},
      h('thead', {}, h('tr', {}, ...[group || process ? 'process' : 'group', 'pause share', 'pauses', 'young / s', 'mixed / s',
        'full / s', 'p50', 'p99', 'max'].map((c, i) => h('th', { class: i ? 'r' : '' }, c)))),
      h('tbody', {}, ...shown.map(([name, gc, , key]) => h('tr', {
        class: key ? 'clickable' : '', 'data-name': name,
        on: key ? { click: () => ctx.set({ process: key === process ? '' : key }) } : {},
      },
      h('td', { 'data-test': 'gc-row-name' }, name), h('td', { class: 'r', 'data-test': 'gc-row-share' }, percent(gc.pause_share, 2)),
      h('td', { class: 'r', 'data-test': 'gc-row-pauses' }, num(gc.pauses, 0)),
      h('td', { class: 'r', 'data-test': 'gc-row-young' }, rate(gc, 'young')), h('td', { class: 'r', 'data-test': 'gc-row-mixed' }, rate(gc, 'mixed')),
      h('td', { class: 'r', 'data-test': 'gc-row-full' }, rate(gc, 'full')), h('td', { class: 'r', 'data-test': 'gc-row-p50' }, duration(atMost(gc.p50, gc.max))),
      h('td', { class: 'r', 'data-test': 'gc-row-p99' }, duration(atMost(gc.p99, gc.max))), h('td', { class: 'r', 'data-test': 'gc-row-max' }, duration(gc.max))))))
      : h('div', { class: 'empty' }, 'No GC record in this window.'));
  }

  function drawTimeline(events, from, now) {
    const height = 180;
    const g = sizeCanvas(timelineCanvas, timeline.body.clientWidth || 500, height);
    const width = timelineCanvas.drawnWidth;
    const max = Math.max(0.001, ...events.map((e) => e.duration));
    const left = 50;
    const x = (t) => left + ((t - from) / (now - from)) * (width - left - 8);
    const y = (d) => height - 20 - (d / max) * (height - 34);
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = getCss('--muted');
    g.fillText(duration(max), 2, 14);
    g.fillText('0', 2, height - 20);
    g.fillText(clock(from), left, height - 4);
    g.fillText(clock(now), width - 58, height - 4);
    for (const e of events) {
      g.fillStyle = getCss(`--gen${Math.min(2, e.generation)}`);
      g.beginPath();
      g.arc(x(e.start), y(e.duration), 3, 0, 2 * Math.PI);
      g.fill();
    }
  }

  function renderHeap(procs, gw) {
    // the window's heap pools when the ingester sends them, else the latest gc_snapshot fields
    const snap = (p) => (p.gc && 'latest' in p.gc ? p.gc.latest : p.gc) || {};
    const sum = (f) => {
      const m = /^gc_(count|threshold)(\d)$/.exec(f);
      const pool = m && gw?.heap?.[GC_POOLS[Number(m[2])]];
      if (pool) return m[1] === 'count' ? pool.used : pool.committed;
      return procs.reduce((a, p) => a + (snap(p)[f] || 0), 0);
    };
    replace(heapHost, h('table', {}, h('thead', {}, h('tr', {}, ...['pool', 'used', 'committed', 'fill', 'collections', 'reclaimed'].map((c) => h('th', {}, c)))),
      h('tbody', {}, ...POOLS.map(([name, i]) => {
        const used = sum(`gc_count${i}`);
        const committed = sum(`gc_threshold${i}`);
        const fill = committed ? used / committed : NaN;
        const bar = h('div', { class: 'fillbar' }, h('div', {}));
        bar.firstChild.style.width = `${Number.isFinite(fill) ? Math.min(100, fill * 100) : 0}%`;
        return h('tr', { 'data-pool': name }, h('td', { 'data-test': 'gc-pool' }, name), h('td', { class: 'r', 'data-test': 'gc-pool-used' }, bytes(used)),
          h('td', { class: 'r', 'data-test': 'gc-pool-committed' }, bytes(committed)),
          h('td', { 'data-test': 'gc-pool-fill' }, bar, ' ', percent(fill, 0)), h('td', { class: 'r' }, `${CLASSES[i]}: ${num(sum(`gc_collections${i}`), 0)}`),
          h('td', { class: 'r' }, bytes(sum(`gc_collected${i}`))));
      }))));
  }

  return { el, render };
}
