// "Copy current stats": the page's numbers as Markdown for an issue or a chat. Pure.

import { num, duration, bytes, percent, dateTime } from './format.js';

/** A datagram string made safe for a Markdown table cell (no pipes, no line breaks, no markup). */
export function cell(s) {
  if (s === null || s === undefined || s === '') return '—';
  return String(s).replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/([\\|`*_[\]<>])/g, '\\$1');
}

function table(head, rows) {
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

/**
 * The Markdown report of a model for a scope.
 * @param model a Model; @param scope {group, process, window}; @param maxProcesses rows of the process table
 */
export function statsMarkdown(model, scope, maxProcesses = 50) {
  const { group = '', process = '', window = '1m' } = scope;
  const h = model.header || {};
  const info = model.info || {};
  const w = model.window(window, group, process);
  const procs = model.processesIn(group, process);
  const out = [];
  out.push(`## Telemetry stats — ${process ? `process ${cell(process)}` : group ? `group ${cell(group)}` : 'all groups'}, last ${window}`);
  out.push('');
  out.push(`Ingester clock: ${dateTime(h.now)}`);
  out.push('');
  out.push('### Environment');
  const versions = new Set(procs.map((p) => `${cell(p.mod_wsgi_version)} / ${cell(p.python_version)} / ${cell(p.apache_version)} / ${cell(p.mpm_name)}`));
  out.push(table(['item', 'value'], [
    ['ingester socket', cell(info.socket)],
    ['retention', duration(info.retention_seconds)],
    ['reporter / runtime / framework / server', [...versions].slice(0, 5).join('; ') || '—'],
    ['hosts', cell([...new Set(procs.map((p) => p.hostname))].slice(0, 10).join(', '))],
  ]));
  out.push('');
  out.push('### Totals');
  const rt = w?.phases?.request_time;
  out.push(table(['metric', 'value'], [
    ['requests', num(w?.request_count, 0)],
    ['throughput', `${num(w?.request_throughput, 2)} req/s`],
    ['response mean / p95', `${duration(rt?.mean)} / ${duration(rt?.p95)}`],
    ['capacity used', percent(w?.capacity_utilization, 1)],
    ['CPU', `${num(w?.cpu_utilization, 2)} cores`],
    ['RSS', bytes(w?.memory_rss)],
    ['status 2xx / 3xx / 4xx / 5xx', [2, 3, 4, 5].map((c) => num(w?.[`status_${c}xx_total`], 0)).join(' / ')],
    ['processes / groups', `${procs.length} / ${process ? 1 : group ? 1 : model.groups.size}`],
    ['datagrams / decode errors / drops', `${num(h.total_received, 0)} / ${num(h.decode_errors, 0)} / ${num(h.drops, 0)}`],
  ]));
  out.push('');
  out.push('### Groups');
  out.push(table(['group', 'processes', 'req/s', 'capacity', 'CPU cores', 'RSS', 'p95'],
    model.groupNames().filter((g) => !group || g === group).map((g) => {
      const gw = model.groups.get(g).windows?.[window];
      return [cell(g), num(model.groups.get(g).processes, 0), num(gw?.request_throughput, 2),
        percent(gw?.capacity_utilization, 1), num(gw?.cpu_utilization, 2), bytes(gw?.memory_rss),
        duration(gw?.phases?.request_time?.p95)];
    })));
  out.push('');
  out.push('### Lifecycle (latest 20)');
  const events = model.events.filter((e) => (!group || e.process_group === group)).slice(-20);
  out.push(events.length ? table(['time', 'kind', 'pid', 'group', 'reason'], events.map((e) => [dateTime(e.stamp),
    cell(e.kind), String(e.pid), cell(e.process_group), cell(e.shutdown_reason)])) : 'No lifecycle events.');
  out.push('');
  out.push(`### Processes${procs.length > maxProcesses ? ` (busiest ${maxProcesses} of ${procs.length})` : ''}`);
  const sorted = [...procs].sort((a, b) => (b.windows?.[window]?.request_throughput || 0) - (a.windows?.[window]?.request_throughput || 0));
  out.push(table(['pid', 'host', 'group', 'state', 'req/s', 'capacity', 'CPU', 'RSS', 'p95', 'requests total'],
    sorted.slice(0, maxProcesses).map((p) => {
      const pw = p.windows?.[window];
      return [String(p.pid), cell(p.hostname), cell(p.process_group), cell(p.state), num(pw?.request_throughput, 2),
        percent(pw?.capacity_utilization, 1), num(pw?.cpu_utilization, 2), bytes(pw?.memory_rss),
        duration(pw?.phases?.request_time?.p95), num(p.requests_total, 0)];
    })));
  out.push('');
  out.push('### Latency distributions');
  const phases = Object.entries(w?.phases || {}).filter(([, ph]) => ph.count > 0);
  out.push(phases.length ? table(['phase', 'count', 'mean', 'min', 'p50', 'p95', 'p99', 'max'], phases.map(([name, ph]) => [
    name, num(ph.count, 0), duration(ph.mean), duration(ph.min), duration(ph.p50), duration(ph.p95), duration(ph.p99),
    duration(ph.max)])) : 'No completed requests in the window.');
  out.push('');
  return out.join('\n');
}
