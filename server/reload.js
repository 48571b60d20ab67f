(function () {
  "use strict";
  var box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "build-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:9999;" +
        "background:#2b0b0e;color:#ffd7d5;border:2px solid #ff8182;border-radius:8px;padding:1rem;" +
        "font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 8px 30px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "Build failed; this page is the last good build.\n\n" + text;
  }
  var es = new EventSource("/__live/events");
  es.addEventListener("reload", function () { window.location.reload(); });
  es.addEventListener("builderror", function (e) { show(JSON.parse(e.data)); });
})();
