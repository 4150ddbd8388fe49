// importer.js - siphop-import (import/siphop-import.c) compiled to WebAssembly:
// logs (Expressway, CUCM SDL, CUBE debug), gzip, diagnostic bundles and
// captures, any mix, merged into one pcapng, exactly as on the command line.
// Classic worker script: defines self.SiphopImporter.
//
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

(function (root) {
  // Byte by byte, as the program writes to a pipe: its lines end with a
  // newline then (with a line callback, stderr would be a terminal and the
  // progress lines end with a carriage return). UTF-8 across byte boundaries.
  function lineSink(onLine) {
    const dec = new TextDecoder();
    let bytes = [];
    const flush = () => {
      if (!bytes.length) return;
      onLine(dec.decode(new Uint8Array(bytes)).replace(/\r$/, ''));
      bytes = [];
    };
    return {
      byte(b) {
        if (b === null) return;
        if (b === 10) flush(); else bytes.push(b < 0 ? b + 256 : b);
        if (bytes.length > 65536) flush();   // a line without end: never hold it all
      },
      flush,
    };
  }

  // Browsers give base names only; two files of one name (from two
  // folders) must not overwrite each other.
  function uniqueNames(files) {
    const used = new Set();
    return files.map((f) => {
      const base = f.name.replace(/[\/\0]/g, '_') || 'input';
      let name = base;
      for (let k = 2; used.has(name); k++) name = base.replace(/(\.[^.]*)?$/, ` (${k})$1`);
      used.add(name);
      return name;
    });
  }

  // A fresh module per run: callMain is a program's main(), meant to run
  // once; its globals and its in-memory file system start clean each time
  // and the whole heap goes back when the run is over.
  //
  // files: [File] -> {exit, lines (stderr), pcapng (Uint8Array or null)}
  // exit as siphop-import's: 0 ok, 1 written with warnings, 2 error.
  async function run(files, onLine) {
    if (!root.loadSiphopImport) root.importScripts('../core/siphop-import.js');
    const lines = [];
    const out = lineSink((text) => { lines.push(text); if (onLine) onLine(text); });
    let exited;
    const mod = await root.loadSiphopImport({
      locateFile: (p) => '../core/' + p,
      stdout: out.byte,
      stderr: out.byte,
      noInitialRun: true,
      onExit: (code) => { exited = code; },
    });
    const names = uniqueNames(files);
    mod.FS.mkdir('/in');
    // Copied into the module's file system. WORKERFS would read the Files
    // where they are, but in small synchronous slices: a 100 MB log took
    // 4.5-6 s to import that way against 1.1-1.7 s copied, and the peak
    // memory of the whole run (later, in Wireshark) was the same.
    for (let i = 0; i < files.length; i++) {
      mod.FS.writeFile('/in/' + names[i], new Uint8Array(await files[i].arrayBuffer()));
    }
    // main()'s return value, or its exit() status (reported through onExit,
    // or thrown as an ExitStatus, depending on how the module was linked).
    let exit;
    try {
      exit = mod.callMain(['-o', '/imported.pcapng', ...names.map((n) => '/in/' + n)]);
    } catch (e) {
      if (e && typeof e.status === 'number') exit = e.status;
      else throw e;
    }
    if (exited !== undefined) exit = exited;
    out.flush();
    let pcapng = null;
    try { pcapng = mod.FS.readFile('/imported.pcapng'); } catch (e) { /* not written */ }
    return { exit: exit === undefined ? 0 : exit, lines, pcapng };
  }

  root.SiphopImporter = { run };
})(self);
