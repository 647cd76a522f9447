// Tells the people on a process page, politely, when someone moves the process to another phase.
// The page knows the version it shows; the socket sends a snapshot with the current version on
// every (re)connect and every event carries its version, so a client that missed events while
// away still notices. Where the websocket cannot connect (a proxy blocks it), it polls the small
// status address instead.
(function () {
  "use strict";
  var notice = document.querySelector(".live-notice[data-socket]");
  if (!notice) return;
  var shown = Number(notice.dataset.version);
  var POLL_MS = 10000;
  var retries = 0;
  var polling = false;

  function seen(version) {
    if (typeof version !== "number" || version === shown || !notice.hidden) return;
    notice.textContent = notice.dataset.message + " ";
    var link = document.createElement("a");
    link.href = window.location.pathname;
    link.textContent = notice.dataset.reload;
    notice.appendChild(link);
    notice.hidden = false;
  }

  function poll() {
    if (document.visibilityState === "visible" && window.fetch) {
      fetch(notice.dataset.status, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (status) { if (status) seen(status.version); })
        .catch(function () { /* offline for a moment: the next poll tries again */ });
    }
  }

  function startPolling() {
    if (polling) return;
    polling = true;
    notice.dataset.mode = "polling";
    window.setInterval(poll, POLL_MS);
  }

  function connect() {
    if (!("WebSocket" in window)) { startPolling(); return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var opened = false;
    var socket = new WebSocket(scheme + window.location.host + notice.dataset.socket);
    socket.addEventListener("open", function () {
      opened = true;
      retries = 0;
      notice.dataset.mode = "socket";
    });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (error) { return; }
      if (data.type === "snapshot" || data.type === "phase.changed") seen(data.version);
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4403) return;
      if (!opened) { startPolling(); return; }
      if (retries >= 5) { startPolling(); return; }
      retries += 1;
      window.setTimeout(connect, 1000 * Math.pow(2, retries));
    });
  }
  connect();
})();
