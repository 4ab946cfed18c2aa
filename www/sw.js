// The offline copy of the page. After one visit (online, or from a local server) every file of the
// page is in Cache Storage, so a student can open it again with no network at all.
//
// Strategy: network first, cache as the fallback. Online, a teacher always gets the newest build
// (no stale page after an update, no "reload twice"); when a fetch fails, the cached copy answers.
// Only same-origin GETs are handled: model downloads from Hugging Face go straight to the network
// and are cached by the worker itself (its own cache, 'nlp-playground-models-v1', left alone here).
const CACHE = 'nlp-playground-page-v1';
// Written by scripts/build.sh: every file of www/ and pkg/, as paths from the folder holding both.
const FILE_LIST = new URL('../pkg/files.json', self.location);

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('nlp-playground-page-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(networkFirst(req));
});

async function precache() {
  const cache = await caches.open(CACHE);
  let files = [];
  try {
    const res = await fetch(FILE_LIST, { cache: 'no-store' });
    if (res.ok) files = await res.json();
  } catch {
    // No list (a page served without running the build script): files are cached as they load.
  }
  const root = new URL('../', self.location);
  // One by one, so that a missing file does not cancel the rest.
  await Promise.all(files.map((path) => cache.add(new URL(path, root)).catch(() => {})));
  await cache.add(new URL('./', self.location)).catch(() => {}); // the page's own URL, www/
}

async function networkFirst(req) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok && res.type === 'basic') cache.put(req, res.clone()).catch(() => {});
    return res;
  } catch (err) {
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    throw err;
  }
}
