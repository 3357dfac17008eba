// The workbench, enhanced: a segment's memory matches and glossary terms are loaded when the
// translator reaches it, the segment being worked on is highlighted, and Ctrl+Enter (Cmd+Enter)
// confirms it. Without this script each segment has a link that opens its matches.
(function () {
  "use strict";
  var list = document.getElementById("segments");
  if (!list) {
    return;
  }

  function segmentOf(element) {
    return element && element.closest ? element.closest(".segment") : null;
  }

  function load(segment) {
    var help = segment.querySelector(".segment__help");
    if (!help || help.dataset.loading || help.querySelector("[data-loaded]")) {
      return;
    }
    help.dataset.loading = "true";
    fetch(segment.dataset.help, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (markup) {
        var parsed = new DOMParser().parseFromString(markup, "text/html");
        help.replaceChildren.apply(help, Array.prototype.slice.call(parsed.body.childNodes));
      })
      .catch(function () {
        delete help.dataset.loading;
      });
  }

  list.addEventListener("focusin", function (event) {
    var segment = segmentOf(event.target);
    if (!segment) {
      return;
    }
    var current = list.querySelector(".segment--current");
    if (current && current !== segment) {
      current.classList.remove("segment--current");
    }
    segment.classList.add("segment--current");
    load(segment);
  });

  list.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) {
      return;
    }
    var segment = segmentOf(event.target);
    var confirm = segment ? segment.querySelector(".segment__confirm") : null;
    if (confirm) {
      event.preventDefault();
      confirm.click();
    }
  });

  var focused = list.querySelector(".segment--current");
  if (focused) {
    load(focused);
  }
})();
