// progress.js - the stages of a run, driven by the worker's messages.
//
// SPDX-License-Identifier: GPL-2.0-or-later
import { h } from './dom.js';

export const STAGES = [
  ['loading', 'Loading Wireshark'],
  ['reading', 'Reading files'],
  ['importing', 'Importing logs'],
  ['dissecting', 'Dissecting'],
  ['analysing', 'Analysing'],
];

export function progressView() {
  const bar = h('progress', { id: 'progress-bar', max: 1, value: 0 });
  const steps = h('ol', { class: 'stages' }, STAGES.map(([k, t]) => h('li', { 'data-stage': k }, t)));
  const detail = h('span', { id: 'progress-detail', class: 'note' });
  const el = h('div', { id: 'progress', role: 'status', 'aria-live': 'polite' }, steps, bar, detail);
  let skipped = new Set();
  return {
    element: el,
    // A new run: the import stage is skipped for a single capture.
    start(withImport) {
      skipped = new Set(withImport ? ['loading'] : ['loading', 'importing']);
      for (const li of steps.children) { li.className = skipped.has(li.dataset.stage) ? 'skipped' : ''; }
      bar.value = 0;
      detail.textContent = '';
    },
    stage(name, fraction, text) {
      let seen = false;
      for (const li of steps.children) {
        if (li.dataset.stage === name) { li.className = 'current'; seen = true; }
        else if (!seen && !skipped.has(li.dataset.stage)) li.className = 'done';
        else if (!skipped.has(li.dataset.stage)) li.className = '';
      }
      // The bar: finished stages, plus the fraction of this one.
      const active = STAGES.map(([k]) => k).filter((k) => !skipped.has(k) || k === name);
      const i = active.indexOf(name);
      bar.value = i < 0 ? 0 : (i + (fraction || 0)) / active.length;
      detail.textContent = text || '';
      el.dataset.stage = name;
    },
    finish() {
      for (const li of steps.children) if (!skipped.has(li.dataset.stage)) li.className = 'done';
      bar.value = 1;
      el.dataset.stage = 'done';
    },
    fail() { el.dataset.stage = 'error'; },
  };
}
