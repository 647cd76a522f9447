// The board: a card dragged onto a cluster posts the card's own "Move to" form (the keyboard's
// and the script-less path) with the cluster chosen, then the board loads anew.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board || !window.fetch || !window.FormData) return;
  var dragged = null;

  function columnOf(node) {
    return node && node.closest ? node.closest("[data-cluster]") : null;
  }

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest(".board-card") : null;
    if (!card) return;
    dragged = card;
    card.classList.add("board-card--dragged");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("board-card--dragged");
    dragged = null;
    board.querySelectorAll(".board__column--target").forEach(function (column) {
      column.classList.remove("board__column--target");
    });
  });

  board.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    board.querySelectorAll(".board__column--target").forEach(function (other) {
      if (other !== column) other.classList.remove("board__column--target");
    });
    column.classList.add("board__column--target");
  });

  board.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    var form = dragged.querySelector("form");
    var select = form.querySelector("select[name=cluster]");
    if (select.value === column.dataset.cluster) return;
    select.value = column.dataset.cluster;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function () {
      window.location.reload();
    }, function () {
      form.submit();
    });
  });
})();
