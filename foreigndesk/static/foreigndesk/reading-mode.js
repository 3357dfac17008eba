// Reading mode without a reload, remembered across articles. Without JavaScript the mode links
// reload the page with ?mode=..., which the server renders.
(function () {
  "use strict";
  var KEY = "foreigndesk.readingMode";
  var article = document.getElementById("article");
  var nav = document.querySelector("[data-reading-modes]");
  if (!article || !nav) return;

  function apply(mode, remember) {
    if (mode !== "side" && mode !== "stacked") return;
    article.classList.remove("article--side", "article--stacked");
    article.classList.add("article--" + mode);
    article.dataset.mode = mode;
    nav.querySelectorAll("a[data-mode]").forEach(function (link) {
      if (link.dataset.mode === mode) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
    if (remember) {
      try { window.localStorage.setItem(KEY, mode); } catch (e) { /* storage disabled */ }
      var url = new URL(window.location.href);
      url.searchParams.set("mode", mode);
      window.history.replaceState(null, "", url);
    }
  }

  nav.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-mode]");
    if (!link) return;
    event.preventDefault();
    apply(link.dataset.mode, true);
  });

  // A mode named in the address wins; otherwise the reader's last choice.
  if (!new URL(window.location.href).searchParams.has("mode")) {
    var stored = null;
    try { stored = window.localStorage.getItem(KEY); } catch (e) { /* storage disabled */ }
    if (stored && stored !== article.dataset.mode) apply(stored, false);
  } else {
    try { window.localStorage.setItem(KEY, article.dataset.mode); } catch (e) { /* storage disabled */ }
  }
})();
