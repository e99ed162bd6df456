// View state in the URL hash (#tab=slow&group=shop&window=1m&process=123@host&slow=...), so a
// link reproduces the view. Pure: parse and format only.

export const TABS = ['overview', 'capacity', 'processes', 'gc', 'slow'];
export const WINDOWS = ['10s', '1m', '10m'];

export const DEFAULTS = Object.freeze({
  tab: 'overview', group: '', window: '1m', process: '', slow: '', metric: 'requests', phase: 'request_time',
  threshold: '1', timeline: '5m', state: 'all', q: '', cap: '0', sort: 'duration', dir: 'desc', help: '',
});

/** Parses a location hash; unknown keys are ignored, invalid values fall back to the defaults. */
export function parseHash(hash) {
  const params = new URLSearchParams((hash || '').replace(/^#/, ''));
  const state = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS)) {
    const v = params.get(key);
    if (v !== null) state[key] = v;
  }
  if (!TABS.includes(state.tab)) state.tab = DEFAULTS.tab;
  if (!WINDOWS.includes(state.window)) state.window = DEFAULTS.window;
  if (!['1m', '5m', '10m'].includes(state.timeline)) state.timeline = DEFAULTS.timeline;
  if (!['all', 'active', 'completed'].includes(state.state)) state.state = DEFAULTS.state;
  if (!['asc', 'desc'].includes(state.dir)) state.dir = DEFAULTS.dir;
  return state;
}

/** Formats a state as a hash, leaving out values equal to the defaults (short, stable links). */
export function formatHash(state) {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULTS)) {
    const v = state[key];
    if (v !== undefined && v !== null && String(v) !== DEFAULTS[key]) params.set(key, String(v));
  }
  const s = params.toString();
  return s ? `#${s}` : '#';
}
