// tshark.mjs - a capture's SIP messages as the page hands them to siphop's
// wasm (what wiregasm gives it), taken from tshark: each "sip" item's bytes,
// whether an "sdp" item is inside it, the frame's time, capture point and
// the addresses and ports siphop's plugin reads (pinfo->src/dst). And the
// plugin's own answer on a second pass, to compare with.
//
// tshark runs through tools/siphop-tshark (as nobody when root, TZ=UTC);
// SIPHOP_PLUGIN names the plugin.
//
// SPDX-License-Identifier: GPL-2.0-or-later
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const big = { maxBuffer: 1 << 30, env: { ...process.env, TZ: 'UTC' } };

export function tshark(repo, args) {
  return execFileSync(`${repo}/tools/siphop-tshark`, ['-n', ...args], { ...big, stdio: ['ignore', 'pipe', 'pipe'] })
    .toString('utf8');
}

// The capture's own tshark options (X.options beside X.pcapng, one argument a line).
export function captureOptions(pcap) {
  const f = pcap.replace(/\.pcapng$/, '.options');
  if (!fs.existsSync(f)) return [];
  return fs.readFileSync(f, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
}

const list = (v) => (v === undefined ? [] : Array.isArray(v) && Array.isArray(v[0]) ? v : [v]);
const items = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function hasKey(o, key) {
  if (!o || typeof o !== 'object') return false;
  if (Array.isArray(o)) return o.some((x) => hasKey(x, key));
  return Object.keys(o).some((k) => k === key || hasKey(o[k], key));
}

// "addr:port" as the plugin writes it, "" for anything but an IP address.
function endpoint(addr, port) {
  const p = port || '0';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(addr)) return `${addr}:${p}`;
  if (/^[0-9a-f:.]+$/i.test(addr) && (addr.includes('::') || addr.split(':').length === 8)) return `[${addr}]:${p}`;
  return '';
}

export function messages(repo, pcap) {
  const opts = ['-r', pcap, ...captureOptions(pcap), '-Y', 'sip'];
  const ends = new Map();
  const cols = tshark(repo, [...opts, '-o', 'gui.column.format:"S","%us","D","%ud","SP","%uS","DP","%uD"',
    '-T', 'fields', '-e', 'frame.number', '-e', '_ws.col.S', '-e', '_ws.col.D', '-e', '_ws.col.SP', '-e', '_ws.col.DP']);
  for (const line of cols.split('\n').filter(Boolean)) {
    const [frame, s, d, sp, dp] = line.split('\t');
    ends.set(Number(frame), { src: endpoint(s, sp), dst: endpoint(d, dp) });
  }
  const out = [];
  for (const pkt of JSON.parse(tshark(repo, [...opts, '-T', 'json', '-x', '--no-duplicate-keys', '-J', 'frame sip']))) {
    const l = pkt._source.layers;
    const frame = Number(l.frame['frame.number']);
    const [sec, frac = '0'] = l.frame['frame.time_epoch'].split('.');
    const raws = list(l.sip_raw), trees = items(l.sip);
    raws.forEach((raw, i) => {
      out.push({
        frame, sec: Number(sec), nsec: Number(frac.padEnd(9, '0').slice(0, 9)),
        point: Number(l.frame['frame.interface_id'] ?? 0),
        ...(ends.get(frame) ?? { src: '', dst: '' }),
        bytes: Buffer.from(raw[0], 'hex'),
        sdp: hasKey(trees[i], 'sdp'),
      });
    });
  }
  return out;
}

// The plugin's answer on a second pass, from one tshark run: per frame its
// call, hop and label (frame -> {call, hop, label}, several messages'
// values joined by "|"), and its call list (tshark -z siphop,calls: one
// object per row, the cells trimmed).
export function pluginView(repo, pcap) {
  const text = tshark(repo, ['-r', pcap, ...captureOptions(pcap), '-2', '-T', 'fields', '-E', 'aggregator=|',
    '-e', 'frame.number', '-e', 'siphop.call', '-e', 'siphop.hop', '-e', 'siphop.label', '-z', 'siphop,calls']);
  const names = ['call', 'start', 'from', 'to', 'hops', 'offer', 'target', 'final', 'class', 'origin', 'verdict', 'call_ids'];
  const frames = new Map(), calls = [];
  let table = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('=====')) table = true;
    if (!table) {
      const [frame, call, hop, label] = line.split('\t');
      if (label) frames.set(Number(frame), { call, hop, label });
      continue;
    }
    const cells = line.split(' |');
    if (cells.length === names.length + 1 && /^\s*\d+$/.test(cells[0]))
      calls.push(Object.fromEntries(names.map((n, i) => [n, cells[i].trim()])));
  }
  return { frames, calls };
}

// The driver's input (wasm/test/driver.c).
export function driverInput(msgs) {
  const parts = [];
  for (const m of msgs) {
    parts.push(Buffer.from(`${m.frame} ${m.sec} ${m.nsec} ${m.point} ${m.sdp ? 1 : 0} ${m.bytes.length} ` +
      `${m.src || '-'} ${m.dst || '-'}\n`));
    parts.push(m.bytes);
  }
  return Buffer.concat(parts);
}
