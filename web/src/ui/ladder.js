// ladder.js - a call as a ladder across its hops, as the plugin's flow graph:
// one column per node, named by role (the report's from_node/to_node), one
// arrow per message in time order, coloured by the worst severity of its
// findings. Pure functions, no DOM: the same SVG text is shown in the page
// and saved as the SVG export (and drawn into a canvas for the PNG).
//
// SPDX-License-Identifier: GPL-2.0-or-later

// Severity colours: dark red is a network fault, as the plugin's profile.
export const COLOURS = { error: '#b71c1c', warning: '#e65100', note: '#1565c0', chat: '#616161', '': '#263238' };
const RANK = ['error', 'warning', 'note', 'chat', ''];

const nodeName = (name, addr) => name || addr || '(unknown)';

// "SIP/2.0 500 Internal Server Error" -> "500 Internal Server Error";
// "INVITE sip:x SIP/2.0" -> "INVITE": what the arrow says, from the message's
// own first line.
export function shortLine(firstLine) {
  const s = String(firstLine || '');
  if (s.startsWith('SIP/')) return s.replace(/^SIP\/\S+\s+/, '');
  return s.split(' ')[0];
}

// The call's nodes and arrows.
export function ladderModel(report, call) {
  const nodes = [];
  const add = (n) => { if (!nodes.includes(n)) nodes.push(n); };
  // Nodes in order of first appearance along the hops: caller on the left.
  for (const leg of [...(call.legs || [])].sort((a, b) => a.hop - b.hop || a.invite_frame - b.invite_frame)) {
    add(nodeName(leg.from_node));
    add(nodeName(leg.to_node));
  }
  const msgs = (call.messages || []).map((i) => ({ index: i, m: report.messages[i] })).filter((x) => x.m);
  // Time order (epoch strings of equal shape compare as text; frame breaks ties).
  msgs.sort((a, b) => cmpEpoch(a.m.epoch, b.m.epoch) || a.m.frame - b.m.frame || a.index - b.index);
  const arrows = msgs.map(({ index, m }) => {
    const from = nodeName(m.from_node, m.src), to = nodeName(m.to_node, m.dst);
    add(from); add(to);
    let severity = '';
    for (const f of m.findings || []) {
      const s = report.findings[f]?.severity || '';
      if (RANK.indexOf(s) < RANK.indexOf(severity)) severity = s;
    }
    return { index, frame: m.frame, epoch: m.epoch, from, to, text: shortLine(m.first_line),
      label: m.label || '', severity, dup: !!m.dup, hop: m.hop, sdp: m.sdp || '' };
  });
  // Seconds from the call's first message (to the millisecond: display only).
  const t0 = msgs.length ? Number(msgs[0].m.epoch) : NaN;
  for (const a of arrows) { const d = Number(a.epoch) - t0; a.rel = Number.isFinite(d) ? d : null; }
  return { call: call.call, nodes, arrows };
}

function cmpEpoch(a, b) {
  const [as, af = ''] = String(a ?? '').split('.'), [bs, bf = ''] = String(b ?? '').split('.');
  return (Number(as) - Number(bs)) || (af.padEnd(9, '0') < bf.padEnd(9, '0') ? -1 : af.padEnd(9, '0') > bf.padEnd(9, '0') ? 1 : 0);
}

export const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

// Cut a text to n characters with an ellipsis (the full text is the arrow's tooltip).
const cut = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

// The SVG text. Presentation attributes only (no <style>, no style=""), so
// that it renders the same under the page's CSP, as a saved file and in a canvas.
export function ladderSvg(model, { title = '' } = {}) {
  const COL = 170, LEFT = 84, TOP = title ? 74 : 52, ROW = 34, NOTE = 470, FONT = 'system-ui, -apple-system, Segoe UI, sans-serif';
  const n = Math.max(model.nodes.length, 1);
  const width = LEFT + n * COL + NOTE;
  const height = TOP + model.arrows.length * ROW + 24;
  const x = (node) => LEFT + model.nodes.indexOf(node) * COL + COL / 2;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="12" role="img" aria-label="${esc(title || 'SIP ladder')}">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (title) out.push(`<text x="12" y="22" font-size="14" font-weight="bold" fill="#263238">${esc(title)}</text>`);
  const headY = TOP - 22;
  out.push(`<text x="12" y="${headY + 4}" fill="#546e7a" font-size="11">time (s)</text>`);
  out.push(`<text x="${LEFT + n * COL + 12}" y="${headY + 4}" fill="#546e7a" font-size="11">siphop label</text>`);
  model.nodes.forEach((node) => {
    const cx = x(node);
    out.push(`<g class="node" data-node="${esc(node)}"><rect x="${cx - COL / 2 + 8}" y="${headY - 14}" width="${COL - 16}" height="24" rx="4" fill="#eceff1" stroke="#90a4ae"/>`
      + `<text x="${cx}" y="${headY + 3}" text-anchor="middle" font-weight="bold" fill="#263238">${esc(cut(node, 22))}<title>${esc(node)}</title></text></g>`);
    out.push(`<line x1="${cx}" y1="${headY + 10}" x2="${cx}" y2="${height - 12}" stroke="#b0bec5" stroke-dasharray="4 3"/>`);
  });
  model.arrows.forEach((a, i) => {
    const y = TOP + i * ROW + 20;
    const colour = COLOURS[a.severity] || COLOURS[''];
    const x1 = x(a.from), x2 = x(a.to);
    const words = `${a.text}${a.sdp ? ' (SDP ' + a.sdp + ')' : ''}`;
    out.push(`<g class="arrow" data-msg="${a.index}" data-frame="${a.frame}" data-severity="${a.severity || 'none'}" tabindex="0" cursor="pointer">`);
    out.push(`<title>${esc(`frame ${a.frame}: ${a.label || a.text}`)}</title>`);
    out.push(`<rect x="0" y="${y - 22}" width="${width}" height="${ROW}" fill="#ffffff" fill-opacity="0"/>`);
    out.push(`<text x="12" y="${y + 4}" fill="#546e7a" font-size="11">${a.rel === null ? '' : a.rel.toFixed(3)}</text>`);
    if (x1 === x2) {   // a node talking to itself: a small loop
      out.push(`<path d="M${x1} ${y - 6} h28 v12 h-28" fill="none" stroke="${colour}" stroke-width="1.6" marker-end="url(#ah-${a.severity || 'none'})"/>`);
    } else {
      out.push(`<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="${colour}" stroke-width="${a.severity === 'error' ? 2.4 : 1.6}"${a.dup ? ' stroke-dasharray="5 3"' : ''} marker-end="url(#ah-${a.severity || 'none'})"/>`);
    }
    const mid = x1 === x2 ? x1 + 34 : (x1 + x2) / 2;
    out.push(`<text x="${mid}" y="${y - 5}" text-anchor="${x1 === x2 ? 'start' : 'middle'}" fill="${colour}"${a.severity === 'error' ? ' font-weight="bold"' : ''}>${esc(cut(words, 26))}</text>`);
    out.push(`<text x="${LEFT + n * COL + 12}" y="${y + 4}" fill="#37474f" font-size="11">${esc(cut(a.label, 76))}</text>`);
    out.push('</g>');
  });
  const defs = Object.entries(COLOURS).map(([s, c]) => `<marker id="ah-${s || 'none'}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="${c}"/></marker>`);
  out.splice(1, 0, `<defs>${defs.join('')}</defs>`);
  out.push('</svg>');
  return out.join('\n');
}
