/* On every page: registers the service worker (/sw.js), tells it who is signed in (so it drops
 * pages kept for someone else), puts a network notice at the very top of the page, and on the
 * pages kept for offline use says when their data was last fresh. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) { return; }
  var d = me.dataset;
  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var rendered = new Date(d.rendered);
  var bar = null;

  function notice(text) {
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "netbar";
      bar.setAttribute("role", "status");
      bar.dataset.field = "netbar";
      document.body.insertBefore(bar, document.body.firstChild);
    }
    bar.textContent = text || "";
    bar.hidden = !text;
  }

  function when(date) {
    return date.toLocaleString(lang, { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit" });
  }

  function freshNote() {
    var el = document.querySelector("[data-fresh-note]");
    if (!el || isNaN(rendered.getTime())) { return; }
    el.textContent = d.msgFresh.replace("{time}", when(rendered));
    el.hidden = false;
  }

  function network() { notice(navigator.onLine ? "" : d.msgOffline); }
  window.addEventListener("online", network);
  window.addEventListener("offline", network);
  document.addEventListener("ocopfair:notice", function (e) { notice(e.detail); });
  document.addEventListener("DOMContentLoaded", function () { network(); freshNote(); });

  if (!("serviceWorker" in navigator)) { return; }
  function tell(message) {
    return navigator.serviceWorker.ready.then(function (reg) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { resolve(); };
        reg.active.postMessage(message, [channel.port2]);
        setTimeout(resolve, 2000);
      });
    });
  }
  window.ocopfairOffline = { tell: tell, notice: notice };
  var hadController = !!navigator.serviceWorker.controller;
  var uncontrolled = !hadController;  // this page came from the network, not through the worker
  navigator.serviceWorker.register(d.sw, { scope: "/" }).catch(function () { /* no offline use */ });
  // A new version took over (a deployment): load the page again with its new files, once.
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (hadController && !window.ocopfairReloading) { window.ocopfairReloading = true; location.reload(); }
    hadController = true;
  });
  tell({ type: "user", user: d.user || "" }).then(function () {
    if (uncontrolled && document.querySelector("[data-fresh-note]")) {
      return tell({ type: "keep", url: location.href });
    }
  });
}());
