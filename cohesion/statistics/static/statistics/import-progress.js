// Follows an import running in the background: asks its small status address every second,
// moves the progress bar and says the state in words (a polite live region, so screen readers
// hear it without losing their place). When the import is done, the page is loaded again and
// shows the result.
(function () {
  "use strict";
  var box = document.querySelector(".import-progress[data-status]");
  if (!box || !window.fetch) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[role=status]");
  var POLL_MS = 1000;

  function show(status) {
    if (typeof status.percent === "number") {
      bar.value = status.percent;
      bar.textContent = status.percent + " %";
    } else {
      bar.removeAttribute("value"); // indeterminate: how far is not known
    }
    if (text.textContent !== status.text) text.textContent = status.text;
    if (status.finished) {
      window.location.reload();
      return true;
    }
    return false;
  }

  function poll() {
    fetch(box.dataset.status, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status || !show(status)) window.setTimeout(poll, POLL_MS);
      })
      .catch(function () { window.setTimeout(poll, POLL_MS * 3); });
  }

  window.setTimeout(poll, POLL_MS);
})();
