// lib.mjs - what the browser tests share: a static server for web/dist on
// 127.0.0.1 (in this process), headless Chromium through puppeteer-core with
// every request recorded (and any to another origin failed), files fed
// through the page's file input, and the plugin's own answers for the same
// inputs (tools/siphop-tshark), to compare with.
//
// SPDX-License-Identifier: GPL-2.0-or-later
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.dirname(WEB);
export const DIST = path.join(WEB, 'dist');
export const CAPTURES = path.join(REPO, 'test-captures');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip', '.lua': 'text/plain; charset=utf-8',
};

// The policy the page's <meta> sets, sent as a header to the worker's
// scripts too: a dedicated worker takes its policy from its own response
// (a static server sends none), so this proves the modules run under the
// strictest policy a host could set. 'unsafe-eval': wiregasm's embind
// builds its C++ bindings with new Function() (docs/web.md).
export const WORKER_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'; connect-src 'self'; object-src 'none'";

// -> {origin, close(), offline(bool), requests: [path]}
export async function serve(root = DIST) {
  let offline = false;
  const requests = [];
  const sockets = new Set();
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    if (offline) { req.socket.destroy(); return; }
    let p = path.join(root, decodeURIComponent(url.pathname));
    if (p.endsWith(path.sep)) p = path.join(p, 'index.html');
    if (!p.startsWith(root) || !fs.existsSync(p) || fs.statSync(p).isDirectory()) { res.writeHead(404).end(); return; }
    const headers = { 'Content-Type': TYPES[path.extname(p)] || 'application/octet-stream', 'Cache-Control': 'no-cache' };
    if (url.pathname.startsWith('/worker/')) headers['Content-Security-Policy'] = WORKER_CSP;
    res.writeHead(200, headers);
    fs.createReadStream(p).pipe(res);
  });
  srv.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
  return {
    origin: `http://127.0.0.1:${srv.address().port}`,
    requests,
    offline(v) { offline = v; if (v) for (const s of sockets) s.destroy(); },
    close: () => new Promise((ok) => { for (const s of sockets) s.destroy(); srv.close(ok); }),
  };
}

// Chromium with every request of every target (page, worker, service
// worker) recorded; requests to another origin are aborted and listed in
// `foreign`. Nothing but 127.0.0.1 even resolves.
export async function launch(puppeteer, origin, { downloads } = {}) {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-gpu', '--no-first-run'],
    defaultViewport: { width: 1280, height: 800 },
    downloadBehavior: downloads ? { policy: 'allow', downloadPath: downloads } : undefined,
  });
  const seen = [], foreign = [];
  const own = (u) => u.startsWith(origin + '/') || u.startsWith('blob:' + origin) || u.startsWith('data:');
  // The service worker fetches on its own target: watch its network too.
  browser.on('targetcreated', async (t) => {
    if (t.type() !== 'service_worker') return;
    try {
      const cdp = await t.createCDPSession();
      cdp.on('Network.requestWillBeSent', (e) => { seen.push(e.request.url); if (!own(e.request.url)) foreign.push(e.request.url); });
      await cdp.send('Network.enable');
      await cdp.send('Runtime.runIfWaitingForDebugger').catch(() => {});
    } catch { /* it went away */ }
  });
  async function newPage({ bypassServiceWorker = true } = {}) {
    const page = await browser.newPage();
    await page.setBypassServiceWorker(bypassServiceWorker);
    await page.setRequestInterception(true);
    page.on('request', (r) => {
      const u = r.url();
      seen.push(u);
      if (own(u)) r.continue(); else { foreign.push(u); r.abort(); }
    });
    page.on('pageerror', (e) => { page.errors.push(String(e.message || e)); });
    page.errors = [];
    return page;
  }
  return { browser, newPage, seen, foreign };
}

export async function waitState(page, states, timeout = 180_000) {
  const sel = states.map((s) => `body[data-state="${s}"]`).join(', ');
  await page.waitForSelector(sel, { timeout });
  return page.$eval('body', (b) => b.dataset.state);
}

// Open the page and wait for Wireshark to load.
export async function openPage(page, origin) {
  await page.goto(origin + '/');
  const state = await waitState(page, ['ready', 'error']);
  if (state !== 'ready') throw new Error('page did not load: ' + await page.$eval('#error', (e) => e.textContent));
}

// Files through the file input, as a user choosing them; -> the final state.
export async function upload(page, files, timeout = 600_000) {
  await page.$eval('body', (b) => { b.dataset.state = 'uploading'; });   // never read a stale "done"
  const input = await page.$('#file');
  await input.uploadFile(...files);
  return waitState(page, ['done', 'error'], timeout);
}

export const pageReport = (page) => page.evaluate(() => window.siphopReport);

// ---- the plugin's answers ---------------------------------------------------
export const PLUGIN = process.env.SIPHOP_PLUGIN || '';
export const IMPORT = process.env.SIPHOP_IMPORT || '';

function tshark(args) {
  return execFileSync(path.join(REPO, 'tools', 'siphop-tshark'), args, {
    env: { ...process.env, SIPHOP_PLUGIN: PLUGIN, TZ: 'UTC' }, encoding: 'utf8', maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

// frame -> "call|hop|label|class" as tshark -2 -T fields prints them (several
// SIP messages of one frame: comma-separated, as tshark does).
export function pluginFrames(capture, extra = []) {
  const out = tshark([...extra, '-r', capture, '-2', '-T', 'fields', '-e', 'frame.number', '-e', 'siphop.call',
    '-e', 'siphop.hop', '-e', 'siphop.label', '-e', 'siphop.failure_class', '-Y', 'siphop']);
  const map = new Map();
  for (const line of out.split('\n').filter(Boolean)) {
    const [frame, call, hop, label, cls] = line.split('\t');
    map.set(Number(frame), { call, hop, label, cls: cls || '' });
  }
  return map;
}

// The same from the page's report, grouped by frame.
export function reportFrames(report) {
  const map = new Map();
  for (const m of report.messages) {
    const x = map.get(m.frame) || { call: [], hop: [], label: [], cls: [] };
    // A message of no call (OPTIONS...): the plugin adds no call or hop field.
    x.call.push(m.call ? String(m.call) : ''); x.hop.push(m.call ? String(m.hop) : ''); x.label.push(m.label);
    if (m.class) x.cls.push(m.class);
    map.set(m.frame, x);
  }
  const out = new Map();
  for (const [f, x] of map) out.set(f, { call: x.call.join(','), hop: x.hop.join(','), label: x.label.join(','), cls: x.cls.join(',') });
  return out;
}

// call -> {class, verdict, final, hops, offer} from tshark -2 -q -z siphop,calls.
export function pluginCalls(capture, extra = []) {
  const out = tshark([...extra, '-r', capture, '-2', '-q', '-z', 'siphop,calls']);
  const lines = out.split('\n');
  const head = lines.findIndex((l) => /^\s*Call \|/.test(l));
  const cols = lines[head].split('|').map((s) => s.trim());
  const calls = new Map();
  for (const l of lines.slice(head + 1)) {
    if (!/^\s*\d+ \|/.test(l)) continue;
    const v = l.split('|').map((s) => s.trim());
    const get = (name) => v[cols.indexOf(name)];
    calls.set(Number(get('Call')), { class: get('Class'), verdict: get('Verdict'), final: get('Final'), hops: get('Hops'), offer: get('Offer') });
  }
  return calls;
}

// The fix and its steps on one frame, as the plugin's fields say.
export function pluginFix(capture, frame) {
  const out = tshark(['-r', capture, '-2', '-T', 'fields', '-E', 'aggregator=|', '-e', 'siphop.fix', '-e', 'siphop.fix_step', '-Y', `frame.number == ${frame}`]);
  const [fix, steps] = out.replace(/\n$/, '').split('\t');
  return { fix, steps: steps ? steps.split('|') : [] };
}

// The native siphop-import on the same files: {out, exit, stderr}.
export function siphopImport(files) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'siphop-web-')), 'imported.pcapng');
  const r = spawnSync(IMPORT, ['-o', out, ...files], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`siphop-import exit ${r.status}: ${r.stderr}`);
  return { out, exit: r.status, stderr: r.stderr };
}

export const tmpdir = (tag) => fs.mkdtempSync(path.join(os.tmpdir(), `siphop-web-${tag}-`));
