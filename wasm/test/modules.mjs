// modules.mjs - the page's two wasm modules under node, as the page's worker
// uses them (web/dist/core/siphop-core.js and siphop-import.js).
//
// SPDX-License-Identifier: GPL-2.0-or-later
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// The modules are classic scripts (MODULARIZE, not ES6) that also export
// themselves CommonJS-style: evaluated as such whatever package.json says.
export function factory(file) {
  const module = { exports: {} };
  const run = new Function('module', 'exports', 'require', '__filename', '__dirname', fs.readFileSync(file, 'utf8'));
  run(module, module.exports, require, file, path.dirname(file));
  return module.exports;
}

// emscripten 3.1.6 under node >= 18 would fetch() the .wasm by its file name
// and fail: it is handed the bytes instead (a browser fetches them itself).
export async function loadCore(dir) {
  return factory(path.join(dir, 'siphop-core.js'))({ wasmBinary: fs.readFileSync(path.join(dir, 'siphop-core.wasm')) });
}

// The analysis of *messages* ({frame, sec, nsec, point, src, dst, bytes,
// sdp}) through the API of wasm/siphop_wasm.h; the report's JSON text and
// shw_message's return codes.
export function analyse(M, messages, eoDomains = '') {
  const s = M.ccall('shw_new', 'number', ['string'], [eoDomains]);
  const codes = [];
  for (const m of messages) {
    const p = M._malloc(Math.max(m.bytes.length, 1));
    M.HEAPU8.set(m.bytes, p);
    codes.push(M.ccall('shw_message', 'number',
      ['number', 'number', 'number', 'number', 'number', 'string', 'string', 'number', 'number', 'number'],
      [s, m.frame, m.sec, m.nsec, m.point, m.src, m.dst, p, m.bytes.length, m.sdp ? 1 : 0]));
    M._free(p);
  }
  const report = M.UTF8ToString(M.ccall('shw_report', 'number', ['number'], [s]));
  M.ccall('shw_free', null, ['number'], [s]);
  return { report, codes };
}

// One siphop-import run in a fresh module (as the page does), in its own
// directory /work holding *files* ({name: bytes}). stdout and stderr are
// taken byte by byte: exact bytes, and not a terminal (as a pipe natively).
export async function runImport(dir, args, files, outName = 'out.pcapng') {
  const out = [], err = [];
  const M = await factory(path.join(dir, 'siphop-import.js'))({
    wasmBinary: fs.readFileSync(path.join(dir, 'siphop-import.wasm')),
    stdout: (c) => { if (c !== null) out.push(c & 255); },
    stderr: (c) => { if (c !== null) err.push(c & 255); },
  });
  M.FS.mkdir('/work');
  M.FS.chdir('/work');
  for (const [name, data] of Object.entries(files))
    M.FS.writeFile(name, data);
  const rc = M.callMain(args);
  let output = null;
  try { output = Buffer.from(M.FS.readFile(outName)); } catch { /* not written */ }
  return { rc, stdout: Buffer.from(out), stderr: Buffer.from(err), output };
}
