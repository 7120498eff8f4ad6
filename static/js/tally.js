/* The tally page: every tap is queued in localStorage first, then sent in small batches.
 *
 * A batch is frozen (key + taps) and saved before it is sent, so a reload, a closed tab or a
 * lost answer re-sends the very same key and body, which the server stores once. A tap leaves
 * the phone's storage only when the server acknowledged its batch (2xx). Batches the server
 * refuses (4xx with a reason) are kept and shown, never silently dropped.
 */
(function () {
  "use strict";
  var root = document.getElementById("tally");
  if (!root) { return; }

  var gateId = root.dataset.gate;
  var storeKey = "ocopfair.tally.v1." + gateId;
  var BATCH_MAX = 50;
  var GATHER_MS = 700;
  var MAX_BACKOFF_MS = 30000;
  var backoff = 1000;
  var sending = false;
  var timer = null;
  var summary = null;

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") +
      "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  function deviceId() {
    var id = localStorage.getItem("ocopfair.device");
    if (!id) { id = uuid(); localStorage.setItem("ocopfair.device", id); }
    return id;
  }

  // Always read-modify-write in one go: another tab of the same gate may have changed it.
  function load() {
    var state = null;
    try { state = JSON.parse(localStorage.getItem(storeKey)); } catch (e) { state = null; }
    state = state || {};
    state.queue = state.queue || [];      // taps not yet in a batch
    state.inflight = state.inflight || null; // {key, taps}: frozen, sent until acknowledged
    state.history = state.history || [];  // ids of positive taps, newest last (for undo)
    state.undone = state.undone || [];
    state.refused = state.refused || [];
    return state;
  }
  function save(state) {
    state.history = state.history.slice(-100);
    state.undone = state.undone.slice(-100);
    try {
      localStorage.setItem(storeKey, JSON.stringify(state));
    } catch (e) {
      // The phone's storage is full: say so (the tap was not kept) rather than lose it silently.
      note(root.dataset.msgFull, true);
    }
  }
  function update(change) { var s = load(); change(s); save(s); render(s); return s; }

  function pendingTaps(state) {
    return state.queue.concat(state.inflight ? state.inflight.taps : []);
  }

  function tap(dir, delta) {
    update(function (s) {
      var t = { id: uuid(), at: new Date().toISOString(), dir: dir, delta: delta };
      s.queue.push(t);
      s.history.push({ id: t.id, dir: dir, delta: delta });
    });
    schedule(GATHER_MS);
  }

  function undo() {
    var message = root.dataset.msgNothing;
    update(function (s) {
      var last = s.history.pop();
      if (!last) { return; }
      var i = s.queue.findIndex(function (t) { return t.id === last.id; });
      if (i >= 0) {
        s.queue.splice(i, 1);   // never left the phone: simply forget it
      } else {
        s.queue.push({ id: uuid(), at: new Date().toISOString(), dir: last.dir,
                       delta: -last.delta, undo_of: last.id });
      }
      s.undone.push(last.id);
      message = root.dataset.msgUndone;
    });
    note(message, false);
    schedule(GATHER_MS);
  }

  function schedule(ms) {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(send, ms);
  }

  function note(text, sticky) {
    var el = root.querySelector('[data-field="note"]');
    el.textContent = text || "";
    el.hidden = !text;
    if (text && !sticky) { setTimeout(function () { if (el.textContent === text) { el.hidden = true; } }, 3000); }
  }

  function send() {
    if (sending) { return; }
    var s = load();
    if (!s.inflight) {
      if (!s.queue.length) { return; }
      s.inflight = { key: uuid(), taps: s.queue.slice(0, BATCH_MAX) };
      s.queue = s.queue.slice(BATCH_MAX);
      save(s);  // frozen before it leaves, so any retry sends the same key and body
    }
    var batch = s.inflight;
    sending = true;
    fetch(root.dataset.batchUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": root.dataset.csrf },
      // sent_at: the phone's clock when sending, so the server can file taps by its own clock.
      body: JSON.stringify({ key: batch.key, device: deviceId(), taps: batch.taps,
                             sent_at: new Date().toISOString() })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body, closed: !!response.headers.get("X-Account-Closed") };
      });
    }).then(function (result) {
      sending = false;
      if (result.closed) {
        // The account was closed: these taps may no longer be sent. Drop them and say so.
        localStorage.removeItem(storeKey);
        render(load());
        note(root.dataset.msgClosed, true);
        if (window.ocopfairOffline) { window.ocopfairOffline.tell({ type: "forget" }); }
        return null;
      }
      if (result.status >= 200 && result.status < 300) {
        acknowledge(batch.key, null);
      } else if (result.status === 401 || result.status === 403) {
        note(root.dataset.msgLogin, true);
        return schedule(MAX_BACKOFF_MS);
      } else if (result.status >= 400 && result.status < 500 && result.status !== 408 &&
                 result.status !== 429) {
        acknowledge(batch.key, reason(result.body));
      } else {
        return retryLater();
      }
      backoff = 1000;
      note("", false);
      refreshSummary();
      if (load().queue.length) { schedule(50); }
    }).catch(function () {
      sending = false;
      retryLater();
    });
  }

  function reason(body) {
    var parts = [body && body.error ? body.error : ""];
    var fields = (body && body.fields) || {};
    Object.keys(fields).forEach(function (k) { parts.push(fields[k]); });
    return parts.filter(Boolean).join(" ");
  }

  function acknowledge(key, refusedReason) {
    update(function (s) {
      if (!s.inflight || s.inflight.key !== key) { return; }
      if (refusedReason === null && summary) {
        // Counted now: show them in the server's figures until the next refresh brings them.
        s.inflight.taps.forEach(function (t) {
          if (t.dir === "in") { summary.today_in += t.delta; summary.event_today_in += t.delta; summary.occupancy += t.delta; }
          else { summary.today_out += t.delta; summary.occupancy -= t.delta; }
        });
      }
      if (refusedReason !== null) {
        s.refused.push({ at: new Date().toISOString(), reason: refusedReason, taps: s.inflight.taps });
      }
      s.inflight = null;
      s.lastSync = new Date().toISOString();
      if (summary) { s.summary = summary; s.summaryDay = today(); }
    });
  }

  // Refused taps go back to the head of the queue with their own ids and times: a batch that
  // was refused was not stored, so nothing can count twice.
  function resendRefused() {
    update(function (s) {
      var taps = [];
      s.refused.forEach(function (r) { taps = taps.concat(r.taps); });
      s.queue = taps.concat(s.queue);
      s.refused = [];
    });
    schedule(0);
  }

  function retryLater() {
    note(root.dataset.msgOffline, true);
    schedule(backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }

  // The server's figures are kept with the taps, so a page opened with no network shows the
  // last ones known today (with the page's "data as of" note) instead of dashes.
  function today() { return new Date().toDateString(); }
  function keepSummary() {
    update(function (s) { s.summary = summary; s.summaryDay = today(); });
  }
  function refreshSummary() {
    fetch(root.dataset.summaryUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { summary = data; keepSummary(); render(load()); } })
      .catch(function () { /* offline: the figures kept on the phone stand */ });
  }

  function lang() { return document.documentElement.lang === "en" ? "en" : "vi"; }
  function fmt(n) { return Number(n).toLocaleString(lang()); }
  function clock(iso) { return new Date(iso).toLocaleTimeString(lang()); }

  function set(field, value) {
    var el = root.querySelector('[data-field="' + field + '"]');
    if (el) { el.textContent = value; }
  }

  function render(s) {
    var pending = pendingTaps(s);
    var local = { "in": 0, "out": 0 };
    pending.forEach(function (t) { local[t.dir] += t.delta; });
    set("pending", fmt(pending.length));
    set("last_sync", s.lastSync ? clock(s.lastSync) : root.dataset.msgNever);
    if (summary) {
      set("gate_in", fmt(summary.today_in + local["in"]));
      set("gate_out", fmt(summary.today_out + local.out));
      set("event_today_in", fmt(summary.event_today_in + local["in"]));
      set("occupancy", fmt(Math.max(summary.occupancy + local["in"] - local.out, 0)));
    }
    var box = root.querySelector('[data-field="refused"]');
    box.hidden = !s.refused.length;
    box.textContent = "";
    if (s.refused.length) {
      var title = document.createElement("p");
      title.textContent = root.dataset.msgRefused;
      box.appendChild(title);
      s.refused.slice(-5).forEach(function (r) {
        var p = document.createElement("p");
        var people = r.taps.reduce(function (a, t) { return a + t.delta; }, 0);
        p.textContent = clock(r.at) + " · " + people + " · " + r.reason;
        box.appendChild(p);
      });
      // After the cause is removed (a day reopened, the gate assigned), the taps can go again.
      var again = document.createElement("button");
      again.type = "button";
      again.className = "button";
      again.dataset.action = "resend";
      again.textContent = root.dataset.msgResend;
      box.appendChild(again);
    }
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.dataset.action === "undo") { undo(); return; }
    if (button.dataset.action === "resend") { resendRefused(); return; }
    if (button.dataset.dir) { tap(button.dataset.dir, parseInt(button.dataset.delta, 10)); }
  });
  window.addEventListener("online", function () { backoff = 1000; schedule(0); });
  window.addEventListener("storage", function (e) { if (e.key === storeKey) { render(load()); } });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { schedule(0); refreshSummary(); }
  });
  setInterval(function () { if (!sending) { refreshSummary(); } }, 15000);

  var kept = load();
  if (kept.summary && kept.summaryDay === today()) { summary = kept.summary; }
  render(kept);
  refreshSummary();
  schedule(0);  // anything left from before a reload or a closed tab goes out now
}());
