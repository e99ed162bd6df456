// Capacity: per process, a worker-slot heatmap over the last minute (busy fraction green → amber
// → red; slots holding a request past the slow threshold outlined), with a saturated / CPU-bound
// classification and its reason. Clicking an outlined cell opens that slow request.

import { h, replace, sizeCanvas, getCss } from '../dom.js';
import { num, percent } from '../format.js';
import { classify } from '../stats.js';
import { select } from './common.js';

const MAX_PROCESSES = 24;
const COLUMNS = 60;

/** Busy fraction 0..1 → colour on green → amber → red. */
export function heatColor(f) {
  const stops = [[46, 125, 79], [233, 185, 73], [217, 72, 95]];
  const x = Math.max(0, Math.min(1, f)) * 2;
  const i = Math.min(1, Math.floor(x));
  const t = x - i;
  const c = stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export function capacityView(ctx) {
  const el = h('div', {});
  const thresholds = [['0.5', '0.5 s'], ['1', '1 s'], ['2', '2 s'], ['5', '5 s'], ['10', '10 s']];
  const thresholdSel = select('slow requests ≥', thresholds, ctx.state.threshold, (v) => ctx.set({ threshold: v }), 'slow-threshold');
  const toolbar = h('div', { class: 'toolbar' }, h('span', {}, 'busy fraction per slot ', h('span', { class: 'gradient' }), ' 0 → 1'),
    h('span', {}, h('span', { class: 'legend-swatch slow-outline' }), 'slow request'), thresholdSel, h('span', { class: 'spacer' }),
    h('span', { class: 'muted' }, 'last minute, one column per report'));
  const body = h('div', {});
  el.append(toolbar, body);
  const canvases = new Map(); // key -> {section, canvas, head}

  function render() {
    const { model } = ctx;
    const { group, process, window } = ctx.state;
    thresholdSel.querySelector('select').value = ctx.state.threshold;
    const threshold = Number(ctx.state.threshold) || 1;
    const procs = model.processesIn(group, process);
    const detailed = procs.filter((p) => model.slots.has(p.key));
    if (!procs.length) {
      replace(body, h('div', { class: 'empty' }, 'No process has reported yet.'));
      return;
    }
    if (!detailed.length) {
      // too many processes for slot detail: one line per group, with its classification
      replace(body, h('div', { class: 'panel' }, h('div', { class: 'note' }, `${procs.length} processes: choose a group (or a process) to see their worker slots.`),
        h('table', { 'data-test': 'capacity-groups' }, h('thead', {}, h('tr', {}, ...['group', 'processes', 'capacity', 'CPU cores', 'classification', 'reason'].map((c) => h('th', {}, c)))),
          h('tbody', {}, ...model.groupNames().filter((g) => !group || g === group).map((g) => {
            const gw = model.groups.get(g).windows?.[window];
            const slots = model.processesIn(g).reduce((n, p) => n + (p.latest?.request_threads_maximum || 0), 0);
            const c = classify(gw, slots);
            return h('tr', { class: 'clickable', on: { click: () => ctx.set({ group: g }) } }, h('td', {}, g), h('td', { class: 'r' }, num(model.groups.get(g).processes, 0)),
              h('td', { class: 'r' }, percent(gw?.capacity_utilization, 1)), h('td', { class: 'r' }, num(gw?.cpu_utilization, 2)),
              h('td', { class: `cls-${c.label.split(',')[0]}` }, c.label), h('td', { class: 'muted' }, c.reason));
          })))));
      canvases.clear();
      return;
    }
    const shown = [...detailed].sort((a, b) => (b.windows?.['1m']?.capacity_utilization || 0) - (a.windows?.['1m']?.capacity_utilization || 0)
      || a.pid - b.pid).slice(0, MAX_PROCESSES);
    const sections = shown.map((p) => {
      let c = canvases.get(p.key);
      if (!c) {
        const head = h('div', { class: 'panel-head' });
        const canvas = h('canvas', { 'data-test': 'heatmap', 'data-key': p.key });
        canvas.addEventListener('click', (e) => onClick(p.key, canvas, e));
        c = { section: h('section', { class: 'panel heat', 'data-test': 'heat-panel', 'data-key': p.key }, head, canvas), canvas, head };
        canvases.set(p.key, c);
      }
      return c.section;
    });
    for (const key of canvases.keys()) if (!shown.some((p) => p.key === key)) canvases.delete(key);
    replace(body, ...sections, detailed.length > shown.length ? h('div', { class: 'note' }, `Showing the ${shown.length} busiest of ${detailed.length} processes.`) : null);
    for (const p of shown) drawProcess(p, canvases.get(p.key), threshold); // drawn once laid out: never stretched
  }

  function drawProcess(p, c, threshold) {
    const { model } = ctx;
    const cols = model.slots.get(p.key) || [];
    const w1 = p.windows?.['1m'];
    const slots = p.latest?.request_threads_maximum || cols[cols.length - 1]?.slots || 0;
    const cls = classify(w1, slots);
    const peak = cols.reduce((m, col) => Math.max(m, col.busy.reduce((a, b) => a + b, 0) / Math.max(1, col.busy.length)), 0);
    const slowCells = cols.reduce((n, col) => n + col.elapsed.filter((e) => e >= threshold).length, 0);
    replace(c.head, h('h2', { 'data-test': 'heat-title' }, `pid ${p.pid}`), h('span', { class: 'sub' }, p.hostname, ' · ', p.process_group),
      h('span', { class: 'right' }, h('span', {}, `busy ${percent(w1?.capacity_utilization, 0)} (peak report ${percent(peak, 0)})`),
        h('span', {}, `CPU ${num(w1?.cpu_utilization, 2)} cores`), h('span', {}, `${slowCells} slow cells`),
        h('span', { class: `cls-${cls.label.split(',')[0]}`, title: cls.reason, 'data-test': 'classification' }, cls.label),
        h('span', { class: 'muted' }, cls.reason)));
    // rows up to the highest slot that was ever busy in the minute (a pool of 200 threads where 12
    // ever work is 12 rows, not 200), at least 4; the rest is said in words below
    const recorded = cols.length ? cols[cols.length - 1].busy.length : 0;
    let used = 0;
    for (const col of cols) {
      for (let r = col.busy.length - 1; r >= used; r--) {
        if (col.busy[r] > 0 || col.elapsed[r] > 0) {
          used = r + 1;
          break;
        }
      }
    }
    const rows = Math.min(recorded, Math.max(used, 4));
    const cell = rows > 48 ? 6 : 12;
    const left = 30;
    const height = Math.max(24, rows * cell + (slots > rows ? 16 : 4));
    const ctx2 = sizeCanvas(c.canvas, 900, height);
    const width = c.canvas.drawnWidth;
    const cw = (width - left) / COLUMNS;
    c.layout = { left, cw, cell, rows, offset: COLUMNS - cols.length };
    ctx2.font = '10px system-ui, sans-serif';
    ctx2.fillStyle = getCss('--muted');
    for (let r = 0; r < rows; r += rows > 16 ? 4 : 1) ctx2.fillText(String(r + 1), 4, r * cell + cell - 2);
    ctx2.fillStyle = getCss('--panel-2');
    ctx2.fillRect(left, 0, width - left, rows * cell);
    cols.forEach((col, k) => {
      const x = left + (COLUMNS - cols.length + k) * cw;
      for (let r = 0; r < rows; r++) {
        const f = col.busy[r];
        if (f > 0) {
          ctx2.fillStyle = heatColor(f);
          ctx2.fillRect(x + 0.5, r * cell + 0.5, cw - 1, cell - 1);
        }
        if (col.elapsed[r] >= threshold) {
          ctx2.strokeStyle = getCss('--text'); // stands out on red (busy) cells too
          ctx2.lineWidth = 2;
          ctx2.strokeRect(x + 1, r * cell + 1, cw - 2, cell - 2);
        }
      }
    });
    if (slots > rows) {
      ctx2.fillStyle = getCss('--muted');
      ctx2.fillText(`slots 1–${rows} of ${slots}: the others were not busy in the last minute`, left, height - 3);
    }
  }

  function onClick(key, canvas, e) {
    const c = canvases.get(key);
    if (!c?.layout) return;
    const rect = canvas.getBoundingClientRect();
    const { left, cw, cell, offset } = c.layout;
    const k = Math.floor((e.clientX - rect.left - left) / cw) - offset;
    const slot = Math.floor((e.clientY - rect.top) / cell) + 1;
    const cols = ctx.model.slots.get(key) || [];
    const col = cols[k];
    const threshold = Number(ctx.state.threshold) || 1;
    if (!col || !(col.elapsed[slot - 1] >= threshold)) return;
    const p = ctx.model.processes.get(key);
    // the slow record of that slot closest in time to the column
    let best = null;
    for (const s of ctx.model.slow.values()) {
      if (s.pid !== p.pid || s.thread_id !== slot) continue;
      const end = s.start_stamp + s.duration;
      const gap = col.t < s.start_stamp ? s.start_stamp - col.t : col.t > end + 2 ? col.t - end : 0;
      if (!best || gap < best.gap) best = { s, gap };
    }
    ctx.set(best ? { tab: 'slow', slow: best.s.key } : { tab: 'slow', q: '', process: key });
  }

  return { el, render };
}
