// Helpers shared by the views.

import { h } from '../dom.js';

export const WINDOW_SECONDS = { '10s': 10, '1m': 60, '10m': 600 };

/** A panel with a title, a subtitle and an optional control area on the right. */
export function panel(title, sub, right = [], attrs = {}) {
  const body = h('div', { class: 'panel-body' });
  const el = h('section', { class: `panel ${attrs.wide ? 'wide' : ''}`, 'data-test': attrs.test },
    h('div', { class: 'panel-head' }, h('h2', {}, title), h('span', { class: 'sub' }, sub || ''),
      h('span', { class: 'right' }, ...right)),
    body);
  return { el, body };
}

/** A labelled select; `options` as [value, text] pairs. */
export function select(label, options, value, onChange, test) {
  const s = h('select', { 'data-test': test, on: { change: (e) => onChange(e.target.value) } },
    ...options.map(([v, t]) => h('option', { value: v }, t)));
  s.value = value;
  return h('label', {}, `${label} `, s);
}

/** A sortable table header cell. */
export function sortHeader(label, key, sort, dir, onSort, cls = '') {
  const sorted = sort === key;
  return h('th', { class: `sortable ${cls} ${sorted ? `sorted ${dir}` : ''}`, 'data-sort': key, on: { click: () => onSort(key) } }, label);
}
