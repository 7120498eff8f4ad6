// Trade deal form: when the producer changes, fetch its products (htmx). Without this script
// the "Show its products" button does the same with a full page.
(function () {
  "use strict";
  var form = document.getElementById("deal-form");
  if (!form || !window.htmx) { return; }
  form.querySelectorAll(".no-js-only").forEach(function (el) { el.remove(); });
  var producer = form.querySelector("select[name=exhibitor_id]");
  if (!producer) { return; }
  producer.addEventListener("change", function () {
    var url = form.dataset.productsUrl + "?exhibitor_id=" + encodeURIComponent(producer.value);
    window.htmx.ajax("GET", url, { target: "#deal-products", swap: "outerHTML" });
  });
})();
