// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // "Copy" buttons: <button type="button" data-copy-target="ID" data-copied-text="Copied" hidden>.
  // They stay hidden without JavaScript (the field is read-only and can be selected by hand).
  function enhanceCopyButtons(root) {
    root.querySelectorAll("button[data-copy-target]").forEach(function (button) {
      if (!navigator.clipboard) {
        return;
      }
      button.hidden = false;
      if (button.dataset.copyReady) {
        return;
      }
      button.dataset.copyReady = "1";
      button.addEventListener("click", function () {
        var field = document.getElementById(button.dataset.copyTarget);
        var status = document.getElementById(button.dataset.copyStatus || "");
        if (!field) {
          return;
        }
        navigator.clipboard.writeText(field.value).then(function () {
          if (status) {
            status.textContent = button.dataset.copiedText || "Copied";
          }
        });
      });
    });
  }

  // Select the whole value of read-only fields on focus, so a key can be copied by keyboard.
  function enhanceReadonlyFields(root) {
    root.querySelectorAll("input[data-select-on-focus]").forEach(function (input) {
      input.addEventListener("focus", function () {
        input.select();
      });
    });
  }

  // Move focus to a form's error summary so keyboard and screen reader users start there.
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function enhance(root) {
    enhanceCopyButtons(root);
    enhanceReadonlyFields(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    focusErrorSummary(document);
  });
  document.addEventListener("htmx:load", function (event) {
    enhance(event.target);
  });
})();
