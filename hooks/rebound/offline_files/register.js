/* Registers Rebound's service worker (sw.js, written by the build) so the site works offline after
   one visit, and moves open pages to a new build cleanly: when a new build's worker has fetched
   everything, it takes over and each page reloads once, so a page never runs another build's
   scripts. Worksheet answers are saved as they're typed, so the reload loses nothing. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var script = document.currentScript;
  var worker = script.getAttribute("data-sw");
  var hadWorker = !!navigator.serviceWorker.controller;
  var reloading = false;

  navigator.serviceWorker.addEventListener("controllerchange", function () {
    /* The first install takes over a page that was already loaded from the network: no reload then. */
    if (!hadWorker || reloading) return;
    reloading = true;
    window.location.reload();
  });

  function activate(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) registration.waiting.postMessage("activate");
  }

  /* After the page has loaded, so the offline copy never competes with what the reader came for. */
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(worker).then(function (registration) {
      activate(registration);
      registration.addEventListener("updatefound", function () {
        var installing = registration.installing;
        installing.addEventListener("statechange", function () {
          if (installing.state === "installed") activate(registration);
        });
      });
    }, function () {
      /* No worker (a private window, or storage switched off): the site works online as before. */
    });
  });
})();
