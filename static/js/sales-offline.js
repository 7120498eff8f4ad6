/* The exhibitor's sales form on a phone: an entry is kept on the phone with a key the phone
 * makes, then sent; a retry (lost answer, reload, entry made offline) sends the same key, which
 * the server stores once (sales/entry_keys.py). Without this script the form posts as usual. */
(function () {
  "use strict";
  var form = document.getElementById("sales-entry");
  if (!form || !window.fetch || !window.localStorage) { return; }
  var d = form.dataset;
  var storeKey = d.queue;
  var sending = false;
  var status = document.createElement("p");
  status.className = "fresh-note";
  status.dataset.field = "sales-queue";
  status.hidden = true;
  form.parentNode.insertBefore(status, form);

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || []; } catch (e) { return []; }
  }
  // False when the phone's storage is full: the caller says so, nothing is lost silently.
  function save(queue) {
    try {
      if (queue.length) { localStorage.setItem(storeKey, JSON.stringify(queue)); } else { localStorage.removeItem(storeKey); }
      return true;
    } catch (e) { return false; }
  }
  function say(text) {
    status.textContent = text || "";
    status.hidden = !text;
  }
  function topNotice(text) {
    document.dispatchEvent(new CustomEvent("ocopfair:notice", { detail: text }));
  }
  function showQueue(prefix) {
    var queue = load();
    say(queue.length ? (prefix ? prefix + " " : "") + d.msgWaiting + " " + queue.length : prefix);
  }

  function forgetPages() {
    var offline = window.ocopfairOffline;
    return offline ? offline.tell({ type: "forget" }) : Promise.resolve();
  }

  // A refused entry (a wrong figure): nothing was stored, so the form is sent the ordinary way
  // with the same values and the page comes back with the sentence under the field.
  function showRefusal(entry) {
    entry.fields.forEach(function (pair) {
      var input = form.elements.namedItem(pair[0]);
      // The day too (a hidden field): the entry goes back to its own day, not this page's.
      if (input && pair[0] !== "client_key" && input.type !== "checkbox") { input.value = pair[1]; }
    });
    form.elements.namedItem("client_key").value = "";
    // To the entry's own day, whichever day this page shows now: a figure that asks "are you
    // sure?" comes back on its day's form with the sentence and the box to tick, not lost.
    form.action = entry.action;
    form.submit();
  }

  function send() {
    var queue = load();
    if (sending || !queue.length) { return; }
    var entry = queue[0];
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.set("client_key", entry.key);
    body.set("csrf_token", form.elements.namedItem("csrf_token").value);
    sending = true;
    fetch(entry.action, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        sending = false;
        var done = response.type === "opaqueredirect" || (response.status >= 200 && response.status < 300);
        if (done) {
          save(load().filter(function (e) { return e.key !== entry.key; }));
          return forgetPages().then(function () { location.replace(entry.page); });
        }
        if (response.headers.get("X-Account-Closed")) {
          save([]);
          say(d.msgClosed);
          return forgetPages();
        }
        if (response.status === 401 || response.status === 403) { say(d.msgLogin); return null; }
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
          save(load().filter(function (e) { return e.key !== entry.key; }));
          showRefusal(entry);
          return null;
        }
        showQueue(d.msgKept);
        return null;
      })
      .catch(function () {
        sending = false;
        showQueue(d.msgKept);
        topNotice(d.msgKept);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && name !== "client_key") { fields.push([name, String(value)]); }
    });
    var queue = load();
    queue.push({ key: uuid(), action: form.action, page: location.href, fields: fields });
    if (!save(queue)) { say(d.msgFull); topNotice(d.msgFull); return; }
    showQueue();
    send();
  });
  window.addEventListener("online", send);
  showQueue();
  send();
}());
