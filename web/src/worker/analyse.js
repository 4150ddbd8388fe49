// analyse.js - siphop's core (core/*.c, the plugin's own) compiled to
// WebAssembly: every SIP message in, the report (calls, verdicts, findings,
// fixes) out as JSON. The page lays that report out; it adds no SIP
// knowledge of its own. Classic worker script: defines self.SiphopAnalyse.
//
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

(function (root) {
  let corePromise = null;

  function core() {
    if (!corePromise) {
      root.importScripts('../core/siphop-core.js');
      corePromise = root.loadSiphopCore({ locateFile: (p) => '../core/' + p, print() {}, printErr() {} });
    }
    return corePromise;
  }

  // "1436149803.012410000" -> [1436149803, 12410000]: the nanoseconds never go
  // through a double.
  function splitEpoch(epoch) {
    const [s, frac = ''] = String(epoch).split('.');
    return [Number(s) || 0, Number((frac + '000000000').slice(0, 9)) || 0];
  }

  // messages: the tap's records, in frame order. onProgress(done, total).
  // Returns {json, accepted}: accepted[i] is the record behind the report's
  // messages[i] (the core reports the messages it took, in the order given).
  async function analyse(messages, eoDomains, onProgress) {
    const m = await core();
    const newSession = m.cwrap('shw_new', 'number', ['string']);
    const feed = m.cwrap('shw_message', 'number',
      ['number', 'number', 'number', 'number', 'number', 'string', 'string', 'number', 'number', 'number']);
    const report = m.cwrap('shw_report', 'string', ['number']);
    const free = m.cwrap('shw_free', null, ['number']);

    const s = newSession(eoDomains || '');
    if (!s) throw new Error('siphop core: no session');
    let buf = 0, cap = 0;
    const accepted = [];
    try {
      for (let i = 0; i < messages.length; i++) {
        const x = messages[i];
        if (x.bytes.length + 1 > cap) {
          if (buf) m._free(buf);
          cap = Math.max(x.bytes.length + 1, 65536);
          buf = m._malloc(cap);
          if (!buf) throw new Error('siphop core: out of memory');
        }
        m.HEAPU8.set(x.bytes, buf);   // HEAPU8 after _malloc: memory may have grown
        const [sec, nsec] = splitEpoch(x.epoch);
        const rc = feed(s, x.frame, sec, nsec, x.point, x.src, x.dst, buf, x.bytes.length, x.sdp ? 1 : 0);
        if (rc === 0) accepted.push(x);
        if (onProgress && (i & 1023) === 1023) onProgress(i + 1, messages.length);
      }
      if (onProgress) onProgress(messages.length, messages.length);
      return { json: report(s), accepted };
    } finally {
      if (buf) m._free(buf);
      free(s);
    }
  }

  root.SiphopAnalyse = { analyse, splitEpoch };
})(self);
