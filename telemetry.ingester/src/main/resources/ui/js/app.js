// The page: state in the URL hash, one WebSocket, a model, and the views. Renders only the
// visible view, at most once per animation frame, never while paused or hidden.

import { h, replace } from './dom.js';
import { Model, scopeKey, mergeHistories } from './model.js';
import { Connection } from './connection.js';
import { parseHash, formatHash } from './hashstate.js';
import { num, duration, bytes, percent, age } from './format.js';
import { overviewView } from './views/overview.js';
import { capacityView } from './views/capacity.js';
import { processesView } from './views/processes.js';
import { gcView } from './views/gc.js';
import { slowView } from './views/slow.js';
import { helpDialog } from './views/help.js';

const model = new Model();
let state = parseHash(location.hash);
let paused = false;
let connState = 'connecting';
let lastMessageAt = 0; // performance.now() of the newest message
let dirty = true;
let forced = true; // a view change renders even while paused
let conn = null;

const ctx = {
  model,
  get state() { return state; },
  set(patch) {
    state = { ...state, ...patch };
    history.replaceState(null, '', formatHash(state) === '#' ? location.pathname + location.search : formatHash(state));
    applyDetail();
    forced = true;
    invalidate();
  },
  /** URL of an API path relative to the page (works under --root-path). */
  url(path) { return new URL(path, document.baseURI).toString(); },
  invalidate: () => invalidate(),
  get paused() { return paused; },
};

const views = {
  overview: overviewView(ctx), capacity: capacityView(ctx), processes: processesView(ctx), gc: gcView(ctx), slow: slowView(ctx),
};
const help = helpDialog(ctx, document.getElementById('help'));
const main = document.getElementById('views');
for (const [name, v] of Object.entries(views)) {
  v.el.classList.add('view');
  v.el.dataset.view = name;
  main.append(v.el);
}

/** The scope whose history was last asked for: each scope's charts are backfilled once per visit. */
let backfilled = null;

/**
 * Fills the charts of the scope shown with its last minutes from the ingester, so they do not
 * start empty: a process's or a group's from `api/history`; for all groups, each group's (their
 * lines) and their sum (the scope's own series). All groups needs the group names, which come
 * with the first snapshot: until then it waits, and onMessage calls again.
 */
function backfill() {
  const { group, process } = state;
  const scope = scopeKey(group, process);
  if (scope === backfilled) return;
  const groups = process || group ? [] : model.groupNames();
  if (scope === 'all' && !groups.length) return;
  backfilled = scope;
  const history = (query) => fetch(ctx.url(`api/history?${query}`))
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null); // the live stream fills the series anyway
  const current = () => scopeKey(state.group, state.process) === scope;
  const done = () => {
    forced = true;
    invalidate();
  };
  if (scope !== 'all') {
    history(process ? `process=${encodeURIComponent(process)}` : `group=${encodeURIComponent(group)}`).then((h) => {
      if (!h || !current()) return;
      model.backfill(scope, h.points || []);
      if (process) model.setGcPauses(process, h.gc_pauses || []);
      done();
    });
    return;
  }
  Promise.all(groups.map((g) => history(`group=${encodeURIComponent(g)}`))).then((hs) => {
    if (!current()) return;
    hs.forEach((h, i) => h && model.backfill(`g:${groups[i]}`, h.points || []));
    model.backfill('all', mergeHistories(hs.filter(Boolean).map((h) => h.points || [])));
    done();
  });
}

/** Per-process detail (series, slot history) only for what the view shows: keeps memory and work bounded. */
function applyDetail() {
  const { group, process } = state;
  backfill();
  conn?.subscribe({ type: 'subscribe', group: group || null, process: process || null, view: state.tab });
  if (process) model.detail = (p) => p.key === process;
  else if (group) model.detail = (p) => p.process_group === group;
  else model.detail = () => model.processes.size <= 32;
}
applyDetail();

function invalidate() {
  dirty = true;
  requestAnimationFrame(render);
}

function render() {
  if (!dirty || document.hidden) return;
  dirty = false;
  if (paused && !forced) {
    renderConnection(); // pausing freezes the screen; only the connection label stays live
    return;
  }
  forced = false;
  renderChrome();
  for (const [name, v] of Object.entries(views)) {
    const visible = name === state.tab;
    v.el.hidden = !visible;
    if (visible) v.render();
  }
  if (model.messages > 0 && !performance.getEntriesByName('telemetry-first-data').length) {
    performance.mark('telemetry-first-data'); // first paint with data (the benchmark reads it)
  }
  help.render();
}

const $ = (id) => document.getElementById(id);

function stat(label, value, test) {
  return h('div', { class: 'stat' }, h('div', { class: 'v', 'data-test': test }, value), h('div', { class: 'k' }, label));
}

function renderChrome() {
  document.body.dataset.messages = String(model.messages); // how many messages the page has applied (tests wait on it)
  for (const b of document.querySelectorAll('.tabs button[data-tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === state.tab));
  // group filter
  const sel = $('group-filter');
  const names = model.groupNames();
  const want = ['', ...names];
  if (state.group && !names.includes(state.group)) want.push(state.group);
  if (sel.options.length !== want.length || [...sel.options].some((o, i) => o.value !== want[i])) {
    replace(sel, ...want.map((g) => h('option', { value: g }, g === '' ? 'All groups' : g)));
  }
  sel.value = state.group;
  $('window-select').value = state.window;
  $('pause').setAttribute('aria-pressed', String(paused));
  $('pause').textContent = paused ? 'Resume' : 'Pause';
  // scope chips
  const chips = [];
  if (state.group) chips.push(h('span', { class: 'chip' }, 'group ', h('b', {}, state.group), h('button', { title: 'show all groups', on: { click: () => ctx.set({ group: '', process: '' }) } }, '×')));
  if (state.process) {
    const p = model.processes.get(state.process);
    chips.push(h('span', { class: 'chip', 'data-test': 'selected-process' }, 'process ', h('b', {}, p ? `${p.pid} @ ${p.hostname}` : state.process),
      h('button', { title: 'clear the process selection', on: { click: () => ctx.set({ process: '' }) } }, '×')));
  }
  replace($('scope'), chips.length ? 'Scope:' : 'Scope: all groups', ...chips);
  renderTotals();
  renderHealth();
  renderConnection();
}

function renderTotals() {
  const { group, process, window } = state;
  const w = model.window(window, group, process);
  // counts from the groups and the header: the ingester sends only the processes the view shows
  const g = group ? model.groups.get(group) : null;
  const procs = model.processesIn(group, process);
  const counted = (n, fallback) => (Number.isFinite(n) ? n : fallback);
  const hd = model.header || {};
  const processCount = process ? procs.length
    : group ? counted(g?.processes, procs.length) : counted(hd.processes_total, procs.length);
  const hosts = process ? procs.length
    : group ? counted(g?.hosts, new Set(procs.map((p) => p.hostname)).size)
      : counted(hd.hosts, new Set(procs.map((p) => p.hostname)).size);
  const groups = process ? 1 : group ? (model.groups.has(group) ? 1 : 0) : model.groups.size;
  const rt = w?.phases?.request_time;
  const label = { '10s': '10 s', '1m': '1 min', '10m': '10 min' }[window];
  replace($('totals'),
    stat(`req/s · ${label}`, num(w?.request_throughput, 2), 'total-rps'),
    stat('requests', num(w?.request_count, 0), 'total-requests'),
    stat('mean resp', duration(rt?.mean), 'total-mean'),
    stat('p95 resp', duration(rt?.p95), 'total-p95'),
    stat('CPU cores', num(w?.cpu_utilization, 2), 'total-cpu'),
    stat('RSS', bytes(w?.memory_rss), 'total-rss'),
    stat('capacity', percent(w?.capacity_utilization, 1), 'total-capacity'),
    stat('processes', num(processCount, 0), 'total-processes'),
    stat('groups', num(groups, 0), 'total-groups'),
    stat('hosts', num(hosts, 0), 'total-hosts'));
}

function renderHealth() {
  const hd = model.header || {};
  const item = (k, v, bad, test) => h('span', { class: bad ? 'bad' : '' }, `${k} `, h('b', { 'data-test': test }, num(v, 0)));
  replace($('health'),
    h('span', {}, 'Ingester'),
    item('datagrams', hd.total_received, false, 'health-datagrams'),
    item('decode errors', hd.decode_errors, hd.decode_errors > 0, 'health-decode-errors'),
    item('drops', hd.drops, hd.drops > 0, 'health-drops'),
    item('queue stalls', hd.queue_stalls, hd.queue_stalls > 0, 'health-stalls'),
    item('slow active', hd.slow_requests_active ?? [...model.slow.values()].filter((s) => s.state === 'active').length, false, 'health-slow-active'),
    h('span', { class: 'muted' }, `clock ${hd.now ? new Date(hd.now * 1000).toISOString().slice(11, 19) : '—'} UTC (ingester)`));
}

function renderConnection() {
  const el = $('connection');
  const dataAge = lastMessageAt ? (performance.now() - lastMessageAt) / 1000 : NaN;
  if (connState === 'down' || (connState === 'connecting' && model.messages > 0)) {
    el.className = 'connection down';
    el.textContent = `disconnected · data ${age(dataAge)} old · retry in ${Math.ceil(conn.retryIn() / 1000)} s`;
  } else if (connState === 'connecting') {
    el.className = 'connection';
    el.textContent = 'connecting…';
  } else if (paused) {
    el.className = 'connection paused';
    el.textContent = 'paused';
  } else {
    el.className = 'connection live';
    el.textContent = 'live';
  }
}

function onMessage(msg) {
  let ok = true;
  if (msg.type === 'snapshot' || msg.type === 'state') {
    model.applySnapshot(msg);
    backfill(); // all groups waits for the group names a snapshot brings
  } else if (msg.type === 'update') ok = model.applyUpdate(msg);
  if (ok) {
    lastMessageAt = performance.now();
    invalidate();
  }
  return ok;
}

const wsUrl = new URL('ws', document.baseURI);
wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
conn = new Connection(wsUrl.toString(), onMessage, (s) => {
  connState = s;
  invalidate();
});

// controls
$('group-filter').addEventListener('change', (e) => ctx.set({ group: e.target.value, process: '' }));
$('window-select').addEventListener('change', (e) => ctx.set({ window: e.target.value }));
$('pause').addEventListener('click', () => {
  paused = !paused;
  forced = true;
  invalidate();
});
$('help-button').addEventListener('click', () => ctx.set({ help: '1' }));
for (const b of document.querySelectorAll('.tabs button[data-tab]')) b.addEventListener('click', () => ctx.set({ tab: b.dataset.tab }));
window.addEventListener('hashchange', () => {
  state = parseHash(location.hash);
  applyDetail();
  forced = true;
  invalidate();
});
document.addEventListener('visibilitychange', () => {
  forced = true;
  invalidate();
});
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
  if (e.key === 'Escape' && state.help) ctx.set({ help: '' });
  else if (e.key === '?') ctx.set({ help: state.help ? '' : '1' });
});
// the GC view's pause timeline of a selected process comes from its history (the stream carries windows)
setInterval(() => {
  const { process, tab } = state;
  if (tab !== 'gc' || !process || document.hidden || paused) return;
  fetch(ctx.url(`api/history?process=${encodeURIComponent(process)}`))
    .then((r) => (r.ok ? r.json() : null))
    .then((h) => {
      if (h && state.process === process) {
        model.setGcPauses(process, h.gc_pauses || []);
        invalidate();
      }
    })
    .catch(() => {});
}, 5000);
// the connection label ages even when no message arrives
setInterval(() => {
  if (connState !== 'live') invalidate();
  else if (!document.hidden) renderConnection();
}, 1000);

applyDetail();
conn.open();
invalidate();
