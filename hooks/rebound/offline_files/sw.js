/* Rebound's service worker: the whole site, offline, after one visit; written by the build
   (hooks/offline.py), which fills in BUILD and FILES.
   - Everything in FILES (every page, script, style and image of this build) is fetched into a
     cache named after the build when the worker installs, and answered from there.
   - Nothing else is touched: feed and calendar files, and anything off-site, go to the network
     as if this worker did not exist, and are never cached.
   - A page and the scripts it loads always come from the same build. A new build is a new worker
     with a new cache; when it is ready, open pages switch to it and reload once (offline.js), and
     the old cache is deleted. A page this worker's build does not have (so it came from the
     network, from a newer build) gets its scripts and styles from the network too.
   Worksheet answers live in localStorage, never here: this worker never sees them. */
const BUILD = "__BUILD__";
const FILES = __FILES__;
const CACHE = "rebound-" + BUILD;
const ROOT = new URL("./", self.location).href;
const LISTED = new Set(FILES.map((path) => ROOT + path));
const fromNetwork = new Set();   /* pages (client ids) that did not come from this build's cache */

self.addEventListener("install", (event) => {
  /* "reload": straight from the server, so an HTTP cache can't slip an older file into this build. */
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map((path) => new Request(ROOT + path, { cache: "reload" })))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key.indexOf("rebound-") === 0 && key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener("message", (event) => {
  if (event.data === "activate") self.skipWaiting();
});

/* The cached copy of a URL: "a/" is "a/index.html"; a query (search's ?q=) doesn't matter. */
function keyOf(url) {
  const clean = url.origin + url.pathname;
  return clean.endsWith("/") ? clean + "index.html" : clean;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const key = keyOf(url);
  if (request.mode === "navigate") {
    if (!LISTED.has(key)) {
      if (event.resultingClientId) fromNetwork.add(event.resultingClientId);
      return;
    }
  } else if (!LISTED.has(key) || fromNetwork.has(event.clientId)) {
    return;
  }
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(key)).then((hit) => hit || fetch(request)));
});
