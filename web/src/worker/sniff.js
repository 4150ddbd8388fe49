// sniff.js - which way a set of dropped files goes.
// Exactly one pcap/pcapng (by its magic bytes, not its name) goes straight to
// Wireshark; anything else (logs, .gz, diagnostic bundles, several files, a
// capture plus logs) goes through siphop-import first, which reads and merges
// all of them into one pcapng. Defines self.SiphopSniff.
//
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

(function (root) {
  const CAPTURE_MAGICS = [
    [0x0a, 0x0d, 0x0d, 0x0a],   // pcapng section header block
    [0xa1, 0xb2, 0xc3, 0xd4], [0xd4, 0xc3, 0xb2, 0xa1],   // pcap, microseconds
    [0xa1, 0xb2, 0x3c, 0x4d], [0x4d, 0x3c, 0xb2, 0xa1],   // pcap, nanoseconds
  ];

  function isCapture(head) {
    return CAPTURE_MAGICS.some((m) => m.every((b, i) => head[i] === b));
  }

  async function head(file) {
    return new Uint8Array(await file.slice(0, 4).arrayBuffer());
  }

  // -> 'capture' (to Wireshark directly) or 'import' (siphop-import first).
  async function route(files) {
    if (files.length === 1 && isCapture(await head(files[0]))) return 'capture';
    return 'import';
  }

  root.SiphopSniff = { route, isCapture };
})(self);
