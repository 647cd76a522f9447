// The participant's phone in the workshop room. The page shows the open items as forms that work
// without script; here they are sent over the websocket instead, each answer with a random key
// and a growing sequence number, kept in this browser until the server acknowledges it and sent
// again after every reconnect: a dropped Wi-Fi loses nothing and the server counts it once.
// The server pushes the items whenever the moderator changes what is shown.
(function () {
  "use strict";
  var box = document.getElementById("workshop-items");
  if (!box) return;
  var status = document.getElementById("workshop-connection");
  var shown = Number(box.dataset.version);
  var storeKey = "cohesion-workshop-queue:" + box.dataset.socket;
  var socket = null;
  var retries = 0;
  var wasLive = false;

  function queue() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "[]"); } catch (e) { return []; }
  }
  function save(list) {
    try { window.localStorage.setItem(storeKey, JSON.stringify(list)); } catch (e) { /* private mode */ }
  }
  function say(form, text) {
    var line = form && form.querySelector(".workshop-answer__status");
    if (line) line.textContent = text;
  }
  function formOf(queued) {
    var kind = queued.type === "card" ? "workshop-card" : "workshop-answer";
    return box.querySelector("form." + kind + '[data-item="' + queued.item + '"]');
  }
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + "-" + String(Math.random()).slice(2, 12);
  }
  var counter = 0;
  function nextSequence() { counter = (counter + 1) % 1000; return Date.now() * 1000 + counter; }

  function valueOf(form) {
    var kind = form.dataset.kind;
    var data = new FormData(form);
    if (kind === "scale" || kind === "single") {
      var one = data.get("value");
      return one === null ? null : Number(one);
    }
    if (kind === "multiple") return data.getAll("value").map(Number);
    var result = {};
    var places = [];
    data.forEach(function (value, name) {
      var n = Number(value);
      if (kind === "dots" && name.indexOf("dots-") === 0 && n > 0) result[name.slice(5)] = n;
      if (kind === "rating" && name.indexOf("rate-") === 0 && value) result[name.slice(5)] = n;
      if (kind === "ranking" && name.indexOf("place-") === 0 && value) places.push([n, Number(name.slice(6))]);
    });
    if (kind === "ranking") {
      places.sort(function (a, b) { return a[0] - b[0]; });
      return places.map(function (pair) { return pair[1]; });
    }
    return result;
  }

  function send(answer) {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(answer));
  }

  box.addEventListener("submit", function (event) {
    var form = event.target.closest("form.workshop-answer, form.workshop-card, form.workshop-upvote");
    if (!form) return;
    var live = socket && socket.readyState === 1;
    if (!live && wasLive && !form.classList.contains("workshop-upvote")) {
      // The connection dropped after it had worked (the venue's Wi-Fi): keep the answer or card
      // in the queue, which goes out again as soon as the socket is back.
      event.preventDefault();
      if (form.classList.contains("workshop-card")) { sendCard(form); } else { queueAnswer(form); }
      say(form, box.dataset.offline);
      return;
    }
    if (!live) {
      // Never connected (a network that blocks websockets): the form goes the ordinary way, with
      // the page's CSRF token.
      if (form && !form.querySelector("[name=csrfmiddlewaretoken]")) {
        var token = document.createElement("input");
        token.type = "hidden"; token.name = "csrfmiddlewaretoken"; token.value = box.dataset.csrf;
        form.appendChild(token);
      }
      return;
    }
    event.preventDefault();
    if (form.classList.contains("workshop-card")) { sendCard(form); return; }
    if (form.classList.contains("workshop-upvote")) {
      var button = form.querySelector("button");
      if (button) button.disabled = true;
      send({ type: "upvote", card: Number(form.dataset.card) });
      return;
    }
    queueAnswer(form);
  });

  // An answer replaces any answer to the same item still waiting in the queue.
  function queueAnswer(form) {
    var answer = { type: "answer", item: Number(form.dataset.item), value: valueOf(form),
                   key: newKey(), sequence: nextSequence() };
    var list = queue().filter(function (queued) {
      return queued.type === "card" || queued.item !== answer.item;
    });
    list.push(answer);
    save(list);
    say(form, box.dataset.sending);
    send(answer);
  }

  // A card is kept in the queue under its own key until the server has stored it; several cards
  // of one item wait side by side.
  function sendCard(form) {
    var text = form.querySelector("[name=text]");
    var category = form.querySelector("[name=category]");
    var card = { type: "card", item: Number(form.dataset.item), text: text ? text.value : "",
                 category: category && category.value !== "" ? Number(category.value) : null,
                 key: newKey() };
    var list = queue();
    list.push(card);
    save(list);
    if (text) text.value = "";
    say(form, box.dataset.sending);
    send(card);
  }

  function upvoted(data) {
    var form = box.querySelector('form.workshop-upvote[data-card="' + data.card + '"]');
    if (!form) return;
    var count = form.querySelector(".workshop-upvote__count");
    if (count && typeof data.upvotes === "number") count.textContent = String(data.upvotes);
    if (status && data.status) status.textContent = box.dataset.upvoted;
  }

  function receive(data) {
    if ((data.type === "snapshot" || data.type === "workshop.changed") && typeof data.html === "string") {
      if (data.type === "snapshot" || data.version > shown) {
        shown = data.version;
        box.innerHTML = data.html;
      }
      queue().forEach(send);
    } else if (data.type === "upvoted") {
      upvoted(data);
    } else if (data.type === "refused" && typeof data.card === "number") {
      if (status) status.textContent = data.message;
    } else if (data.type === "ack" || data.type === "refused") {
      var list = queue();
      var done = list.filter(function (queued) { return queued.key === data.key; })[0];
      save(list.filter(function (queued) { return queued.key !== data.key; }));
      if (!done) return;
      var form = formOf(done);
      if (data.type === "refused") say(form, data.message);
      else if (done.type === "card") say(form, data.moderation === "pending" ? box.dataset.cardPending : box.dataset.cardStored);
      else say(form, data.status === "changed" ? box.dataset.changed : box.dataset.counted);
    } else if (data.type === "error" && status) {
      status.textContent = data.message;
    }
  }

  function connect() {
    if (!("WebSocket" in window)) return;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + box.dataset.socket);
    socket.addEventListener("open", function () {
      retries = 0; wasLive = true;
      if (status) status.textContent = "";
    });
    socket.addEventListener("message", function (event) {
      try { receive(JSON.parse(event.data)); } catch (e) { /* not ours */ }
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4403) return;
      if (status) status.textContent = box.dataset.offline;
      retries = Math.min(retries + 1, 5);
      window.setTimeout(connect, 500 * Math.pow(2, retries));
    });
  }
  connect();
})();
