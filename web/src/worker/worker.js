// worker.js - all the work, off the page's thread: reading the files,
// siphop-import for logs, Wireshark for the capture, siphop's core for the
// verdicts. Classic worker (the Emscripten factories are UMD scripts).
//
// page -> worker: {type:'run', id, files:[File], eoDomains}
//                 {type:'text', index, len}      a message's full text
// worker -> page: {type:'ready', wireshark}      loaded, waiting for files
//                 {type:'route', route}          'capture' (Wireshark only) or 'import'
//                 {type:'stage', stage, fraction, detail}
//                 {type:'import-line', text}     siphop-import's stderr, as it comes
//                 {type:'imported', exit, lines, pcapng: Blob|null}
//                 {type:'done', report (JSON text), stats}
//                 {type:'text', index, text, comment}
//                 {type:'error', message, stage}
// Every answer to a run carries its id.
//
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

// siphop's two modules (../core/) are loaded when first needed (analyse.js,
// importer.js): a capture never loads the importer.
importScripts('sniff.js', 'wireshark.js', 'importer.js', 'analyse.js', '../vendor/wiregasm.js');

// The run a message belongs to (the page's id): the page ignores what a
// run it has given up on (new files dropped meanwhile) still says.
let runId = 0;
const post = (m) => postMessage({ ...m, id: runId });
const stage = (name, fraction, detail) => post({ type: 'stage', stage: name, fraction, detail });
const ms = (t0) => Math.round(performance.now() - t0);

let wireshark = null;
// What the last run's report refers to: the records behind report.messages.
let accepted = [];

async function loadWireshark() {
  stage('loading', 0, 'Wireshark (WebAssembly)');
  const t0 = performance.now();
  const timings = {};
  wireshark = await SiphopWireshark.load(timings);
  postMessage({ type: 'ready', wireshark: wireshark.wiresharkVersion(), ms: ms(t0), ...timings });
}
let ready = loadWireshark();
ready.catch((e) => postMessage({ type: 'error', stage: 'loading', message: 'Wireshark could not be loaded: ' + (e && e.message || e) }));

async function run(files, eoDomains, id) {
  await ready;
  runId = id;
  accepted = [];
  const stats = { files: files.map((f) => ({ name: f.name, size: f.size })) };
  let t = performance.now();
  const route = await SiphopSniff.route(files);
  post({ type: 'route', route });
  let capture;
  if (route === 'capture') {
    stage('reading', 0, files[0].name);
    capture = new Uint8Array(await files[0].arrayBuffer());
  } else {
    stats.readMs = 0;   // siphop-import reads them (in its stage)
    stage('importing', 0, `${files.length} file${files.length > 1 ? 's' : ''} through siphop-import`);
    const r = await SiphopImporter.run(files, (text) => post({ type: 'import-line', text }));
    stats.importMs = ms(t);
    stats.importExit = r.exit;
    const ok = r.exit !== 2 && r.pcapng && r.pcapng.length > 0;
    post({ type: 'imported', exit: r.exit, lines: r.lines,
      pcapng: ok ? new Blob([r.pcapng], { type: 'application/octet-stream' }) : null });
    if (!ok) {
      throw Object.assign(new Error('siphop-import could not read these files (details below)'), { stage: 'importing' });
    }
    capture = r.pcapng;
  }
  stats.readMs = stats.readMs ?? ms(t);
  t = performance.now();
  stage('dissecting', 0, `${(capture.length / 1e6).toFixed(1)} MB with Wireshark ${wireshark.wiresharkVersion()}`);
  let d;
  try {
    d = SiphopWireshark.dissect(wireshark, capture);
  } catch (e) {
    // A WebAssembly trap or abort leaves the module unusable: the next
    // run gets a fresh Wireshark.
    if (!(e instanceof Error) || e instanceof WebAssembly.RuntimeError || /abort/i.test(e.message)) {
      wireshark = null;
      ready = loadWireshark();
      ready.catch(() => {});
    }
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { stage: 'dissecting' });
  }
  capture = null;
  stats.dissectMs = ms(t);
  stats.frames = d.frames;
  stats.sipMessages = d.messages.length;
  t = performance.now();
  stage('analysing', 0, `${d.messages.length} SIP messages`);
  const a = await SiphopAnalyse.analyse(d.messages, eoDomains,
    (done, total) => stage('analysing', done / total, `${done} of ${total} SIP messages`));
  stats.analyseMs = ms(t);
  accepted = a.accepted;
  stats.heapMiB = Math.round(wireshark.HEAPU8.buffer.byteLength / 2 ** 20);
  post({ type: 'done', report: a.json, stats });
}

// len: the message's length as the core framed it (the report's), when
// known: the tap's bytes may run on into the next message of a segment.
function text(index, len) {
  const x = accepted[index];
  if (!x) return { type: 'text', index, text: '', comment: '' };
  const bytes = len > 0 && len < x.bytes.length ? x.bytes.subarray(0, len) : x.bytes;
  // SIP is UTF-8 text; a message that is not shows U+FFFD where it is broken.
  return { type: 'text', index, text: new TextDecoder().decode(bytes), comment: x.comment };
}

// One job at a time, in order: a second drop while the first runs waits.
let queue = Promise.resolve();
onmessage = (ev) => {
  const m = ev.data;
  if (m.type === 'text') { postMessage(text(m.index, m.len)); return; }
  if (m.type !== 'run') return;
  queue = queue.then(() => run(m.files, m.eoDomains, m.id)).catch((e) => {
    postMessage({ type: 'error', id: m.id, stage: e.stage || 'analysing', message: String(e && e.message || e) });
  });
};
