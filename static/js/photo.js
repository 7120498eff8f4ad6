// A photo over the form's limit is named next to its field before anything is sent (a phone
// would otherwise upload it whole only to be refused); the server checks again.
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var max = Number(input.dataset.maxBytes);
    var note = document.getElementById(input.dataset.errorId);
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      var tooLarge = Boolean(file && file.size > max);
      input.setCustomValidity(tooLarge ? input.dataset.msgTooLarge : "");
      if (note) {
        note.textContent = tooLarge ? input.dataset.msgTooLarge : "";
        note.hidden = !tooLarge;
      }
    });
  });
})();
