// app.js - the page: files in, the worker's report laid out (call list, hop
// ladder, findings, exports). Every word about SIP shown here comes from the
// report, i.e. from siphop's core; this file only arranges it.
//
// SPDX-License-Identifier: GPL-2.0-or-later
import { h } from './ui/dom.js';
import { callTable } from './ui/calls.js';
import { ladderModel, ladderSvg } from './ui/ladder.js';
import { findingsList } from './ui/findings.js';
import { messagePanel } from './ui/message.js';
import { progressView } from './ui/progress.js';
import { saveJson, saveSvg, savePng, savePcapng } from './ui/exports.js';

const $ = (id) => document.getElementById(id);
const setState = (s) => { document.body.dataset.state = s; };

// Offline once loaded: the service worker keeps the page and both wasm
// modules (it needs http(s); a file:// page cannot run workers at all).
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js').then(() => navigator.serviceWorker.ready)
    .then(() => { document.body.dataset.offline = 'ready'; })
    .catch(() => { document.body.dataset.offline = 'unavailable'; });
}

const progress = progressView();
$('progress-slot').replaceWith(progress.element);

let report = null;        // the parsed report
let reportText = '';      // as the core wrote it (the JSON export)
let imported = null;      // the imported pcapng (Blob), when logs were imported
let baseName = 'siphop';
let lastFiles = null;
let selectedCall = null;
let openMessage = null;   // {index, panel}

const calls = callTable(selectCall);
$('calls-slot').replaceWith(...calls.element);
const findings = findingsList(openFinding);
$('findings-slot').replaceWith(...findings.element);

// ---- the worker ----------------------------------------------------------
setState('loading');
const worker = new Worker('worker/worker.js');
worker.onerror = (e) => fail('loading', `The page's worker failed: ${e.message || 'unknown error'}`);
let runId = 0;   // the current run; older runs' messages are dropped
worker.onmessage = ({ data: m }) => {
  if (m.id !== undefined && m.id !== runId) return;
  switch (m.type) {
    case 'ready':
      $('status').textContent = `Ready: Wireshark ${m.wireshark} loaded in your browser. Drop files to analyse them.`;
      window.siphopTimings = { ready: m };   // for the benchmark (bench/web-bench.mjs)
      progress.stage('loading', 1, '');
      progress.finish();
      if (document.body.dataset.state === 'loading') setState('ready');
      break;
    case 'route': progress.start(m.route === 'import'); break;
    case 'stage': progress.stage(m.stage, m.fraction, m.detail); break;
    case 'import-line': $('import-log').append(m.text + '\n'); break;
    case 'imported': showImport(m); break;
    case 'done': done(m); break;
    case 'text':
      if (openMessage && openMessage.index === m.index) openMessage.panel.setText(m.text, m.comment);
      break;
    case 'error': fail(m.stage, m.message); break;
  }
};

function fail(stage, message) {
  progress.fail();
  $('error').hidden = false;
  $('error').textContent = message;
  $('status').textContent = stage === 'loading' ? 'The page could not load.' : 'These files could not be analysed.';
  setState('error');
}

// ---- files in ----------------------------------------------------------------
function run(files) {
  if (!files.length || document.body.dataset.state === 'loading') return;
  lastFiles = files;
  baseName = files.length === 1 ? files[0].name.replace(/(\.gz)?(\.[^.]*)?$/, '') || 'siphop' : 'siphop-import';
  report = null; reportText = ''; imported = null; selectedCall = null;
  closeMessage();
  $('error').hidden = true;
  $('import').hidden = true;
  $('import-log').textContent = '';
  $('results').hidden = true;
  $('rerun').hidden = false;
  updateExports();
  $('status').textContent = `Analysing ${files.map((f) => f.name).join(', ')}…`;
  progress.start(true);
  setState('working');
  worker.postMessage({ type: 'run', id: ++runId, files, eoDomains: $('eo-domains').value.trim() });
}

const input = $('file');
input.addEventListener('change', () => {
  run([...input.files]);
  input.value = '';   // the same file chosen again must fire "change" again
});
const zone = $('drop');
document.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
document.addEventListener('dragleave', (e) => { if (!e.relatedTarget) zone.classList.remove('over'); });
document.addEventListener('drop', (e) => {
  e.preventDefault();
  zone.classList.remove('over');
  run([...e.dataTransfer.files]);
});
$('rerun').addEventListener('click', () => { if (lastFiles) run(lastFiles); });

// ---- results -----------------------------------------------------------------
function showImport(m) {
  imported = m.pcapng;
  $('import').hidden = false;
  $('import').dataset.exit = m.exit;
  $('import-title').textContent = m.exit === 0 ? 'Logs imported'
    : m.exit === 1 ? 'Logs imported, with warnings' : 'The logs could not be imported';
  $('import').open = m.exit !== 0;
  updateExports();
}

function done(m) {
  const parsed = JSON.parse(m.report);
  if (!parsed.messages.length) {
    fail('analysing', `No SIP message found in ${m.stats.files.map((f) => f.name).join(', ')} `
      + `(${m.stats.frames} frame${m.stats.frames === 1 ? '' : 's'} read${imported ? '; what siphop-import said is below' : ''}).`);
    return;
  }
  reportText = m.report;
  report = parsed;
  window.siphopReport = report;   // for the browser tests and the curious (devtools)
  window.siphopTimings = { ...window.siphopTimings, run: m.stats, renderStart: performance.now() };
  progress.finish();
  const c = report.counts || {};
  const s = m.stats;
  const n = (k, word) => `${k} ${word}${k === 1 ? '' : 's'}`;
  $('status').textContent = `${n(s.frames, 'frame')}, ${n(c.messages ?? report.messages.length, 'SIP message')}, `
    + `${n(c.calls ?? report.calls.length, 'call')}, ${n(report.findings.length, 'finding')}.`;
  $('timings').textContent = `read ${s.readMs} ms${s.importMs !== undefined ? `, import ${s.importMs} ms` : ''}, `
    + `Wireshark ${s.dissectMs} ms, siphop ${s.analyseMs} ms`;
  calls.set(report.calls);
  findings.set(report.findings, report.fixes);
  $('results').hidden = false;
  $('ladder').replaceChildren(h('p', { class: 'note' }, report.calls.length ? 'Choose a call in the call list.' : 'No SIP calls in these files.'));
  showView('calls');
  updateExports();
  setState('done');
  window.siphopTimings.renderMs = Math.round(performance.now() - window.siphopTimings.renderStart);
}

function showView(v) {
  if (v !== 'ladder') closeMessage();
  $('results').dataset.view = v;
  for (const b of document.querySelectorAll('#views button')) b.setAttribute('aria-selected', String(b.dataset.view === v));
}
for (const b of document.querySelectorAll('#views button')) b.addEventListener('click', () => showView(b.dataset.view));

// The exports carry the call and its verdict as a title; the page has them above.
function currentSvg(withTitle = true) {
  const call = report.calls.find((c) => c.call === selectedCall);
  return call ? ladderSvg(ladderModel(report, call), { title: withTitle ? `Call ${call.call}: ${call.verdict}` : '' }) : '';
}

function selectCall(call, messageIndex) {
  selectedCall = call.call;
  calls.select(call.call);
  const box = $('ladder');
  const svg = new DOMParser().parseFromString(currentSvg(false), 'image/svg+xml').documentElement;
  // The verdict, then the ladder, then the cause and the fix in full.
  box.replaceChildren(
    h('div', { class: 'call-head' },
      h('h2', {}, `Call ${call.call}`, call.call_ids?.length ? h('span', { class: 'note' }, '  ' + call.call_ids.join(', ')) : null),
      h('p', { class: 'verdict sev-' + (call.severity || 'none') }, call.verdict)),
    h('div', { class: 'svg-box' }, document.importNode(svg, true)),
    h('div', { class: 'call-foot' },
      call.cause ? h('p', {}, h('strong', {}, 'Cause: '), call.cause) : null,
      call.fix ? h('div', { class: 'fix' }, h('strong', {}, 'Fix: '), call.fix,
        call.fix_steps?.length ? h('ol', { class: 'steps' }, call.fix_steps.map((x) => h('li', {}, x))) : null) : null));
  box.querySelector('svg').addEventListener('click', (e) => {
    const g = e.target.closest('g.arrow');
    if (g) showMessage(Number(g.dataset.msg));
  });
  box.querySelector('svg').addEventListener('keydown', (e) => {
    const g = e.target.closest('g.arrow');
    if (g && e.key === 'Enter') showMessage(Number(g.dataset.msg));
  });
  showView('ladder');
  updateExports();
  if (messageIndex !== undefined) showMessage(messageIndex);
}

// The message opens in a drawer on the right, over the ladder's label
// column, so that the arrows stay in sight.
function showMessage(index) {
  const p = messagePanel(report, index);
  openMessage = { index, panel: p };
  for (const g of document.querySelectorAll('#ladder g.arrow')) g.classList.toggle('open', Number(g.dataset.msg) === index);
  $('drawer-body').replaceChildren(p.element);
  $('drawer').hidden = false;
  $('drawer').scrollTop = 0;
  worker.postMessage({ type: 'text', index, len: report.messages[index].len });
}

function closeMessage() {
  $('drawer').hidden = true;
  openMessage = null;
  for (const g of document.querySelectorAll('#ladder g.arrow.open')) g.classList.remove('open');
}
$('drawer-close').addEventListener('click', closeMessage);
document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !$('drawer').hidden) closeMessage(); });

function openFinding(f) {
  const m = report.messages[f.message];
  const call = report.calls.find((c) => c.call === (m?.call || f.call));
  if (call && m) selectCall(call, f.message);
}

// ---- exports -----------------------------------------------------------------
function updateExports() {
  $('export-json').disabled = !report;
  $('export-svg').disabled = $('export-png').disabled = !report || selectedCall === null;
  $('export-pcapng').hidden = !imported;
}
$('export-json').addEventListener('click', () => saveJson(reportText, baseName));
$('export-svg').addEventListener('click', () => saveSvg(currentSvg(), `${baseName}-call${selectedCall}`));
$('export-png').addEventListener('click', () => savePng(currentSvg(), `${baseName}-call${selectedCall}`));
$('export-pcapng').addEventListener('click', () => savePcapng(imported, baseName));
updateExports();
$('call-filter').addEventListener('input', (e) => calls.filter(e.target.value));
