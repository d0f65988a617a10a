// unknot's service worker: keeps the app shell (home, spasm help, the stylesheet, the
// script and the icons) so that they open without a connection. Pages are fetched from the
// network first and fall back to the copy kept here. The one personal page kept is today's
// session (/today), so that a session started online can be done and logged offline; it is
// kept in its own cache, which signing out or deleting the account clears (Clear-Site-Data).
"use strict";

const CACHE = "unknot-shell-v1";
const TODAY_CACHE = "unknot-today-v1";
const TODAY = "/today";
// Drawings of exercises: kept once fetched (they change only with a new release).
const DRAWING = /^\/exercises\/[a-z0-9-]+\/(illustration|still)\.svg$/;
const SHELL = [
  "/",
  "/spasm",
  "/learn/spasm-first-aid",
  "/learn/when-to-get-help",
  "/offline",
  "/manifest.webmanifest",
  "/static/css/unknot.css",
  "/static/js/app.js",
  "/static/js/player.js",
  "/static/css/journey.css",
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
];
// Public pages that may be kept for offline reading; nothing else is stored.
const PUBLIC = /^\/(|spasm|learn(\/[a-z0-9-]+)?|exercises(\/[a-z0-9-]+)?|offline)$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key !== CACHE && key !== TODAY_CACHE; })
        .map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (DRAWING.test(url.pathname)) {
    event.respondWith(
      caches.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
          }
          return response;
        });
      })
    );
    return;
  }
  if (request.mode === "navigate" && url.pathname === TODAY) {
    // Today's session: the network first (kept for offline use when it is the person's
    // page, not a sign-in redirect); offline, the copy kept.
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(TODAY_CACHE).then(function (cache) { cache.put(TODAY, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(TODAY, { cacheName: TODAY_CACHE }).then(function (hit) {
          return hit || caches.match("/offline");
        });
      })
    );
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    // Static files: the cached copy of this exact version, else the network (kept for next
    // time); offline, any kept version of the file.
    event.respondWith(
      caches.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
          }
          return response;
        }).catch(function () {
          return caches.match(request, { ignoreSearch: true });
        });
      })
    );
    return;
  }
  if (request.mode === "navigate") {
    // Pages: the network first; offline, the kept copy of a public page, else /offline.
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok && PUBLIC.test(url.pathname) && !url.search) {
          const copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(request, { ignoreSearch: true }).then(function (hit) {
          return hit || caches.match("/offline");
        });
      })
    );
  }
});
