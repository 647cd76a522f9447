// The gap view refreshes itself while the page is open: every few seconds it fetches the
// body again (the page works without this; a reload shows the same).
(function () {
  "use strict";
  var region = document.getElementById("gaps-live");
  if (!region || !window.fetch) { return; }
  var url = region.getAttribute("data-live-url");
  var seconds = parseInt(region.getAttribute("data-live-seconds") || "5", 10);
  function refresh() {
    if (document.hidden) { return; }
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && html !== region.innerHTML) { region.innerHTML = html; }
      })
      .catch(function () {});
  }
  window.setInterval(refresh, seconds * 1000);
})();
