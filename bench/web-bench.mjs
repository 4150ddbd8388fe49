// web-bench.mjs - the browser page on big inputs: wall time per stage and
// the renderer's memory, in headless Chromium (puppeteer-core from web/).
//
//   node bench/web-bench.mjs [--capture FILE] [--log FILE] [--keep]
//
// Defaults, generated into a temporary folder (and deleted after unless
// --keep): a 10 000-frame capture (tests/captures/gen-bench-capture.py --calls 425)
// and a 100 MB Expressway log (bench/gen-import-log.py log --size 100M).
// Needs web/dist (web/build.sh) and Chromium (CHROMIUM, default
// /usr/bin/chromium). Prints, per input: the stages as the page's worker
// timed them (read, import, Wireshark, siphop) and the round trip to the
// laid-out page; the page's JS heap (CDP Performance.getMetrics), the
// worker's wasm heaps and the peak RSS of the renderer process that runs
// the page and its worker (sampled from /proc every 100 ms).
//
// SPDX-License-Identifier: GPL-2.0-or-later
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(repo, 'web');
const { default: puppeteer } = await import(pathToFileURL(path.join(web, 'node_modules/puppeteer-core/lib/puppeteer/puppeteer-core.js')));
const L = await import(pathToFileURL(path.join(web, 'test/lib.mjs')));

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const keep = args.includes('--keep');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siphop-web-bench-'));
if (!fs.existsSync(path.join(L.DIST, 'index.html'))) { console.error('web-bench: no web/dist: run web/build.sh'); process.exit(2); }

let capture = opt('--capture'), log = opt('--log');
if (!capture) {
  capture = path.join(tmp, 'b425.pcapng');
  execFileSync('python3', [path.join(repo, 'tests/captures/gen-bench-capture.py'), '--calls', '425', '-o', capture], { stdio: 'inherit' });
}
if (!log) {
  log = path.join(tmp, 'expe-100M.log');
  execFileSync('python3', [path.join(repo, 'bench/gen-import-log.py'), 'log', '--size', '100M', '-o', log], { stdio: 'inherit' });
}

// RSS of a process and its children (the renderer and its worker live in
// one renderer process; the browser and GPU processes are counted apart).
function procs(root) {
  const all = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] || 0) * 1024;
      // Chromium rewrites its command line (one string, spaces): read the type from it.
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const type = /--type=(\S+)/.exec(cmd)?.[1] || 'browser';
      return { pid: Number(pid), ppid, rss, type };
    } catch { return null; }
  }).filter(Boolean);
  const tree = new Set([root]);
  for (let grew = true; grew;) { grew = false; for (const p of all) if (tree.has(p.ppid) && !tree.has(p.pid)) { tree.add(p.pid); grew = true; } }
  return all.filter((p) => tree.has(p.pid));
}
const MiB = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;

const srv = await L.serve();
const b = await L.launch(puppeteer, srv.origin);
const page = await b.newPage();
const cdp = await page.createCDPSession();
await cdp.send('Performance.enable');
const root = b.browser.process().pid;
let peak = 0, sampler = null;
const renderers = () => procs(root).filter((p) => p.type === 'renderer');
const startSampling = () => { peak = 0; sampler = setInterval(() => { for (const p of renderers()) peak = Math.max(peak, p.rss); }, 100); };
const stopSampling = () => clearInterval(sampler);

try {
  startSampling();
  const t0 = Date.now();
  await L.openPage(page, srv.origin);
  stopSampling();
  const ready = (await page.evaluate(() => window.siphopTimings)).ready;
  console.log(`page ready: ${Date.now() - t0} ms from navigation (wiregasm fetch + inflate ${ready.fetchMs} ms, compile + init ${ready.initMs} ms); renderer peak RSS ${MiB(peak)}`);

  for (const [name, files] of [['capture', [capture]], ['log', [log]]]) {
    const size = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    startSampling();
    const t = Date.now();
    const state = await L.upload(page, files, 1_800_000);
    const wall = Date.now() - t;
    stopSampling();
    if (state !== 'done') throw new Error(`${name}: ${state}: ${await page.$eval('#error', (e) => e.textContent)}`);
    const tm = await page.evaluate(() => window.siphopTimings);
    const r = tm.run;
    const counts = await page.evaluate(() => ({ ...window.siphopReport.counts, findings: window.siphopReport.findings.length }));
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    console.log(`\n${name}: ${path.basename(files[0])}, ${(size / 1e6).toFixed(1)} MB, ${r.frames} frames, ${r.sipMessages} SIP messages, `
      + `${counts.calls} calls, ${counts.findings} findings`);
    console.log(`  stages: read ${r.readMs} ms${r.importMs !== undefined ? `, import (siphop-import) ${r.importMs} ms` : ''}, `
      + `Wireshark ${r.dissectMs} ms, siphop ${r.analyseMs} ms, page layout ${tm.renderMs} ms; round trip ${wall} ms`);
    console.log(`  memory: renderer peak RSS ${MiB(peak)} (now ${MiB(renderers().reduce((n, p) => Math.max(n, p.rss), 0))}); `
      + `page JS heap ${MiB(metrics.JSHeapUsedSize)} of ${MiB(metrics.JSHeapTotalSize)}; wiregasm wasm heap ${r.heapMiB} MiB`);
  }
  console.log(`\nbrowser processes now: ${procs(root).map((p) => `${p.type} ${MiB(p.rss)}`).join(', ')}`);
  if (b.foreign.length) throw new Error('requests left the origin: ' + b.foreign.join(' '));
} finally {
  await b.browser.close();
  await srv.close();
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`inputs kept in ${tmp}`);
}
