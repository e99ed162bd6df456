// Processes: a lifetime timeline (STARTED → STOPPING tick → STOPPED, coloured by the shutdown
// reason's category) and the lifecycle event log, linked both ways through the selected process.

import { h, replace, sizeCanvas, getCss } from '../dom.js';
import { num, duration, clock } from '../format.js';
import { shutdownCategory } from '../stats.js';
import { panel, select } from './common.js';

const SPANS = { '1m': 60, '5m': 300, '10m': 600 };
const MAX_ROWS = 200;
const ROW = 20;
const LABEL = 190;

export function processesView(ctx) {
  const el = h('div', { class: 'grid' });
  const spanSel = select('Window', [['1m', '1 min'], ['5m', '5 min'], ['10m', '10 min']], ctx.state.timeline, (v) => ctx.set({ timeline: v }), 'timeline-window');
  const legend = h('span', { class: 'timeline-legend' }, ...[['running', 'running'], ['planned', 'planned'], ['tuning', 'tuning'], ['unplanned', 'unplanned']]
    .map(([c, t]) => h('span', {}, h('span', { class: `legend-swatch sw-${c}` }), t)));
  const tl = panel('Process timeline', 'one row per process: STARTED → STOPPED, tick at STOPPING; colour = shutdown reason', [legend, spanSel], { wide: true, test: 'timeline' });
  const canvas = h('canvas', { 'data-test': 'timeline-canvas' });
  const tlNote = h('div', { class: 'note' });
  tl.body.append(canvas, tlNote);
  const log = panel('Lifecycle events', 'newest first; click a row to select its process in the timeline', [], { wide: true, test: 'event-log' });
  const tableHost = h('div', {});
  log.body.append(tableHost);
  el.append(tl.el, log.el);
  let rowsDrawn = [];

  canvas.addEventListener('click', (e) => {
    const r = Math.floor((e.clientY - canvas.getBoundingClientRect().top - 18) / ROW);
    const row = rowsDrawn[r];
    if (row) ctx.set({ process: row.key === ctx.state.process ? '' : row.key });
  });

  /** One row per process of the scope: from the process table and from the lifecycle events. */
  function rows(now, from) {
    const { model } = ctx;
    const { group } = ctx.state;
    const byKey = new Map();
    const row = (key, pid, host, grp) => {
      let r = byKey.get(key);
      if (!r) byKey.set(key, (r = { key, pid, host, group: grp, start: NaN, stopping: NaN, stop: NaN, reason: null }));
      return r;
    };
    for (const p of model.processes.values()) {
      if (group && p.process_group !== group) continue;
      const r = row(p.key, p.pid, p.hostname, p.process_group);
      r.start = p.started_stamp || p.first_seen;
      if (p.state === 'stopped') {
        r.stop = p.last_seen;
        r.reason = p.shutdown_reason;
      }
    }
    for (const e of model.events) {
      if (group && e.process_group !== group) continue;
      const r = row(`${e.pid}@${e.hostname}`, e.pid, e.hostname, e.process_group);
      if (e.kind === 'process_started') {
        // the same pid started again (a restart reusing it): a new lifetime on the same row
        if (r.stop < e.stamp || r.stopping < e.stamp) Object.assign(r, { stop: NaN, stopping: NaN, reason: null });
        r.start = e.stamp;
      }
      else if (e.kind === 'process_stopping') r.stopping = e.stamp;
      else if (e.kind === 'process_stopped') r.stop = e.stamp;
      if (e.shutdown_reason) r.reason = e.shutdown_reason;
    }
    const list = [...byKey.values()].filter((r) => !(r.stop < from));
    list.sort((a, b) => (a.start || 0) - (b.start || 0) || a.pid - b.pid);
    return list.slice(-MAX_ROWS);
  }

  function render() {
    const { model } = ctx;
    spanSel.querySelector('select').value = ctx.state.timeline;
    const now = model.now();
    const span = SPANS[ctx.state.timeline];
    const from = now - span;
    const list = rows(now, from);
    rowsDrawn = list;
    const height = 22 + Math.max(1, list.length) * ROW;
    const g = sizeCanvas(canvas, tl.body.clientWidth || 900, height);
    const width = canvas.drawnWidth;
    const x = (t) => LABEL + ((Math.max(from, Math.min(now, t)) - from) / span) * (width - LABEL - 8);
    g.font = '11px system-ui, sans-serif';
    // time axis (ingester clock, UTC)
    g.fillStyle = getCss('--muted');
    g.strokeStyle = getCss('--grid');
    for (let k = 0; k <= 6; k++) {
      const t = from + (span * k) / 6;
      const px = x(t);
      g.fillText(clock(t), Math.min(px - 20, width - 52), 11);
      g.beginPath();
      g.moveTo(px, 16);
      g.lineTo(px, height);
      g.stroke();
    }
    const colors = { running: getCss('--running'), planned: getCss('--planned'), tuning: getCss('--tuning'), unplanned: getCss('--unplanned') };
    list.forEach((r, i) => {
      const y = 18 + i * ROW;
      if (r.key === ctx.state.process) {
        g.fillStyle = getCss('--panel-2');
        g.fillRect(0, y, width, ROW);
      }
      g.fillStyle = getCss('--text');
      g.font = '12px ui-monospace, monospace';
      g.fillText(`pid ${r.pid}`, 6, y + 14);
      g.fillStyle = getCss('--muted');
      g.font = '11px system-ui, sans-serif';
      const label = `${r.group} · ${r.host}`;
      g.fillText(label.length > 22 ? `${label.slice(0, 21)}…` : label, 78, y + 14);
      const start = Number.isFinite(r.start) ? r.start : from;
      const end = Number.isFinite(r.stop) ? r.stop : now;
      const category = Number.isFinite(r.stop) || Number.isFinite(r.stopping) ? shutdownCategory(r.reason) : 'running';
      g.fillStyle = colors[category];
      g.fillRect(x(start), y + 4, Math.max(2, x(end) - x(start)), ROW - 8);
      if (Number.isFinite(r.stopping) && r.stopping >= from) {
        g.fillStyle = getCss('--text');
        g.fillRect(x(r.stopping) - 1, y + 2, 3, ROW - 4);
      }
    });
    replace(tlNote, list.length ? `${list.length} processes${list.length === MAX_ROWS ? ` (newest ${MAX_ROWS})` : ''}` : 'No process in the window.');
    renderLog();
  }

  function renderLog() {
    const { model } = ctx;
    const { group, process } = ctx.state;
    const events = model.events.filter((e) => !group || e.process_group === group).slice(-200).reverse();
    const f = (e, name) => e.fields?.[name];
    replace(tableHost, events.length ? h('table', { 'data-test': 'event-table' },
      h('thead', {}, h('tr', {}, ...['time (UTC)', 'kind', 'pid', 'host', 'group', 'reason', 'uptime', 'requests', 'in-flight', 'drain']
        .map((c) => h('th', {}, c)))),
      h('tbody', {}, ...events.map((e) => {
        const key = `${e.pid}@${e.hostname}`;
        const cat = e.shutdown_reason ? shutdownCategory(e.shutdown_reason) : '';
        const inflight = f(e, 'active_requests_at_exit') ?? f(e, 'active_requests_at_decision');
        const drain = f(e, 'graceful_drain');
        return h('tr', { class: `clickable ${key === process ? 'selected' : ''}`, 'data-key': key, on: { click: () => ctx.set({ process: key === process ? '' : key }) } },
          h('td', {}, clock(e.stamp, true)), h('td', {}, h('span', { class: `badge ${e.kind}` }, e.kind.replace('process_', '').toUpperCase())),
          h('td', { 'data-test': 'event-pid' }, String(e.pid)), h('td', { 'data-test': 'event-host' }, e.hostname), h('td', { 'data-test': 'event-group' }, e.process_group),
          h('td', {}, e.shutdown_reason ? h('span', { class: `badge ${cat}`, 'data-test': 'event-reason' }, e.shutdown_reason) : '—'),
          h('td', {}, duration(f(e, 'process_uptime'))), h('td', { class: 'r' }, num(f(e, 'lifetime_request_count'), 0)),
          h('td', { class: 'r' }, num(inflight, 0)), h('td', {}, drain === undefined ? '—' : drain ? 'graceful' : 'cut off'));
      }))) : h('div', { class: 'empty' }, 'No lifecycle events yet.'));
  }

  return { el, render };
}
