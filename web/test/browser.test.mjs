// browser.test.mjs - the page in headless Chromium (puppeteer-core), served
// from 127.0.0.1 by this process: the seed capture, the seed call's three
// logs, a CUBE log with the Expressway logs, damaged inputs; the verdicts
// and labels against the plugin's (tools/siphop-tshark -2 on the same
// input), the ladder, the findings, every export, offline use, and that no
// request ever leaves the page's origin.
//
// Env: SIPHOP_PLUGIN (siphop.so: the comparisons with the plugin; skipped
// when unset), SIPHOP_IMPORT (the native siphop-import: the logs'
// reference), SIPHOP_WEB_SHOTS=1 (write the docs/web-*.png screenshots),
// CHROMIUM (default /usr/bin/chromium).
//
// SPDX-License-Identifier: GPL-2.0-or-later
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import * as L from './lib.mjs';

const SEED = path.join(L.CAPTURES, 'seed-delayed-offer-webex.pcapng');
const LOGS = path.join(L.CAPTURES, 'logs');
const THREE = ['expc-call.log', 'expe-call.log', 'cucm-sdl.txt'].map((f) => path.join(LOGS, f));
const CUBE = ['cube-ccsip.txt', 'expc-call.log', 'expe-call.log'].map((f) => path.join(LOGS, f));
const SHOTS = process.env.SIPHOP_WEB_SHOTS === '1';
const NO_PLUGIN = !L.PLUGIN && 'SIPHOP_PLUGIN is not set: no comparison with the plugin';
const NO_IMPORT = (!L.PLUGIN || !L.IMPORT) && 'SIPHOP_PLUGIN or SIPHOP_IMPORT is not set: no comparison with the plugin';

let srv, b, page, downloads;
const results = {};   // what each upload gave, for the comparisons

before(async () => {
  downloads = L.tmpdir('downloads');
  srv = await L.serve();
  b = await L.launch(puppeteer, srv.origin, { downloads });
  page = await b.newPage();
  await L.openPage(page, srv.origin);
});
after(async () => {
  await b?.browser.close();
  await srv?.close();
  fs.rmSync(downloads, { recursive: true, force: true });
});

const shot = async (name) => {
  if (SHOTS) await page.screenshot({ path: path.join(L.REPO, 'docs', `web-${name}.png`) });
};
const text = (sel) => page.$eval(sel, (e) => e.textContent);

// The downloads that appear after fn(): waits for the finished file.
async function download(fn, pattern) {
  const before = new Set(fs.readdirSync(downloads));
  await fn();
  for (let i = 0; i < 200; i++) {
    const f = fs.readdirSync(downloads).find((n) => !before.has(n) && pattern.test(n) && !n.endsWith('.crdownload'));
    if (f) { await new Promise((ok) => setTimeout(ok, 100)); return path.join(downloads, f); }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error('no download matching ' + pattern);
}

// The page's report against the plugin's tshark -2 on the same capture.
function assertSameAsPlugin(report, capture, extra = []) {
  const want = L.pluginFrames(capture, extra);
  const got = L.reportFrames(report);
  const withClass = report.messages.length > 0 && 'class' in report.messages[0];
  assert.deepEqual([...got.keys()], [...want.keys()], 'the same frames carry SIP messages');
  for (const [frame, w] of want) {
    const g = got.get(frame);
    assert.equal(g.label, w.label, `frame ${frame}: label`);
    assert.equal(g.call, w.call, `frame ${frame}: call`);
    assert.equal(g.hop, w.hop, `frame ${frame}: hop`);
    if (withClass) assert.equal(g.cls, w.cls, `frame ${frame}: failure class`);
  }
  const calls = L.pluginCalls(capture, extra);
  assert.equal(report.calls.length, calls.size, 'calls');
  for (const c of report.calls) {
    const w = calls.get(c.call);
    assert.ok(w, `call ${c.call} is the plugin's too`);
    assert.equal(c.verdict, w.verdict, `call ${c.call}: verdict`);
    assert.equal(c.class, w.class, `call ${c.call}: class`);
    assert.equal(String(c.final || ''), w.final, `call ${c.call}: final`);
  }
  return withClass;
}

// What the call list shows: [call, class, verdict] per row.
const callRows = () => page.$$eval('#calls tbody tr', (trs) => trs.map((tr) =>
  [tr.querySelector('.col-call').textContent, tr.querySelector('.col-class').textContent, tr.querySelector('.col-verdict').textContent]));

test('the page loads Wireshark in its worker', async () => {
  assert.equal(await page.$eval('body', (b) => b.dataset.state), 'ready');
  assert.match(await text('#status'), /Wireshark 4\.4\.5/);
  assert.match(await text('.privacy'), /Your files stay in this browser: nothing is uploaded\./);
  assert.match(await text('footer'), /GPL, version 2 or later/);
  assert.deepEqual(page.errors, []);
});

test('seed capture: the call list and the report', async () => {
  assert.equal(await L.upload(page, [SEED]), 'done', await text('#error'));
  const report = results.seed = await L.pageReport(page);
  assert.equal(report.messages.length, 12);
  assert.equal(report.calls.length, 1);
  const rows = await callRows();
  assert.equal(rows.length, 1);
  assert.equal(rows[0][1], 'delayed-offer');
  assert.match(rows[0][2], /^FAILED: delayed offer toward company\.webex\.com/);
});

test('seed capture: the same verdicts, classes and labels as the plugin', { skip: NO_PLUGIN }, (t) => {
  if (!assertSameAsPlugin(results.seed, SEED)) t.diagnostic('the report has no per-message "class": that comparison was skipped');
});

test('seed capture: the ladder of call 1 (roles, arrows) and a message opened', async () => {
  await page.click('#calls tbody tr[data-call="1"]');
  await page.waitForSelector('#ladder svg');
  assert.equal(await page.$eval('#results', (e) => e.dataset.view), 'ladder');
  const nodes = await page.$$eval('#ladder g.node', (gs) => gs.map((g) => g.dataset.node));
  assert.deepEqual(nodes, ['CUCM', 'Expressway-C', 'Expressway-E', 'Webex']);
  const arrows = await page.$$eval('#ladder g.arrow', (gs) => gs.map((g) => [Number(g.dataset.frame), g.dataset.severity]));
  assert.deepEqual(arrows.map((a) => a[0]), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.equal(arrows.find((a) => a[0] === 7)[1], 'error');
  await page.click('#ladder g.arrow[data-frame="7"]');
  await page.waitForFunction(() => /^SIP\/2\.0 500 Internal Server Error/.test(document.querySelector('#message-text')?.textContent || ''));
  const panel = await text('#message');
  assert.match(panel, /500 ORIGIN, call 1 hop 3\/3/);
  assert.match(panel, /Warning: 399 114\.29\.213\.174:5071 "Invalid content in far end 200 OK"/);
  assert.match(panel, /Via \+1 \(3\); Max-Forwards 15 -> 14; Record-Route \+2 \(4\)/);   // hop 3's changes
  await shot('ladder');
  await page.click('#drawer-close');
});

test('seed capture: the findings, with the delayed-offer error and its CUCM fix', async () => {
  const report = results.seed;
  const origin = report.findings.find((f) => f.severity === 'error' && f.frame === 7);
  assert.ok(origin, 'an error finding on frame 7');
  assert.equal(origin.class, 'delayed-offer');
  assert.match(origin.fix, /Early Offer on the CUCM SIP trunk/);
  const steps = report.fixes[origin.class].steps;   // once per class, not per finding
  assert.ok(steps.some((s) => /SIP Profile/.test(s)), 'the steps name the SIP Profile');
  if (L.PLUGIN) {
    const want = L.pluginFix(SEED, 7);
    assert.equal(origin.fix, want.fix);
    assert.deepEqual(steps, want.steps);
  }
  await page.click('#views button[data-view="findings"]');
  const first = await page.$eval('#findings li', (li) => [li.dataset.frame, li.className, li.textContent]);
  assert.equal(first[0], '7');
  assert.match(first[1], /sev-error/);
  assert.match(first[2], /Early Offer support for voice and video calls/);
  await shot('findings');
  // A finding leads to its message in the ladder.
  await page.click('#findings li[data-frame="7"] button.link');
  await page.waitForFunction(() => document.querySelector('#message')?.dataset.msg !== undefined);
  assert.equal(await page.$eval('#results', (e) => e.dataset.view), 'ladder');
  await page.click('#drawer-close');
});

test('exports: the report as JSON, the ladder as SVG and PNG', async () => {
  await page.click('#views button[data-view="ladder"]');
  const json = await download(() => page.click('#export-json'), /\.siphop\.json$/);
  assert.deepEqual(JSON.parse(fs.readFileSync(json, 'utf8')), results.seed);
  const svg = fs.readFileSync(await download(() => page.click('#export-svg'), /\.svg$/), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /Call 1: FAILED: delayed offer/);
  assert.equal((svg.match(/<g class="arrow"/g) || []).length, 12);
  const png = fs.readFileSync(await download(() => page.click('#export-png'), /\.png$/));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.length > 10_000);
});

test('options: other early-offer-only domains, as the plugin\'s siphop.eo_domains', async (t) => {
  await page.$eval('#eo-domains', (e) => { e.value = 'example.invalid'; });
  try {
    assert.equal(await L.upload(page, [SEED]), 'done');
  } finally {
    await page.$eval('#eo-domains', (e) => { e.value = ''; });
  }
  const report = await L.pageReport(page);
  assert.doesNotMatch(report.messages[0].label, /EO only/);
  if (NO_PLUGIN) { t.diagnostic(NO_PLUGIN); return; }
  assertSameAsPlugin(report, SEED, ['-o', 'siphop.eo_domains:example.invalid']);
});

test('30 generated calls (busy, delayed offer to Webex, OK...): the plugin\'s verdicts, failures first', async (t) => {
  // tests/captures/gen-bench-capture.py: deterministic for a seed; proxies, TCP
  // segments with two messages, UDP retransmissions.
  const dir = L.tmpdir('c30');
  const capture = path.join(dir, 'c30.pcapng');
  execFileSync('python3', [path.join(L.REPO, 'tests', 'captures', 'gen-bench-capture.py'), '--calls', '30', '--seed', '7', '-o', capture]);
  try {
    assert.equal(await L.upload(page, [capture]), 'done', await text('#error'));
    const report = await L.pageReport(page);
    assert.equal(report.calls.length, 30);
    const rows = await callRows();
    const rank = { error: 0, warning: 1, note: 2, chat: 3, '': 4 };
    const sev = rows.map(([call]) => report.calls.find((c) => String(c.call) === call).severity);
    assert.deepEqual(sev, [...sev].sort((a, b) => rank[a] - rank[b]), 'failures first');
    await shot('calls');
    // The filter box and a column sort.
    await page.type('#call-filter', 'busy');
    assert.ok((await callRows()).every((r) => r[1] === 'busy'));
    await page.$eval('#call-filter', (e) => { e.value = ''; e.dispatchEvent(new Event('input')); });
    await page.click('#calls th.col-call button');
    assert.deepEqual((await callRows()).map((r) => Number(r[0])), Array.from({ length: 30 }, (_, i) => i + 1));
    if (NO_PLUGIN) { t.diagnostic(NO_PLUGIN); return; }
    assertSameAsPlugin(report, capture);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the seed call\'s three logs: imported in the page, verdicts as the plugin\'s', async (t) => {
  assert.equal(await L.upload(page, THREE), 'done', await text('#error'));
  const report = results.three = await L.pageReport(page);
  assert.equal(await page.$eval('#import', (e) => e.dataset.exit), '0');
  assert.match(await text('#import-log'), /expc-call\.log: Expressway diagnostic log, 8 SIP messages/);
  assert.match(await text('#import-log'), /cucm-sdl\.txt: CUCM SDL trace, 4 SIP messages/);
  const rows = await callRows();
  assert.equal(rows[0][1], 'delayed-offer');
  assert.match(rows[0][2], /^FAILED: delayed offer toward company\.webex\.com/);
  if (SHOTS) { await page.$eval('#import', (d) => { d.open = true; }); await shot('import'); }
  if (NO_IMPORT) { t.diagnostic(NO_IMPORT); return; }
  const native = L.siphopImport(THREE);
  // What siphop-import says is the same in the page, but for where it wrote.
  const lines = (x) => x.replaceAll(path.dirname(native.out) + '/', '/').trim().split('\n');
  assert.deepEqual(lines(await text('#import-log')), lines(native.stderr));
  assertSameAsPlugin(report, native.out);
});

test('the imported pcapng export opens in tshark with the plugin: the page\'s verdicts', { skip: NO_PLUGIN }, async () => {
  const file = await download(() => page.click('#export-pcapng'), /\.pcapng$/);
  assertSameAsPlugin(results.three, file);
});

test('a CUBE log with the Expressway logs', async (t) => {
  assert.equal(await L.upload(page, CUBE), 'done', await text('#error'));
  const report = await L.pageReport(page);
  assert.match(await text('#import-log'), /cube-ccsip\.txt: Cisco IOS debug ccsip messages, 4 SIP messages/);
  const failed = report.calls.find((c) => c.class === 'delayed-offer');
  assert.ok(failed, 'the delayed-offer call');
  if (NO_IMPORT) { t.diagnostic(NO_IMPORT); return; }
  assertSameAsPlugin(report, L.siphopImport(CUBE).out);
});

test('a diagnostic bundle (.tar.gz with gzip members and a capture)', async (t) => {
  const bundle = [path.join(LOGS, 'call-bundle.tar.gz')];
  assert.equal(await L.upload(page, bundle), 'done', await text('#error'));
  assert.match(await text('#import-log'), /call-bundle\.tar\.gz\/diagnostic_logging\/expe-call\.log\.gz: Expressway diagnostic log/);
  const report = await L.pageReport(page);
  assert.ok(report.calls.some((c) => c.class === 'delayed-offer'));
  if (NO_IMPORT) { t.diagnostic(NO_IMPORT); return; }
  assertSameAsPlugin(report, L.siphopImport(bundle).out);
});

test('files dropped while others are analysed: only the last ones are shown', async () => {
  const dir = L.tmpdir('b425');
  const big = path.join(dir, 'b425.pcapng');
  execFileSync('python3', [path.join(L.REPO, 'tests', 'captures', 'gen-bench-capture.py'), '--calls', '425', '-o', big]);
  try {
    await page.$eval('body', (b) => { b.dataset.state = 'uploading'; });
    const input = await page.$('#file');
    await input.uploadFile(big);                  // 10 000 frames: seconds of work
    await page.waitForSelector('body[data-state="working"]');
    await input.uploadFile(SEED);                 // meanwhile, the seed
    assert.equal(await L.waitState(page, ['done', 'error']), 'done');
    assert.equal((await L.pageReport(page)).messages.length, 12);
    await new Promise((ok) => setTimeout(ok, 500));
    assert.equal((await L.pageReport(page)).messages.length, 12, 'the first run\'s late result is not shown');
    assert.match(await text('#status'), /^12 frames, 12 SIP messages, 1 call,/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('damaged inputs: a clear error or the import warnings, never a hang', async () => {
  // A log with binary garbage between and inside records: imported with
  // warnings (siphop-import's exit 1), which the page shows.
  assert.equal(await L.upload(page, [path.join(LOGS, 'garbage.log')], 120_000), 'done');
  assert.equal(await page.$eval('#import', (e) => [e.dataset.exit, e.open, e.hidden].join()), '1,true,false');
  assert.match(await text('#import-title'), /warnings/);
  assert.match(await text('#import-log'), /garbage\.log:13: binary data/);
  // No SIP at all: a clear error, with siphop-import's reason.
  const dir = L.tmpdir('damaged');
  const junk = path.join(dir, 'junk.bin');
  fs.writeFileSync(junk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff)));
  assert.equal(await L.upload(page, [junk], 120_000), 'error');
  assert.match(await text('#error'), /No SIP message found in junk\.bin/);
  assert.match(await text('#import-log'), /no SIP message found in the input/);
  assert.equal(await L.upload(page, [path.join(LOGS, 'no-sip.txt')], 120_000), 'error');
  assert.match(await text('#import-log'), /no-sip\.txt: not a log siphop-import knows/);
  // A capture cut in the middle of a packet: Wireshark reads what is there,
  // or the page says why it cannot.
  const cut = path.join(dir, 'seed-cut.pcapng');
  const seed = fs.readFileSync(SEED);
  fs.writeFileSync(cut, seed.subarray(0, Math.floor(seed.length * 0.6)));
  const state = await L.upload(page, [cut], 120_000);
  if (state === 'error') assert.notEqual((await text('#error')).trim(), '');
  else assert.ok((await L.pageReport(page)).messages.length < 12, 'fewer messages than the whole capture');
  // A capture's magic and nothing else.
  const head = path.join(dir, 'head.pcapng');
  fs.writeFileSync(head, seed.subarray(0, 20));
  assert.equal(await L.upload(page, [head], 120_000), 'error');
  assert.notEqual((await text('#error')).trim(), '');
  fs.rmSync(dir, { recursive: true, force: true });
  // And the page still works afterwards.
  assert.equal(await L.upload(page, [SEED]), 'done');
  assert.equal(await page.$eval('#error', (e) => e.hidden), true);
});

test('offline: once loaded, the page works with the server gone', async () => {
  const p = await b.newPage({ bypassServiceWorker: false });
  try {
    await L.openPage(p, srv.origin);
    await p.waitForSelector('body[data-offline="ready"]', { timeout: 60_000 });
    srv.offline(true);
    await p.reload();
    await L.waitState(p, ['ready', 'error']);
    assert.equal(await L.upload(p, [SEED]), 'done');
    assert.equal((await L.pageReport(p)).calls.length, 1);
  } finally {
    srv.offline(false);
    await p.close();
  }
});

test('no request left the page\'s origin', () => {
  assert.deepEqual(b.foreign, []);
  assert.ok(b.seen.some((u) => u.endsWith('/vendor/wiregasm.wasm.gz')), 'the worker\'s requests were seen too');
  assert.deepEqual(page.errors, []);
});
