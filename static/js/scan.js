/* Ticket scanning: the phone's camera decoded with the vendored jsQR, or a USB scanner that types
 * the code into the field and presses Enter (that needs no script at all: the form posts).
 *
 * With this script every code is first kept on the phone (localStorage) with the time it was
 * scanned, then sent. With no network it stays there, survives a reload or a closed tab, and is
 * sent when the network returns; the server files the check-in at the time it was scanned, on
 * its own clock (visitors/taps.py kept_scan_time). Sending a code twice is harmless: a ticket is
 * checked in once, a second scan is answered with when, where and by whom. */
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  if (!form) { return; }
  var d = form.dataset;
  var input = form.querySelector('input[name="code"]');
  var queueEl = document.querySelector('[data-field="scan-queue"]');
  var canQueue = !!(window.fetch && window.localStorage && queueEl);
  var sending = false;
  var backoff = 1000;
  var timer = null;
  var sentLog = [];  // results of codes that waited, newest first (this page's life only)

  function load() {
    try { return JSON.parse(localStorage.getItem(d.queue)) || []; } catch (e) { return []; }
  }
  // False when the phone's storage is full: the caller says so, nothing is lost silently.
  function save(queue) {
    try {
      if (queue.length) { localStorage.setItem(d.queue, JSON.stringify(queue)); } else { localStorage.removeItem(d.queue); }
      return true;
    } catch (e) { return false; }
  }
  function topNotice(text) {
    document.dispatchEvent(new CustomEvent("ocopfair:notice", { detail: text }));
  }
  function box(className, text, detail) {
    var result = document.getElementById("scan-result");
    var div = document.createElement("div");
    var p = document.createElement("p");
    div.className = className;
    p.className = "scan-big";
    p.textContent = text;
    div.appendChild(p);
    if (detail) {
      var more = document.createElement("p");
      more.textContent = detail;
      div.appendChild(more);
    }
    result.replaceChildren(div);
  }
  function keptBox() { box("scan-kept", d.msgKeptShort, d.msgKept); }
  function list(title, items) {
    var h = document.createElement("h2");
    var ul = document.createElement("ul");
    h.textContent = title;
    items.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      ul.appendChild(li);
    });
    return [h, ul];
  }
  function showQueue() {
    var queue = load();
    var parts = [];
    if (queue.length) {
      parts = parts.concat(list(d.msgWaiting + " " + queue.length, queue.map(function (e) { return e.code; })));
    }
    if (sentLog.length) { parts = parts.concat(list(d.msgSent, sentLog.slice(0, 20))); }
    queueEl.replaceChildren.apply(queueEl, parts);
    queueEl.hidden = !parts.length;
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(send, backoff);
    backoff = Math.min(backoff * 2, 30000);
  }

  // The server's answer (the result fragment) replaces the result box.
  function showAnswer(entry, html, waited) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.querySelector("#scan-result");
    if (fresh) { document.getElementById("scan-result").replaceWith(fresh); }
    if (waited) {
      var big = fresh && fresh.querySelector(".scan-big");
      sentLog.unshift(entry.code + " → " + (big ? big.textContent.trim() : "?"));
    }
  }

  function send() {
    var queue = load();
    if (sending || !queue.length) { return; }
    var entry = queue[0];
    var body = new URLSearchParams();
    body.set("code", entry.code);
    body.set("scanned_at", entry.at);
    body.set("sent_at", new Date().toISOString());
    body.set("csrf_token", form.elements.namedItem("csrf_token").value);
    var controller = window.AbortController ? new AbortController() : null;
    var stopper = controller ? setTimeout(function () { controller.abort(); }, 15000) : null;
    sending = true;
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "HX-Request": "true" }, signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.text().then(function (html) { return { response: response, html: html }; });
    }).then(function (r) {
      sending = false;
      clearTimeout(stopper);
      var status = r.response.status;
      if (r.response.headers.get("X-Account-Closed")) {
        save([]);
        box("scan-bad", d.msgClosed);
        if (window.ocopfairOffline) { window.ocopfairOffline.tell({ type: "forget" }); }
      } else if (status === 401 || status === 403) {
        box("scan-bad", d.msgLogin);
        return;  // kept: sent after signing in again
      } else if (status >= 500 || status === 408 || status === 429) {
        later();
        return;
      } else {
        // Answered: checked in, already checked in, or not a ticket. Either way it is done.
        save(load().filter(function (e) { return e.key !== entry.key; }));
        showAnswer(entry, r.html, entry.waited);
      }
      backoff = 1000;
      showQueue();
      send();
    }).catch(function () {
      sending = false;
      clearTimeout(stopper);
      var kept = load();
      kept.forEach(function (e) { e.waited = true; });
      save(kept);
      keptBox();
      showQueue();
      later();
    });
  }

  function keep(code) {
    code = (code || "").trim();
    if (!code) { return; }
    var queue = load();
    var key = String(Date.now()) + Math.random().toString(16).slice(2);
    queue.push({ key: key, code: code, at: new Date().toISOString(), waited: !navigator.onLine });
    input.value = "";
    input.focus();
    if (!save(queue)) { box("scan-bad", d.msgFull); topNotice(d.msgFull); return; }
    if (!navigator.onLine) { keptBox(); }
    showQueue();
    send();
  }

  if (canQueue) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      keep(input.value);
    });
    window.addEventListener("online", function () { backoff = 1000; send(); });
    showQueue();
    send();
  }

  // --- The camera ---------------------------------------------------------------------------
  var section = document.getElementById("camera");
  if (!section) { return; }
  var button = section.querySelector('[data-action="camera"]');
  var video = section.querySelector("video");
  var noteEl = section.querySelector('[data-field="camera-note"]');
  var canvas = document.createElement("canvas");
  var stream = null;
  var lastCode = "";
  var lastAt = 0;

  function found(code) {
    if (canQueue) { keep(code); return; }
    input.value = code;
    form.submit();
  }

  function tick() {
    if (!stream) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA && window.jsQR) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var seen = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      var now = Date.now();
      // The same ticket stays in view for a while: send it once, not ten times a second.
      if (seen && seen.data && (seen.data !== lastCode || now - lastAt > 5000)) {
        lastCode = seen.data;
        lastAt = now;
        if (navigator.vibrate) { navigator.vibrate(80); }
        found(seen.data);
      }
    }
    setTimeout(tick, 250);
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    video.hidden = true;
    button.textContent = section.dataset.start;
  }

  // Said plainly, with the way that always works: typing the code (or a USB scanner).
  function unavailable(text) {
    noteEl.textContent = text + " " + section.dataset.fallback;
    input.focus();
  }

  // Over plain http the browser offers no camera at all: say so at once, not after a tap.
  if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    button.hidden = true;
    noteEl.textContent = section.dataset.insecure;
    return;
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        video.play();
        button.textContent = section.dataset.stop;
        noteEl.textContent = "";
        tick();
      })
      .catch(function () { unavailable(section.dataset.denied); });
  });
}());
