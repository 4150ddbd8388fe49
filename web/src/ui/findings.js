// findings.js - every finding of the report (the plugin's expert items):
// severity, frame, summary, the fix and its steps; a click opens the message.
//
// SPDX-License-Identifier: GPL-2.0-or-later
import { h, severityRank } from './dom.js';

// Worst first, then in frame order, as Wireshark's Expert Information.
export function sortFindings(findings) {
  return findings.map((f, i) => ({ f, i }))
    .sort((a, b) => severityRank(a.f.severity) - severityRank(b.f.severity) || a.f.frame - b.f.frame || a.i - b.i);
}

// A finding's fix steps: its class's, which the report keeps once
// (report.fixes) rather than in each of thousands of findings.
export function fixSteps(f, fixes) {
  return f.fix ? fixes?.[f.class]?.steps ?? [] : [];
}

// One finding; onOpen(f) from its "frame N" link (none: plain text). The
// fix's steps are folded (a click unfolds them) unless `open`: many
// findings share one fix, and the list stays readable.
export function findingItem(f, i, onOpen, fixes, open = f.severity === 'error') {
  const steps = fixSteps(f, fixes);
  const where = [`frame ${f.frame}`, f.call ? `, call ${f.call}` : ''];
  return h('li', { class: 'finding sev-' + (f.severity || 'none'), 'data-finding': i, 'data-frame': f.frame },
    h('div', { class: 'finding-head' },
      h('span', { class: 'badge sev-' + (f.severity || 'none') }, f.severity || 'info'),
      onOpen ? h('button', { type: 'button', class: 'link', title: 'Show this message in its call', onclick: () => onOpen(f) }, where)
        : h('span', {}, where),
      h('span', { class: 'finding-title' }, f.title || f.name || '')),
    h('p', { class: 'summary' }, f.summary || ''),
    !f.fix ? null : steps.length
      ? h('details', { class: 'fix', open }, h('summary', {}, h('strong', {}, 'Fix: '), f.fix),
        h('ol', { class: 'steps' }, steps.map((s) => h('li', {}, s))))
      : h('div', { class: 'fix' }, h('strong', {}, 'Fix: '), f.fix));
}

export function findingsList(onOpen, limit = 2000) {
  const note = h('p', { class: 'note' });
  const list = h('ol', { id: 'findings', class: 'findings' });
  let all = [], fixes = {}, sevFilter = '';
  const select = h('select', { id: 'findings-severity', 'aria-label': 'Severity', onchange: () => { sevFilter = select.value; render(); } },
    h('option', { value: '' }, 'all severities'),
    ['error', 'warning', 'note', 'chat'].map((s) => h('option', { value: s }, s + ' only')));

  const item = ({ f, i }) => findingItem(f, i, onOpen, fixes);
  function render() {
    const rows = sortFindings(all).filter(({ f }) => !sevFilter || f.severity === sevFilter);
    list.replaceChildren(...rows.slice(0, limit).map(item));
    note.textContent = rows.length > limit ? `Showing ${limit} of ${rows.length} findings.` : `${rows.length} finding${rows.length === 1 ? '' : 's'}`;
  }
  return {
    element: [h('div', { class: 'toolbar' }, select, note), list],
    set(findings, fixesOf = {}) { all = findings; fixes = fixesOf; sevFilter = ''; select.value = ''; render(); },
  };
}
