/* global self, caches, location */
/*
 * The app's service worker, written by hand (no build step): the app shell, the scripts and
 * styles, and the recipes and shopping lists already opened stay readable offline.
 * - Pages (navigations): network first, else the shell kept from the last visit.
 * - /assets/* (named by their content hash, never changed): cache first.
 * - GET /recipes/{id}, /lists, /lists/{id}, /plan: network first, else the last answer kept.
 * Everything else (writes, the event stream, the session) goes to the network untouched; checks
 * made offline are queued by the page (web/src/live-list.ts), not here.
 */
const SHELL = 'gourmet-shell-v1';
const DATA = 'gourmet-data-v1';
const KEPT = /^\/(recipes\/\d+|lists(\/\d+)?|plan)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(['/', '/favicon.svg', '/manifest.webmanifest']))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request, cacheName, fallbackUrl) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackUrl ?? request, response.clone());
    return response;
  } catch (err) {
    const kept = await cache.match(fallbackUrl ?? request);
    if (kept) return kept;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL, '/'));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.open(SHELL).then(async (cache) => {
        const kept = await cache.match(request);
        if (kept) return kept;
        const response = await fetch(request);
        if (response.ok) await cache.put(request, response.clone());
        return response;
      }),
    );
    return;
  }
  if (KEPT.test(url.pathname)) event.respondWith(networkFirst(request, DATA));
});
