// sw.js - offline once loaded: the page, the worker and both WebAssembly
// modules are kept in a cache named after the build (sw-files.js, written by
// web/build.sh: the list of files and a hash of their contents), so a new
// build replaces the old cache instead of mixing with it. Cache first: the
// files of one build never change. Only this origin's files are handled.
//
// SPDX-License-Identifier: GPL-2.0-or-later
importScripts('sw-files.js');   // self.SIPHOP_BUILD = {version, files}

const CACHE = 'siphop-' + self.SIPHOP_BUILD.version;

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(self.SIPHOP_BUILD.files)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('siphop-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== location.origin) return;
  // "/" is index.html; a query string does not make another file.
  const key = url.pathname.endsWith('/') ? new URL('index.html', url) : url;
  e.respondWith(caches.open(CACHE)
    .then((c) => c.match(key.href, { ignoreSearch: true }))
    .then((hit) => hit || fetch(e.request)));
});
