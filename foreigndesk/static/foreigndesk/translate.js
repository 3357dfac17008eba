// The translating page, enhanced: Alt+Down / Alt+Up move between the translation's paragraphs,
// Ctrl+S (Cmd+S) saves, the pair being worked on is highlighted, and leaving with unsaved
// changes asks first. Without this script the page is a plain form that does all the same work.
(function () {
  "use strict";
  var form = document.getElementById("translate-form");
  if (!form || !form.dataset.editable) {
    return;
  }
  var saveButton = document.getElementById("save");
  var status = document.getElementById("translate-status");
  var dirty = false;
  var submitting = false;

  function paragraphs() {
    return Array.prototype.slice.call(form.querySelectorAll("textarea.field__text"));
  }

  function highlight(element) {
    var current = form.querySelector(".pair--current");
    var pair = element && element.closest ? element.closest(".pair") : null;
    if (current && current !== pair) {
      current.classList.remove("pair--current");
    }
    if (pair) {
      pair.classList.add("pair--current");
    }
  }

  function move(step) {
    var list = paragraphs();
    if (!list.length) {
      return;
    }
    var index = list.indexOf(document.activeElement);
    var next = index === -1 ? (step > 0 ? 0 : list.length - 1) : index + step;
    if (next < 0 || next >= list.length) {
      return;
    }
    list[next].focus();
    list[next].scrollIntoView({ block: "center" });
  }

  function markDirty() {
    if (!dirty) {
      dirty = true;
      if (status) {
        status.textContent = "Unsaved changes";
      }
    }
  }

  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () {
    submitting = true;
  });
  form.addEventListener("focusin", function (event) {
    highlight(event.target);
  });
  // A field focused before this script ran (it loads deferred) is highlighted too.
  if (form.contains(document.activeElement)) {
    highlight(document.activeElement);
  }
  form.dataset.enhanced = "true";

  document.addEventListener("keydown", function (event) {
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        move(1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        move(-1);
      }
    } else if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "s" || event.key === "S")) {
      event.preventDefault();
      if (form.requestSubmit) {
        form.requestSubmit(saveButton);
      } else {
        saveButton.click();
      }
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // After a refused stale save: one click puts the person's own text back in the field.
  Array.prototype.forEach.call(document.querySelectorAll("textarea.kept__text[data-for]"), function (kept) {
    var target = document.getElementById(kept.dataset.for);
    if (!target) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kept__use";
    button.textContent = "Use my text here";
    button.addEventListener("click", function () {
      target.value = kept.value;
      markDirty();
      target.focus();
    });
    kept.insertAdjacentElement("afterend", button);
  });
})();
