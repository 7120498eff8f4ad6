/* Ticket scanning: the phone's camera decoded with the vendored jsQR, or a USB scanner that types
 * the code into the field and presses Enter (that needs no script at all). */
(function () {
  "use strict";
  var section = document.getElementById("camera");
  var form = document.getElementById("scan-form");
  if (!section || !form) { return; }
  var button = section.querySelector('[data-action="camera"]');
  var video = section.querySelector("video");
  var noteEl = section.querySelector('[data-field="camera-note"]');
  var input = form.querySelector('input[name="code"]');
  var canvas = document.createElement("canvas");
  var stream = null;
  var lastCode = "";
  var lastAt = 0;

  function submit() {
    if (window.htmx) { window.htmx.trigger(form, "submit"); } else { form.submit(); }
  }

  function tick() {
    if (!stream) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA && window.jsQR) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      var now = Date.now();
      // The same ticket stays in view for a while: send it once, not ten times a second.
      if (found && found.data && (found.data !== lastCode || now - lastAt > 5000)) {
        lastCode = found.data;
        lastAt = now;
        input.value = found.data;
        if (navigator.vibrate) { navigator.vibrate(80); }
        submit();
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

  // After each result, the field is emptied and focused again for the next scan.
  document.body.addEventListener("htmx:afterSwap", function () {
    input.value = "";
    input.focus();
  });
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
