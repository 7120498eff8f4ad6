// The organizers' sales grid, keyboard only: Tab moves across a row, Enter moves down (Shift+Enter
// up), and a row is saved (htmx, hx-trigger="rowleave") as soon as the focus leaves it with a
// change in it. Without this script every row is a small form saved with Enter.
(function () {
  "use strict";
  function rowOf(el) { return el && el.closest ? el.closest("tr.sales-row") : null; }
  function markDirty(event) {
    var row = rowOf(event.target);
    if (row) { row.dataset.dirty = "1"; }
    // Ticking "I confirm this amount" is an answer: save at once.
    if (row && event.type === "change" && event.target.name === "confirm_high") { leave(row); }
  }
  function leave(row) {
    delete row.dataset.dirty;
    window.htmx.trigger(row, "rowleave");
  }
  document.addEventListener("input", markDirty);
  document.addEventListener("change", markDirty);
  document.addEventListener("focusout", function (event) {
    var row = rowOf(event.target);
    if (!row || !row.dataset.dirty) { return; }
    if (event.relatedTarget && row.contains(event.relatedTarget)) { return; }
    leave(row);
  });
  function sibling(row, up) {
    var next = up ? row.previousElementSibling : row.nextElementSibling;
    while (next && !next.matches("tr.sales-row")) {
      next = up ? next.previousElementSibling : next.nextElementSibling;
    }
    return next;
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing) { return; }
    var input = event.target;
    var row = rowOf(input);
    if (!row || input.tagName !== "INPUT" || input.type === "checkbox") { return; }
    event.preventDefault();
    var next = sibling(row, event.shiftKey);
    var target = null;
    if (next) {
      target = next.querySelector('input[data-col="' + input.dataset.col + '"]') ||
        next.querySelector("input[data-col]");
    }
    if (target) { target.focus(); target.select(); } else { input.blur(); }
  });
})();

// Today's column in view at once (a long fair puts it off-screen on a 1280 px screen): the
// grid scrolls so that it sits just right of the sticky first column.
(function () {
  "use strict";
  var today = document.querySelector("#sales-grid th[data-today]");
  var wrap = today && today.closest(".table-wrap");
  if (!wrap) { return; }
  var first = wrap.querySelector("th:first-child");
  var left = today.offsetLeft - (first ? first.offsetWidth : 0) - 8;
  if (today.offsetLeft + today.offsetWidth > wrap.clientWidth) { wrap.scrollLeft = Math.max(0, left); }
})();
