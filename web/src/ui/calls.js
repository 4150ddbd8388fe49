// calls.js - the call list: one row per call of the report, sortable by any
// column, a filter box, failures first by default (severity, then number).
//
// SPDX-License-Identifier: GPL-2.0-or-later
import { h, severityRank } from './dom.js';

export const COLUMNS = [
  { key: 'call', title: 'Call', num: true },
  { key: 'start', title: 'Start' },
  { key: 'from', title: 'From' },
  { key: 'to', title: 'To' },
  { key: 'hops', title: 'Hops' },
  { key: 'offer', title: 'Offer' },
  { key: 'final', title: 'Final', num: true },
  { key: 'class', title: 'Class' },
  { key: 'verdict', title: 'Verdict' },
];

// The default order: the worst calls on top, then by number.
export function defaultOrder(a, b) {
  return severityRank(a.severity) - severityRank(b.severity) || a.call - b.call;
}

export function sortCalls(calls, key, dir) {
  if (!key) return [...calls].sort(defaultOrder);
  const col = COLUMNS.find((c) => c.key === key);
  const sign = dir === 'desc' ? -1 : 1;
  const cmp = col?.num
    ? (a, b) => (Number(a[key]) || 0) - (Number(b[key]) || 0)
    : (a, b) => String(a[key] ?? '').localeCompare(String(b[key] ?? ''), undefined, { numeric: true });
  return [...calls].sort((a, b) => sign * cmp(a, b) || a.call - b.call);
}

// Every word of the filter must appear in one of the row's columns, or in
// its cause or Call-IDs (case-insensitive).
export function filterCalls(calls, text) {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return calls;
  return calls.filter((c) => {
    const hay = [...COLUMNS.map((col) => c[col.key]), c.cause, c.target, ...(c.call_ids || [])]
      .join('\u0001').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export const formatStart = (v) => (typeof v === 'number' ? v.toFixed(6) : String(v ?? ''));
const cell = (c, key) => (key === 'start' ? formatStart(c.start) : key === 'final' && !c.final ? '' : String(c[key] ?? ''));

// A table element; onSelect(call) when a row is chosen. State (sort, filter)
// lives here; render() redraws from it. At most `limit` rows are drawn:
// tens of thousands of rows make the page slow to scroll and to sort, and
// the filter box narrows them anyway.
export function callTable(onSelect, limit = 2000) {
  let calls = [], key = null, dir = 'asc', filter = '', selected = null;
  const thead = h('thead');
  const tbody = h('tbody');
  const note = h('p', { class: 'note', id: 'calls-note' });
  const table = h('table', { id: 'calls', class: 'grid' }, thead, tbody);

  function header() {
    thead.replaceChildren(h('tr', {}, COLUMNS.map((col) => {
      const sorted = key === col.key ? dir : null;
      return h('th', { 'aria-sort': sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : 'none', class: 'col-' + col.key },
        h('button', { type: 'button', 'data-key': col.key, onclick: () => sortBy(col.key) },
          col.title, sorted ? (sorted === 'asc' ? ' ▲' : ' ▼') : ''));
    })));
  }
  function sortBy(k) {
    if (key === k) dir = dir === 'asc' ? 'desc' : 'asc';
    else { key = k; dir = 'asc'; }
    render();
  }
  function render() {
    header();
    const rows = sortCalls(filterCalls(calls, filter), key, dir);
    tbody.replaceChildren(...rows.slice(0, limit).map((c) => h('tr', {
      class: ['sev-' + (c.severity || 'none'), c.call === selected ? 'selected' : ''].join(' '),
      tabindex: 0, 'data-call': c.call,
      onclick: () => select(c), onkeydown: (e) => { if (e.key === 'Enter') select(c); },
    }, COLUMNS.map((col) => h('td', { class: 'col-' + col.key }, cell(c, col.key))))));
    note.textContent = rows.length > limit ? `Showing ${limit} of ${rows.length} calls: narrow them with the filter.`
      : `${rows.length} of ${calls.length} call${calls.length === 1 ? '' : 's'}`;
  }
  function select(c) { selected = c.call; render(); onSelect(c); }
  return {
    element: [note, table],
    set(list) { calls = list; key = null; dir = 'asc'; selected = null; render(); },
    filter(text) { filter = text; render(); },
    select(callNo) { selected = callNo; render(); },
  };
}
