// The console and the presenter screen: counts arrive over the websocket a few times a second
// while people answer; when the moderator changes what is shown, the screen fetches its page and
// takes the new content in place, without a reload (a projector shows no blank page). The timer
// counts down on the screen itself.
(function () {
  "use strict";
  var screen = document.getElementById("workshop-screen");
  if (!screen) return;
  var shown = null;
  var retries = 0;
  // Once the moderator has sent a form (open, show the results, next) the page that answers
  // shows the change: loading this one anew would cancel that navigation.
  var leaving = false;
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) leaving = true;
  });

  function reload() {
    if (!leaving) window.location.reload();
  }

  function refresh() {
    if (leaving) return;
    if (!window.fetch || !window.DOMParser) { reload(); return; }
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        if (leaving) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("workshop-screen");
        if (!fresh) { reload(); return; }
        screen.innerHTML = fresh.innerHTML;
        if (fresh.dataset.csrf) screen.dataset.csrf = fresh.dataset.csrf;
        tick();
      })
      .catch(reload);
  }

  function receive(data) {
    if (data.type === "snapshot") {
      if (shown !== null && data.version !== shown) refresh();
      shown = data.version;
    } else if (data.type === "workshop.changed") {
      if (data.version !== shown) { shown = data.version; refresh(); }
    } else if (data.type === "results") {
      var box = document.getElementById("workshop-results");
      if (box && box.firstElementChild && Number(box.firstElementChild.dataset.item) === data.item) {
        box.innerHTML = data.html;
      }
    }
  }

  function connect() {
    if (!("WebSocket" in window)) return;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + screen.dataset.socket);
    socket.addEventListener("open", function () { retries = 0; });
    socket.addEventListener("message", function (event) {
      try { receive(JSON.parse(event.data)); } catch (e) { /* not ours */ }
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4403) return;
      retries = Math.min(retries + 1, 5);
      window.setTimeout(connect, 500 * Math.pow(2, retries));
    });
  }

  // The moderation buttons of cards arrive in the pushed results without a CSRF token: the
  // page's token goes along when one is sent.
  screen.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method === "post" && !form.querySelector("[name=csrfmiddlewaretoken]") && screen.dataset.csrf) {
      var token = document.createElement("input");
      token.type = "hidden"; token.name = "csrfmiddlewaretoken"; token.value = screen.dataset.csrf;
      form.appendChild(token);
    }
  });

  function tick() {
    Array.prototype.forEach.call(document.querySelectorAll("time.workshop-timer"), function (clock) {
      var left = Math.max(0, Math.round((Date.parse(clock.getAttribute("datetime")) - Date.now()) / 1000));
      clock.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    });
  }
  window.setInterval(tick, 1000);
  tick();
  connect();
})();
