/* global self, caches, location */
/*
 * The app's service worker, written by hand: the app shell, the scripts and styles, and the
 * recipes and shopping lists already opened stay readable offline.
 * - Install: the shell ('/'), the icons and every file of the build's /assets/ (the list is
 *   written into BUILD and ASSETS by scripts/build-web.mjs), so a page opened offline has all its
 *   chunks, the ones loaded on demand included.
 * - Pages (navigations): network first, else the shell kept from the last visit.
 * - /assets/* (named by their content hash, never changed): cache first.
 * - GET /me, /recipes/{id}, /lists, /lists/{id}, /plan: network first, else the last answer kept
 *   (the page signs out by deleting that cache, web/src/session.ts).
 * Everything else (writes, the event stream, the session) goes to the network untouched; checks
 * made offline are queued by the page (web/src/live-list.ts), not here.
 *
 * Matching ignores Vary: the shell varies on Accept and Accept-Language and a kept answer was
 * asked with the Authorization header an offline page no longer has; one device, one cache.
 */
const BUILD = 'dev';
const ASSETS = [];
const SHELL = `gourmet-shell-${BUILD}`;
const DATA = 'gourmet-data-v1';
const KEPT = /^\/(me|recipes\/\d+|lists(\/\d+)?|plan)$/;
const ICONS = ['/favicon.svg', '/icon-192.png', '/icon-512.png', '/icon-maskable-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) =>
        Promise.all([
          // The shell as a navigation gets it (without text/html, / is the API's JSON index).
          fetch('/', { headers: { accept: 'text/html' } }).then((r) => (r.ok ? c.put('/', r) : undefined)),
          c.addAll(['/manifest.webmanifest', ...ICONS, ...ASSETS]),
        ]),
      )
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

async function networkFirst(request, cacheName, key) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key ?? request, response.clone());
    return response;
  } catch (err) {
    const kept = await cache.match(key ?? request, { ignoreVary: true });
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
  if (url.pathname.startsWith('/assets/') || ICONS.includes(url.pathname) || url.pathname === '/manifest.webmanifest') {
    event.respondWith(
      caches.open(SHELL).then(async (cache) => {
        const kept = await cache.match(request, { ignoreVary: true });
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
