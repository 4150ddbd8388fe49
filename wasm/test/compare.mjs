#!/usr/bin/env node
// compare.mjs - the page's wasm modules against the native tools.
//
//   node compare.mjs import DIST NATIVE_SIPHOP_IMPORT LOGS_DIR
//     siphop-import.wasm and the native siphop-import, same arguments, same
//     file names: the pcapng byte for byte, the exit code, stdout, stderr.
//   node compare.mjs report DIST SHW_DRIVER CAPTURES_DIR...
//     for each CAPTURES_DIR/*.pcapng, the SIP messages tshark finds, fed to
//     siphop-core.wasm: per frame call, hop and label, and the call list, as
//     the plugin's in tshark -2 (SIPHOP_PLUGIN), and the whole report as
//     shw-driver's (the same API natively, on the real GLib) byte for byte.
//
// DIST holds siphop-core.{js,wasm} and siphop-import.{js,wasm}. Exit 0 when
// all agree, 1 with the differences.
//
// SPDX-License-Identifier: GPL-2.0-or-later
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyse, loadCore, runImport } from './modules.mjs';
import { driverInput, messages, pluginView } from './tshark.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let failures = 0;
const fail = (what) => { failures++; console.log(`FAIL ${what}`); };

// The argument sets of check (b): logs, a CUBE log with them, a bundle and a
// gzip log, and options that reach the other readers' paths.
const importCases = [
  ['expc-call.log', 'expe-call.log', 'cucm-sdl.txt'],
  ['cube-ccsip.txt', 'expc-call.log', 'expe-call.log'],
  ['call-bundle.tar.gz', 'expc-call.log.gz'],
  ['--link', 'ethernet', 'expc-call.log', 'expe-call.log', 'cucm-sdl.txt'],
  ['--rewrapped', 'expe-seed-rewrapped.txt'],
  ['longline.log.gz', 'truncated.log.gz', 'garbage.log'],
  ['no-such-file.log'],
];

async function compareImport(dist, native, logs) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siphop-import-cmp-'));
  for (const c of importCases) {
    const names = c.filter((a) => fs.existsSync(path.join(logs, a)));
    const files = Object.fromEntries(names.map((n) => [n, fs.readFileSync(path.join(logs, n))]));
    for (const n of names) fs.copyFileSync(path.join(logs, n), path.join(tmp, n));
    const args = ['-o', 'out.pcapng', ...c];
    fs.rmSync(path.join(tmp, 'out.pcapng'), { force: true });
    const n = spawnSync(native, args, { cwd: tmp });
    const nOut = fs.existsSync(path.join(tmp, 'out.pcapng')) ? fs.readFileSync(path.join(tmp, 'out.pcapng')) : null;
    const t0 = process.hrtime.bigint();
    const w = await runImport(dist, args, files);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const what = `import ${c.join(' ')}`;
    let ok = true;
    if (n.status !== w.rc) { ok = false; fail(`${what}: exit ${n.status} natively, ${w.rc} in wasm`); }
    if (!n.stdout.equals(w.stdout)) { ok = false; fail(`${what}: stdout differs`); }
    if (!n.stderr.equals(w.stderr)) {
      ok = false;
      fail(`${what}: stderr differs\n--- native\n${n.stderr}--- wasm\n${w.stderr}`);
    }
    if ((nOut === null) !== (w.output === null) || (nOut && !nOut.equals(w.output))) {
      ok = false;
      fail(`${what}: pcapng differs (native ${nOut?.length ?? 'none'} bytes, wasm ${w.output?.length ?? 'none'})`);
    }
    if (ok) console.log(`ok   ${what}: exit ${w.rc}, pcapng ${w.output?.length ?? 'none'} bytes identical, ` +
                        `stderr ${w.stderr.length} bytes identical (wasm ${ms.toFixed(0)} ms)`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

function perFrame(report) {
  const m = new Map();
  for (const x of report.messages) {
    const e = m.get(x.frame) ?? { call: [], hop: [], label: [] };
    if (x.call) e.call.push(x.call);
    if (x.call && x.hop) e.hop.push(x.hop);
    e.label.push(x.label);
    m.set(x.frame, e);
  }
  return m;
}

// A call of the report against the plugin's row, as its cells show it; ""
// when they agree. Nodes are named by role in both (core/roles.c).
function callDiff(c, row) {
  if (!c) return 'missing';
  const hops = row.hops.split('-').pop();
  const mine = {
    call: String(c.call), from: c.from, to: c.to, hops: c.hops ? String(c.hops) : '', offer: c.offer,
    target: c.target + (c.target_eo_only ? ' (EO only)' : ''), final: c.final ? String(c.final) : '',
    class: c.class, origin: c.origin_hop ? `hop ${c.origin_hop} ${c.origin_node}` : '', verdict: c.verdict,
    call_ids: c.call_ids.join(' '),
  };
  const theirs = { ...row, hops };
  return Object.keys(mine).filter((k) => mine[k] !== theirs[k])
    .map((k) => `${k}: wasm ${JSON.stringify(mine[k])}, plugin ${JSON.stringify(theirs[k])}`).join('; ');
}

async function compareReport(dist, driver, ...dirs) {
  const M = await loadCore(dist);
  const pcaps = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.pcapng')).sort().map((f) => path.join(d, f)));
  for (const pcap of pcaps) {
    const name = path.relative(repo, pcap);
    const msgs = messages(repo, pcap);
    const t0 = process.hrtime.bigint();
    const { report: text, codes } = analyse(M, msgs);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    let ok = true;
    const report = JSON.parse(text);
    // -1: no SIP (tshark found these as SIP); 1: over 64 in a frame, as the plugin.
    if (codes.includes(-1)) { ok = false; fail(`${name}: ${codes.filter((c) => c === -1).length} messages refused`); }
    const native = execFileSync(driver, ['-'], { input: driverInput(msgs), maxBuffer: 1 << 30 }).toString('utf8');
    if (native !== text) { ok = false; fail(`${name}: the wasm report differs from shw-driver's (GLib)`); }
    const mine = perFrame(report);
    const { frames: theirs, calls: rows } = pluginView(repo, pcap);
    for (const frame of new Set([...mine.keys(), ...theirs.keys()])) {
      const a = mine.get(frame), b = theirs.get(frame);
      const got = a ? { call: a.call.join('|'), hop: a.hop.join('|'), label: a.label.join('|') } : null;
      if (!got || !b || got.call !== b.call || got.hop !== b.hop || got.label !== b.label) {
        ok = false;
        fail(`${name} frame ${frame}: wasm ${JSON.stringify(got)}, plugin ${JSON.stringify(b ?? null)}`);
      }
    }
    if (rows.length !== report.calls.length) { ok = false; fail(`${name}: ${report.calls.length} calls, plugin ${rows.length}`); }
    for (const [i, row] of rows.entries()) {
      const diff = callDiff(report.calls[i], row);
      if (diff) { ok = false; fail(`${name} call ${row.call}: ${diff}`); }
    }
    if (ok) console.log(`ok   ${name}: ${msgs.length} messages, ${report.calls.length} calls; call/hop/label and ` +
                        `call list as tshark -2, report as shw-driver's (${text.length} bytes, wasm ${ms.toFixed(1)} ms)`);
  }
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'import' && args.length === 3) await compareImport(...args);
else if (mode === 'report' && args.length >= 3) await compareReport(...args);
else { console.error('usage: compare.mjs import DIST NATIVE_IMPORT LOGS | report DIST SHW_DRIVER CAPTURES...'); process.exit(2); }
console.log(failures ? `${failures} difference(s)` : 'all identical');
process.exit(failures ? 1 : 0);
