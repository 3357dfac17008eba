// Tell the site this article was read, once the reader has had it on screen for a moment.
// No cookie, no identifier: the request carries nothing but the article's number.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.hitUrl;
  if (!url || navigator.webdriver) return;
  function send() {
    if (navigator.sendBeacon) navigator.sendBeacon(url);
    else fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
  }
  if (document.visibilityState === "visible") setTimeout(send, 3000);
  else document.addEventListener("visibilitychange", function once() {
    if (document.visibilityState !== "visible") return;
    document.removeEventListener("visibilitychange", once);
    setTimeout(send, 3000);
  });
})();
