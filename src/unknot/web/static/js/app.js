// unknot: register the service worker, so that the app shell works offline.
// Everything else on the site works without JavaScript.
"use strict";

if ("serviceWorker" in navigator && window.isSecureContext) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      // Offline support is a bonus: the site works the same without it.
    });
  });
}
