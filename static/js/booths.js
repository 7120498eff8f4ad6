// Zoom for the floor plan (the plan is visible and usable without this file).
(function () {
  "use strict";
  function setup() {
    var scroll = document.getElementById("plan-scroll");
    var controls = document.querySelector(".zoom-controls");
    if (!scroll || !controls) { return; }
    var level = 1;
    controls.hidden = false;
    function apply() {
      for (var i = 1; i <= 5; i++) { scroll.classList.remove("zoom-" + i); }
      scroll.classList.add("zoom-" + level);
    }
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (!button) { return; }
      var action = button.getAttribute("data-zoom");
      if (action === "in") { level = Math.min(5, level + 1); }
      else if (action === "out") { level = Math.max(1, level - 1); }
      else { level = 1; }
      apply();
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
