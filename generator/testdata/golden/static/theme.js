// Applies the reader's saved theme before the page paints. Storage may be
// blocked (private modes, some file:// setups): then the system theme rules.
(function () {
  try {
    var t = window.localStorage.getItem("theme");
    if (t === "dark" || t === "light") document.documentElement.setAttribute("data-theme", t);
  } catch (e) { /* storage unavailable: follow prefers-color-scheme */ }
})();
