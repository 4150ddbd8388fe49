#!/usr/bin/env node
// smoke.mjs - the two wasm modules load under node and do their job (ctest
// wasm.smoke of the WebAssembly build; wasm/test/compare.mjs compares them
// with the native tools in the native build).
//
//   node smoke.mjs CORE_DIR IMPORT_DIR|- LOGS_DIR
//
// SPDX-License-Identifier: GPL-2.0-or-later
import fs from 'node:fs';
import path from 'node:path';

import { analyse, factory, loadCore, runImport } from './modules.mjs';

const [coreDir, importDir, logs] = process.argv.slice(2);
let failures = 0;
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures++; };

// ---- siphop-core: an INVITE, its 500, and bytes that are no SIP ------------------
const crlf = (lines) => Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
const invite = crlf([
  'INVITE sip:bob@company.webex.com SIP/2.0',
  'Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK1',
  'From: "Al\x01ice" <sip:alice@example.com>;tag=1',
  'To: <sip:bob@company.webex.com>',
  'Call-ID: id-\xff-1@10.0.0.1',          // not UTF-8: U+FFFD in the report
  'CSeq: 1 INVITE',
  'Content-Length: 0']);
const failure = crlf([
  'SIP/2.0 500 Internal Server Error',
  'Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK1',
  'From: "Alice" <sip:alice@example.com>;tag=1',
  'To: <sip:bob@company.webex.com>;tag=2',
  'Call-ID: id-\xff-1@10.0.0.1',
  'CSeq: 1 INVITE',
  'Content-Length: 0']);
const M = await loadCore(coreDir);
const msg = (frame, bytes, src, dst) => ({ frame, sec: 1436106603, nsec: 12410000 + frame, point: 0, src, dst, bytes, sdp: false });
const { report: text, codes } = analyse(M, [
  msg(1, invite, '10.0.0.1:5060', '10.0.0.2:5060'),
  msg(2, failure, '10.0.0.2:5060', '10.0.0.1:5060'),
  msg(3, Buffer.from('hello world\r\n'), '', ''),
]);
check(JSON.stringify(codes) === '[0,0,-1]', `shw_message returns ${JSON.stringify(codes)}`);
let r = null;
try { r = JSON.parse(text); } catch (e) { check(false, `report is JSON: ${e.message}`); }
if (r) {
  check(r.counts.messages === 2 && r.counts.calls === 1 && r.counts.not_sip === 1, `counts ${JSON.stringify(r.counts)}`);
  check(r.messages[0].time === '2015-07-05 14:30:03.012410' && r.messages[0].epoch === '1436106603.012410001',
        `times ${r.messages[0].time} / ${r.messages[0].epoch}`);
  check(r.messages[0].label.startsWith('INVITE => 500') && r.messages[1].label.startsWith('500 ORIGIN'),
        `labels "${r.messages[0].label}", "${r.messages[1].label}"`);
  const c = r.calls[0];
  check(c && c.final === 500 && c.verdict.length > 0 && c.from === 'alice@example.com' &&
        c.target === 'company.webex.com' && c.legs.length === 1, `call ${c && c.verdict}`);
  check(c && c.call_ids[0] === 'id-\ufffd-1@10.0.0.1', `invalid UTF-8 as U+FFFD: ${c && c.call_ids[0]}`);
}

// ---- siphop-import: --version, a log, print/printErr ------------------------------
if (importDir !== '-') {
  const v = await runImport(importDir, ['--version'], {});
  check(v.rc === 0 && /^siphop-import \(siphop\) /.test(v.stdout.toString()), `--version: exit ${v.rc}, ${v.stdout.toString().trim()}`);
  const log = { 'expc-call.log': fs.readFileSync(path.join(logs, 'expc-call.log')) };
  const w = await runImport(importDir, ['-o', 'out.pcapng', 'expc-call.log'], log);
  check(w.rc === 0 && w.output && w.output.readUInt32LE(0) === 0x0a0d0d0a, `a log: exit ${w.rc}, ${w.output?.length} bytes of pcapng`);
  const bad = await runImport(importDir, ['-o', 'out.pcapng', 'missing.log'], {});
  check(bad.rc !== 0 && /missing\.log/.test(bad.stderr.toString()), `a missing file: exit ${bad.rc}`);
  // Lines to print/printErr, as a page that does not take the bytes itself.
  const lines = [];
  const P = await factory(path.join(importDir, 'siphop-import.js'))({
    wasmBinary: fs.readFileSync(path.join(importDir, 'siphop-import.wasm')),
    print: (t) => lines.push(`out: ${t}`), printErr: (t) => lines.push(`err: ${t}`) });
  P.FS.writeFile('/expc-call.log', log['expc-call.log']);
  const rc = P.callMain(['-o', '/out.pcapng', '/expc-call.log']);
  check(rc === 0 && lines.some((l) => /^err: siphop-import: \d+ records read/.test(l)), `printErr gets the summary: ${lines[0]}`);
}
console.log(failures ? `${failures} failed` : 'all passed');
process.exit(failures ? 1 : 0);
