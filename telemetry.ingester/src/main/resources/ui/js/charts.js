// Charts: uPlot line charts for time series (cursor readout included), and small canvas charts
// of our own for histograms.

import uPlot from '../vendor/uplot/uPlot.esm.js';
import { h, getCss, seriesColor, sizeCanvas } from './dom.js';
import { clock } from './format.js';
import { bucketLow, bucketHigh } from './stats.js';

const MAX_LEGEND = 12;

/** A time-series chart whose set of lines may change (recreated only when it does). */
export class LineChart {
  /** @param legend an element (in the panel's head, say) that lists this chart's lines with their colours */
  constructor(container, { height = 190, format = (v) => String(v), testName, legend = null } = {}) {
    this.container = container;
    this.legend = legend;
    this.height = height;
    this.format = format;
    this.readout = h('div', { class: 'readout', 'data-test': testName ? `${testName}-readout` : null });
    this.host = h('div', { class: 'chart', 'data-test': testName ? `${testName}-chart` : null });
    container.append(this.host, this.readout);
    this.plot = null;
    this.labels = null;
    this.lastData = null;
    new ResizeObserver(() => this.#resize()).observe(this.host);
  }

  #resize() {
    if (this.plot && this.host.clientWidth > 0) this.plot.setSize({ width: this.host.clientWidth, height: this.height });
  }

  /**
   * @param {number[]} t times (epoch seconds, ingester clock)
   * @param {{label: string, values: number[]}[]} lines
   * @param {[number, number]} range x range
   */
  update(t, lines, range) {
    const labels = lines.map((l) => l.label).join('\u0000');
    const data = [t, ...lines.map((l) => l.values)];
    if (!this.plot || labels !== this.labels || this.host.clientWidth !== this.plot.width) {
      this.plot?.destroy();
      this.labels = labels;
      this.plot = this.#create(lines);
      this.legend?.replaceChildren(...lines.map((l, i) => {
        const swatch = h('span', { class: 'legend-swatch' });
        swatch.style.background = this.colors[i];
        return h('span', { class: 'item' }, swatch, l.label);
      }));
    }
    this.range = range;
    this.plot.setData(data, false);
    this.plot.setScale('x', { min: range[0], max: range[1] });
    this.lastData = data;
    // the oldest point, for tests and for a person inspecting the page: its time and each line's value
    this.host.dataset.points = String(t.length);
    this.host.dataset.first = t.length ? JSON.stringify({ t: t[0], values: Object.fromEntries(lines.map((l) => [l.label, l.values[0]])) }) : '';
    this.#readout(null);
  }

  #create(lines) {
    const axis = { stroke: getCss('--muted'), grid: { stroke: getCss('--grid'), width: 1 }, ticks: { show: false },
      font: '11px system-ui, sans-serif' };
    const n = lines.length;
    const opts = {
      width: Math.max(200, this.host.clientWidth || 500),
      height: this.height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: { x: { time: true }, y: { range: (u, min, max) => [Math.min(0, min ?? 0), max > 0 ? max * 1.1 : 1] } },
      axes: [{ ...axis, space: 70, values: (u, vals) => vals.map((v) => clock(v)) }, { ...axis, size: 58, values: (u, vals) => vals.map((v) => this.format(v)) }],
      series: [{ label: 'time', value: (u, v) => (v == null ? '—' : clock(v)) },
        ...lines.map((l, i) => ({ label: l.label, stroke: l.color || seriesColor(i, n), width: 1.5, spanGaps: false,
          points: { show: false }, value: (u, v) => (v == null ? '—' : this.format(v)) }))],
      hooks: { setCursor: [(u) => this.#readout(u.cursor.idx)] },
    };
    this.colors = opts.series.slice(1).map((x) => x.stroke);
    return new uPlot(opts, [[], ...lines.map(() => [])], this.host);
  }

  /** The readout line: at the hovered time (or the newest point) the value of each line, biggest first. */
  #readout(idx) {
    const data = this.lastData;
    if (!data || !data[0].length) {
      this.readout.replaceChildren('no data in the window yet');
      return;
    }
    const i = idx ?? data[0].length - 1;
    const labels = this.labels ? this.labels.split('\u0000') : [];
    const values = labels.map((label, k) => ({ label, v: data[k + 1]?.[i], color: this.colors[k] })).filter((x) => x.v != null);
    values.sort((a, b) => b.v - a.v);
    const parts = [h('span', { class: 'item muted' }, idx == null ? 'latest ' : 'at ', h('b', {}, clock(data[0][i])), ' UTC')];
    for (const x of values.slice(0, MAX_LEGEND)) {
      const swatch = h('span', { class: 'legend-swatch' });
      swatch.style.background = x.color;
      parts.push(h('span', { class: 'item' }, swatch, labels.length > 1 ? `${x.label} ` : '', h('b', {}, this.format(x.v))));
    }
    if (values.length > MAX_LEGEND) parts.push(h('span', { class: 'item' }, `+${values.length - MAX_LEGEND} more`));
    this.readout.replaceChildren(...parts);
  }
}

/**
 * A latency histogram of the 65 buckets, log-spaced bars, with markers (p50, p95, ...) drawn as
 * vertical lines labelled with their names.
 */
export function drawHistogram(canvas, fallbackWidth, height, buckets, markers = []) {
  const ctx = sizeCanvas(canvas, fallbackWidth, height);
  const width = canvas.drawnWidth;
  let last = 0;
  let first = 64;
  buckets.forEach((c, i) => {
    if (c > 0) {
      last = Math.max(last, i);
      first = Math.min(first, i);
    }
  });
  if (first > last) {
    ctx.fillStyle = getCss('--muted');
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText('no requests in the window', 12, height / 2);
    return;
  }
  const lo = Math.max(0, first - 2);
  const hi = Math.min(64, last + 2);
  const n = hi - lo + 1;
  const left = 40;
  const bottom = height - 22;
  const top = 18;
  const bw = (width - left - 8) / n;
  const max = Math.max(...buckets);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = getCss('--muted');
  ctx.fillText(String(max), 4, top + 8);
  ctx.fillText('0', 4, bottom);
  ctx.fillStyle = getCss('--accent');
  for (let i = lo; i <= hi; i++) {
    const c = buckets[i];
    if (!c) continue;
    const bh = Math.max(1, ((bottom - top) * c) / max);
    ctx.fillRect(left + (i - lo) * bw + 1, bottom - bh, Math.max(1, bw - 2), bh);
  }
  ctx.fillStyle = getCss('--muted');
  const step = Math.max(1, Math.ceil(n / 10));
  for (let i = lo; i <= hi; i += step) {
    const ms = bucketLow(i);
    ctx.fillText(ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`, left + (i - lo) * bw, height - 6);
  }
  // markers: position inside the bucket by linear interpolation of the value
  for (const m of markers) {
    if (!Number.isFinite(m.value)) continue;
    const ms = m.value * 1000;
    let i = lo;
    while (i < hi && bucketHigh(i) <= ms) i++;
    const frac = Number.isFinite(bucketHigh(i)) ? (ms - bucketLow(i)) / (bucketHigh(i) - bucketLow(i)) : 0;
    const x = left + (i - lo + Math.min(1, Math.max(0, frac))) * bw;
    ctx.strokeStyle = m.color;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, top - 4);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = m.color;
    ctx.fillText(m.label, x + 3, top - 6 + 10 * (m.row || 0));
  }
}
