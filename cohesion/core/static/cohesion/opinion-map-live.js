// Keeps an open opinion map current (a map projected in the workshop room, a phone left open).
// The server pushes "opinion_map.updated" over a websocket when a fresh map is stored; the
// snapshot it sends on every (re)connect carries the current version, so a client that was away
// catches up at once. Where the websocket cannot connect (a proxy blocks it), the page polls
// the small status address instead. Either way it then swaps in the fresh page's map.
(function () {
  "use strict";
  var live = document.getElementById("map-live");
  var announce = document.getElementById("map-announce");
  if (!live || !window.fetch) return;
  var POLL_MS = 5000;
  var busy = false;
  var polling = false;
  var retries = 0;

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

  function differs(status) {
    var known = live.dataset.computed ? Date.parse(live.dataset.computed) : 0;
    var computed = status.computed ? Date.parse(status.computed) : 0;
    return computed !== known ||
      (status.pending !== undefined && (status.pending ? "1" : "0") !== live.dataset.pending);
  }

  function consider(status) {
    if (busy || !differs(status)) return;
    busy = true;
    refresh()
      .catch(function () { /* offline for a moment: the next event or poll tries again */ })
      .then(function () { busy = false; });
  }

  function check() {
    if (busy || document.visibilityState !== "visible") return;
    fetch(live.dataset.status, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) { if (status) consider(status); })
      .catch(function () { /* offline for a moment: the next check tries again */ });
  }

  function startPolling() {
    if (polling) return;
    polling = true;
    live.dataset.mode = "polling";
    window.setInterval(check, POLL_MS);
    document.addEventListener("visibilitychange", check);
  }

  function connect() {
    if (!("WebSocket" in window)) { startPolling(); return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var path = "/ws" + live.dataset.status.replace(/status\/$/, "");
    var opened = false;
    var socket = new WebSocket(scheme + window.location.host + path);
    socket.addEventListener("open", function () {
      opened = true;
      retries = 0;
      live.dataset.mode = "socket";
    });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (error) { return; }
      if (data.type === "snapshot") consider(data);
      else if (data.type === "opinion_map.updated") consider({ computed: data.computed });
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4403 || !opened || retries >= 5) { startPolling(); return; }
      retries += 1;
      window.setTimeout(connect, 1000 * Math.pow(2, retries));
    });
  }
  connect();
})();
