// Help: what each view and chart means, and "copy current stats" as Markdown.

import { h, replace } from '../dom.js';
import { statsMarkdown } from '../markdown.js';

const TEXT = [
  ['Top bar', 'Totals of the selected scope (all groups, one group, or one process) over the window chosen on the right: request rate and count, mean and 95th-percentile response time, CPU in cores, resident memory, share of worker-slot time busy, and how many processes, groups and hosts report. Below it, the ingester\u2019s own health: datagrams received, datagrams it could not decode, sequence gaps (drops) and receive-queue stalls. Every window is measured by the ingester\u2019s clock, never the browser\u2019s.'],
  ['Overview', 'One line per process group by default; choose a group to see one line per process, or click a process to see it alone. Throughput, capacity, CPU, response time and RSS are the ingester\u2019s 10-second aggregates, one point per second. Hover a chart for the values at that time. The latency distribution is the merged 65-bucket histogram (1 ms to 65 s, each bucket 25 % wide) of the selected phase; p50, p95, p99, min and max are marked.'],
  ['Capacity', 'Each row is a worker slot, each column one report (the last minute). Colour is the fraction of the interval the slot was busy: green idle-ish, amber half, red fully busy. A red outline marks a slot holding a request longer than the slow threshold; click it to open that request. Saturated means the slots were busy most of the time; CPU-bound means busy slot time was mostly CPU time.'],
  ['Processes', 'Each row a process: from STARTED to STOPPED, with a tick where STOPPING began (the drain). The colour tells the shutdown reason: planned (framework or bundle stopping), tuning (configuration changes, limits) or unplanned (anything else). Click a row or an event to select the process.'],
  ['GC', 'Share of wall time spent in GC pauses, collections per second by pause class (0 young, 1 mixed or concurrent, 2 full), every pause on a timeline, the distribution of pause durations, and heap pool fill (used against committed).'],
  ['Slow requests', 'Requests that ran past their process\u2019s slow threshold, running or completed. Search the path, limit rows per path, sort by any column, pause the list, or clear completed records in the ingester. A row opens every field of the record and the GC pauses of its process that overlapped it.'],
  ['Keys and links', 'Esc closes this help, ? opens it. The address bar holds the tab, group, window and selection: copy it to share exactly this view.'],
];

export function helpDialog(ctx, host) {
  const output = h('textarea', { readonly: true, 'data-test': 'stats-markdown', 'aria-label': 'current stats as Markdown' });
  const note = h('span', { class: 'muted', 'data-test': 'copy-status' });
  const copy = h('button', { type: 'button', 'data-test': 'copy-stats', on: { click: async () => {
    output.value = statsMarkdown(ctx.model, ctx.state);
    output.hidden = false;
    try {
      await navigator.clipboard.writeText(output.value);
      note.textContent = 'copied to the clipboard';
    } catch (e) {
      output.select();
      note.textContent = 'select the text below and copy it (the browser did not allow clipboard access)';
    }
  } } }, 'Copy current stats (Markdown)');
  output.hidden = true;
  const close = h('button', { type: 'button', 'data-test': 'help-close', on: { click: () => ctx.set({ help: '' }) } }, 'Close (Esc)');
  const dialog = h('div', { class: 'dialog' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'help-title' }, 'Telemetry ingester — help'), h('span', { class: 'right' }, close)),
    ...TEXT.flatMap(([title, text]) => [h('h3', {}, title), h('p', {}, text)]),
    h('h3', {}, 'Current stats'), h('p', {}, copy, ' ', note), output);
  replace(host, dialog);
  host.addEventListener('click', (e) => {
    if (e.target === host) ctx.set({ help: '' });
  });
  return {
    render() {
      const open = !!ctx.state.help;
      if (host.hidden === open) host.hidden = !open;
    },
  };
}
