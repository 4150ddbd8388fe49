// wireshark.js - Wireshark (wiregasm 1.9.1 = Wireshark 4.4.5) in the worker:
// load it once, dissect a capture, hand back every SIP message.
// Classic worker script (wiregasm.js is an Emscripten UMD factory, not an ES
// module): defines self.SiphopWireshark.
//
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

(function (root) {
  const VENDOR = '../vendor/';

  // The .wasm and .data are served gzip-compressed (19.6 MB instead of 71 MB
  // to download and to keep in the offline cache) and inflated here. A host
  // that sends .gz files with "Content-Encoding: gzip" has the browser
  // inflate them already: the magic bytes tell.
  async function fetchInflated(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    const buf = new Uint8Array(await res.arrayBuffer());
    if (buf[0] !== 0x1f || buf[1] !== 0x8b) return buf.buffer;
    const stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer();
  }

  // Load the module and register dissectors (and our Lua tap). About 1-1.5 s.
  // timings (out): fetchMs (download and inflate), initMs (compile, init).
  async function load(timings = {}) {
    const t0 = performance.now();
    const [wasm, data, lua] = await Promise.all([
      fetchInflated(VENDOR + 'wiregasm.wasm.gz'),
      fetchInflated(VENDOR + 'wiregasm.data.gz'),
      fetch('siphop-tap.lua').then((r) => { if (!r.ok) throw new Error('siphop-tap.lua: HTTP ' + r.status); return r.text(); }),
    ]);
    const t1 = performance.now();
    const lib = await root.loadWiregasm({
      wasmBinary: wasm,
      getPreloadedPackage: () => data,
      locateFile: (p) => VENDOR + p,
      // Wireshark's own status lines are not for the user.
      print() {}, printErr() {}, handleStatus() {},
    });
    lib.FS.writeFile(lib.getPluginsDirectory() + '/siphop-tap.lua', lua);
    if (!lib.init()) throw new Error('Wireshark (wiregasm) failed to initialise');
    timings.fetchMs = Math.round(t1 - t0);
    timings.initMs = Math.round(performance.now() - t1);
    return lib;
  }

  // Records written by siphop-tap.lua (see its header).
  function parseTapOutput(raw) {
    const out = [];
    const latin1 = new TextDecoder('latin1');
    for (let i = 0; i < raw.length;) {
      const nl = raw.indexOf(10, i);
      if (nl < 0) throw new Error('the Lua tap\'s output is cut');
      const [frame, epoch, src, dst, point, sdp, len, clen] = latin1.decode(raw.subarray(i, nl)).split(' ');
      const start = nl + 1, end = start + Number(len), cend = end + Number(clen);
      out.push({
        frame: Number(frame), epoch,
        src: src === '-' ? '' : src, dst: dst === '-' ? '' : dst,
        point: Number(point), sdp: sdp === '1',
        bytes: raw.subarray(start, end),
        comment: cend > end ? new TextDecoder().decode(raw.subarray(end, cend)) : '',
      });
      i = cend;
    }
    return out;
  }

  // Dissect one capture (bytes) and return its SIP messages in frame order,
  // plus the frame count. The session is deleted afterwards: nothing else is
  // asked of Wireshark, and its memory goes back for the next file.
  function dissect(lib, bytes) {
    const path = lib.getUploadDirectory() + '/capture';
    lib.FS.writeFile(path, bytes);
    let session = null;
    try {
      session = new lib.DissectSession(path);
      const r = session.load();
      if (r.code !== 0) throw new Error(`Wireshark could not read the capture: ${r.error || 'error ' + r.code}`);
      const frames = r.summary.packet_count;
      try { lib.FS.unlink('/siphop.out'); } catch (e) { /* none yet */ }
      // Asking for any tap makes wiregasm rerun every registered tap, ours included.
      const taps = new lib.MapInput();
      taps.set('tap0', 'conv:UDP');
      const t = session.tap(taps);
      taps.delete();
      if (t.error) throw new Error('Wireshark tap: ' + t.error);
      deleteTapResult(t);
      let raw = new Uint8Array(0);
      try { raw = lib.FS.readFile('/siphop.out'); lib.FS.unlink('/siphop.out'); } catch (e) { /* no SIP at all */ }
      return { frames, fileType: r.summary.file_type, messages: parseTapOutput(raw) };
    } finally {
      if (session) session.delete();
      try { lib.FS.unlink(path); } catch (e) { /* not written */ }
    }
  }

  // The conv:UDP result is not wanted; its embind vectors are C++ objects.
  function deleteTapResult(t) {
    try {
      const v = t.taps;
      for (let i = 0; i < v.size(); i++) {
        const x = v.get(i);
        for (const k of ['convs', 'hosts', 'objects']) if (x[k] && x[k].delete) x[k].delete();
      }
      v.delete();
    } catch (e) { /* older shapes: leave them to the GC */ }
  }

  root.SiphopWireshark = { load, dissect, parseTapOutput };
})(self);
