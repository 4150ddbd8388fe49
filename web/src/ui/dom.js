// dom.js - the few DOM helpers the views share.
//
// SPDX-License-Identifier: GPL-2.0-or-later

// h('tr', {class: 'x', onclick: fn}, child, 'text', ...) -> element.
// Text always goes in as text nodes: nothing from a file becomes markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

// Save a Blob under a name, the browser's own way (no request leaves the page).
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// The core's severities, worst first; '' (none) last.
export const SEVERITIES = ['error', 'warning', 'note', 'chat', ''];
export const severityRank = (s) => { const i = SEVERITIES.indexOf(s || ''); return i < 0 ? SEVERITIES.length : i; };

// The worst severity of a message's findings ('' when none).
export function messageSeverity(report, msg) {
  let best = '';
  for (const f of msg.findings || []) {
    const s = report.findings[f]?.severity || '';
    if (severityRank(s) < severityRank(best)) best = s;
  }
  return best;
}
