/* The service worker of the phone pages (served at /sw.js by ocopfair/offline.py, which fills in
 * VERSION and PRECACHE). Small on purpose:
 * - static files (fingerprinted, never changing under one name): cache first;
 * - pages the server marked X-Offline-Shell: the kept copy at once, refreshed from the network
 *   in the background (on slow 3G a round trip is 2 s); with no network the kept copy is all;
 * - every other request: straight to the network, nothing kept.
 * Private pages are dropped when someone signs out, when another person signs in on the phone,
 * and when the server no longer shows the page to this person (a redirect to the login page).
 */
"use strict";
var VERSION = "__VERSION__";
var PRECACHE = [] /*__PRECACHE__*/;
var STATIC = "ocopfair-static-" + VERSION;
var PAGES = "ocopfair-pages-" + VERSION;
var META = "ocopfair-meta";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) {
    return cache.addAll(PRECACHE);
  }).then(function () { return self.skipWaiting(); }));
});

// A new version drops every older cache, pages included: they name the old files.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n !== STATIC && n !== PAGES && n !== META;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function dropPages() { return caches.delete(PAGES); }

// The person the kept pages belong to; pages of anyone else are dropped first.
function setUser(user) {
  return caches.open(META).then(function (meta) {
    return meta.match("/__user__").then(function (r) { return r ? r.text() : null; })
      .then(function (previous) {
        if (previous === user) { return null; }
        // Signed out, or someone else signed in: drop the previous person's pages. (Pages kept
        // while nobody was signed in are public; dropping them here would also race with the
        // page just kept for the person signing in.)
        var drop = previous ? dropPages() : Promise.resolve();
        return drop.then(function () {
          return meta.put("/__user__", new Response(user));
        });
      });
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var done = Promise.resolve();
  if (data.type === "user") { done = setUser(String(data.user || "")); }
  if (data.type === "forget") { done = dropPages(); }
  // A page opened before this worker took over asks to be kept (it may be a shell).
  if (data.type === "keep" && new URL(data.url).origin === self.location.origin) {
    done = caches.open(PAGES).then(function (cache) {
      return fromNetwork(new Request(data.url, { credentials: "same-origin" }), cache);
    }).catch(function () { /* offline: kept at the next visit */ });
  }
  event.waitUntil(done.then(function () {
    if (event.ports && event.ports[0]) { event.ports[0].postMessage("ok"); }
  }));
});

function fromNetwork(request, cache) {
  return fetch(request).then(function (response) {
    var keep = response.ok && !response.redirected && response.headers.get("X-Offline-Shell") === "1";
    if (keep) { return cache.put(request, response.clone()).then(function () { return response; }); }
    return cache.delete(request).then(function () { return response; });
  });
}

function page(event) {
  var request = event.request;
  return caches.open(PAGES).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (kept) {
      var fresh = fromNetwork(request, cache);
      if (!kept) { return fresh; }
      event.waitUntil(fresh.catch(function () { /* offline: the kept copy stands */ }));
      return kept;
    });
  });
}

function staticFile(request) {
  return caches.open(STATIC).then(function (cache) {
    return cache.match(request).then(function (kept) {
      return kept || fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method !== "GET") {
    // A form sent (a sale saved, a sign-out): the kept pages may now be out of date or private.
    if (request.mode === "navigate") { event.waitUntil(dropPages()); }
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) { event.respondWith(staticFile(request)); return; }
  if (request.mode === "navigate") { event.respondWith(page(event)); }
});
