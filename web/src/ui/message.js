// message.js - one message opened from the ladder or the findings: what the
// core says about it (label, leg, per-hop changes, findings) and its full text.
//
// SPDX-License-Identifier: GPL-2.0-or-later
import { h } from './dom.js';
import { findingItem } from './findings.js';

const row = (k, v) => (v === '' || v === undefined || v === null ? null : h('tr', {}, h('th', {}, k), h('td', {}, String(v))));

// report, index into report.messages; text arrives later (from the worker).
export function messagePanel(report, index) {
  const m = report.messages[index];
  const call = report.calls.find((c) => c.call === m.call);
  // Its leg: the latest INVITE of its hop up to this message (a retried
  // INVITE is a leg of its own), else any leg of the hop.
  const sameHop = (call?.legs || []).filter((l) => l.hop === m.hop);
  const leg = sameHop.filter((l) => l.invite_frame <= m.frame).pop() || sameHop[0];
  const text = h('pre', { class: 'sip-text', id: 'message-text' }, 'reading…');
  const source = h('p', { class: 'note', id: 'message-source' });
  const findings = (m.findings || []).filter((i) => report.findings[i]);
  const panel = h('section', { id: 'message', class: 'message', 'data-msg': index, 'aria-label': 'Message' },
    h('h3', {}, `Frame ${m.frame}: ${m.first_line}`),
    h('table', { class: 'kv' }, h('tbody', {},
      row('siphop', m.label),
      row('From → to', `${m.from_node || m.src || '?'} → ${m.to_node || m.dst || '?'}` + (m.src || m.dst ? `  (${m.src || '?'} → ${m.dst || '?'})` : '')),
      row('Call, hop', m.call ? `call ${m.call}, hop ${m.hop}` : ''),
      row('Time (epoch)', m.epoch),
      row('SDP', m.sdp),
      row('Duplicate', m.dup ? `${m.dup} of frame ${m.dup_of}` : ''),
      leg ? row(`Hop ${leg.hop} link`, leg.link) : null,
      leg ? row(`Hop ${leg.hop} changes`, leg.changes || (leg.hop > 1 ? '(none)' : '')) : null)),
    findings.length ? h('div', { class: 'message-findings' }, h('h4', {}, 'Findings'),
      h('ol', { class: 'findings' }, findings.map((i) => findingItem(report.findings[i], i, null, report.fixes, true)))) : null,
    h('h4', {}, 'Full text'), source, text);
  return {
    element: panel,
    setText(t, comment) {
      text.textContent = t;
      source.textContent = comment ? `Source: ${comment}` : '';
    },
  };
}
