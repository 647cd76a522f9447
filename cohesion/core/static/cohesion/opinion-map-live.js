// Keeps an open opinion map current (a map projected in the workshop room, a phone left open):
// asks every few seconds whether the map was drawn again or new votes wait, and then swaps in
// the fresh page's map. Polling rather than a websocket because the recompute runs in a worker
// process that may share no channel layer with the web server.
(function () {
  "use strict";
  var live = document.getElementById("map-live");
  var announce = document.getElementById("map-announce");
  if (!live || !window.fetch) return;
  var EVERY_MS = 5000;
  var busy = false;

  function refresh() {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("map-live");
        if (!fresh) return;
        var drawn = fresh.dataset.computed !== live.dataset.computed;
        live.innerHTML = fresh.innerHTML;
        live.dataset.computed = fresh.dataset.computed;
        live.dataset.pending = fresh.dataset.pending;
        if (drawn && announce) announce.textContent = announce.dataset.message;
      });
  }

  function check() {
    if (busy || document.visibilityState !== "visible") return;
    busy = true;
    fetch(live.dataset.status, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) return null;
        var known = live.dataset.computed ? Date.parse(live.dataset.computed) : 0;
        var computed = status.computed ? Date.parse(status.computed) : 0;
        if (computed !== known || (status.pending ? "1" : "0") !== live.dataset.pending) {
          return refresh();
        }
        return null;
      })
      .catch(function () { /* offline for a moment: the next check tries again */ })
      .then(function () { busy = false; });
  }

  window.setInterval(check, EVERY_MS);
  document.addEventListener("visibilitychange", check);
})();
