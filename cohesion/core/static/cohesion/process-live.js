// Tells the people on a process page, politely, when someone moves the process to another phase.
(function () {
  "use strict";
  var notice = document.querySelector(".live-notice[data-socket]");
  if (!notice || !("WebSocket" in window)) return;
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var retries = 0;

  function connect() {
    var socket = new WebSocket(scheme + window.location.host + notice.dataset.socket);
    socket.addEventListener("open", function () { retries = 0; });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (error) { return; }
      if (data.type === "phase.changed" && data.phase !== notice.dataset.current) {
        notice.textContent = notice.dataset.message + " ";
        var link = document.createElement("a");
        link.href = window.location.pathname;
        link.textContent = notice.dataset.reload;
        notice.appendChild(link);
        notice.hidden = false;
      }
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4403 || retries >= 5) return;
      retries += 1;
      window.setTimeout(connect, 1000 * Math.pow(2, retries));
    });
  }
  connect();
})();
