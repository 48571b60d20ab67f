// Theme toggle and search. Plain script: no modules, no fetch, no workers,
// so that everything works from file:// as well as from a server. The
// search index is a script too (static/search-index.js), loaded on first use.
(function () {
  "use strict";
  var doc = document.documentElement;
  var root = doc.getAttribute("data-root") || "";
  // The page's words, in its language (templates/strings/*.yaml, "js.…").
  var words = {};
  try { words = JSON.parse(document.getElementById("ui-strings").textContent); } catch (e) { words = {}; }
  function w(key) {
    var s = words[key] || key;
    for (var i = 1; i < arguments.length; i++) s = s.replace(/%[sd]/, String(arguments[i]));
    return s;
  }

  // ---- theme -------------------------------------------------------------
  function currentTheme() {
    var t = doc.getAttribute("data-theme");
    if (t) return t;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function labelToggle(btn) {
    var next = currentTheme() === "dark" ? "light" : "dark";
    btn.textContent = next === "dark" ? w("theme_dark") : w("theme_light");
    btn.setAttribute("aria-label", next === "dark" ? w("switch_theme_dark") : w("switch_theme_light"));
  }
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    labelToggle(toggle);
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      doc.setAttribute("data-theme", next);
      try { window.localStorage.setItem("theme", next); } catch (e) { /* not saved: still applies here */ }
      labelToggle(toggle);
    });
  }

  // ---- search: static/search.js is the engine ------------------------------
  var engine = window.StatusSearch;
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // ---- rendering ---------------------------------------------------------
  // mark appends text to el with the words the query found in <mark>,
  // built from text nodes only: index text is never parsed as HTML.
  function mark(el, text, stems) {
    engine.marks(text, stems).forEach(function (p) {
      if (!p[1]) { el.appendChild(document.createTextNode(p[0])); return; }
      var mk = document.createElement("mark");
      mk.textContent = p[0];
      el.appendChild(mk);
    });
  }
  // resultItem shows a result: code, title and vendor, then the section or
  // cause row that matched and a snippet of it, linking straight there.
  function resultItem(x, id) {
    var r = x.r;
    var li = document.createElement("li");
    if (id) { li.id = id; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false"); }
    var a = document.createElement("a");
    a.href = root + x.url;
    a.tabIndex = id ? -1 : 0;
    var code = document.createElement("span");
    code.className = "code";
    code.textContent = r.code || w("guide");
    a.appendChild(code);
    a.appendChild(document.createTextNode(" "));
    var name = document.createElement("span");
    name.className = "name";
    mark(name, r.title, x.stems);
    a.appendChild(name);
    li.appendChild(a);
    if (r.vendorName) {
      var badge = document.createElement("span");
      badge.className = "badge vendor";
      badge.textContent = r.vendorName;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge);
    }
    if (x.label) {
      var where = document.createElement("span");
      where.className = "where";
      mark(where, x.label, x.stems);
      li.appendChild(where);
    }
    var sum = document.createElement("span");
    sum.className = "sum";
    mark(sum, x.snippet, x.stems);
    li.appendChild(sum);
    return li;
  }

  // ---- the search box ----------------------------------------------------
  // ---- copy buttons on code blocks ---------------------------------------
  // The clipboard API where the page may use it (https, localhost, file://),
  // else a hidden textarea and execCommand; if both fail, the code is
  // selected for the reader to copy.
  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);
  function fallbackCopy(text) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    return ok;
  }
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll("main pre"), function (pre) {
    var box = document.createElement("div");
    box.className = "code-block";
    pre.parentNode.insertBefore(box, pre);
    box.appendChild(pre);
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "copy";
    btn.textContent = w("copy");
    btn.setAttribute("aria-label", w("copy_label"));
    btn.addEventListener("click", function () {
      copyText(pre.innerText.replace(/\n$/, ""), function (ok) {
        if (!ok) {
          var range = document.createRange();
          range.selectNodeContents(pre);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }
        btn.textContent = ok ? w("copied") : w("selected");
        live.textContent = ok ? w("copied_live") : w("selected_live");
        setTimeout(function () { btn.textContent = w("copy"); }, 2000);
      });
    });
    box.appendChild(btn);
  });

  var input = document.getElementById("q");
  var list = document.getElementById("q-results");
  if (!input || !list) return;
  var active = -1, shown = [];
  var MAX = 8;

  function setActive(i) {
    var items = list.querySelectorAll("[role=option]");
    if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
    active = i;
    if (active >= 0 && items[active]) {
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }
  function update() {
    var q = input.value;
    if (!q.trim()) { list.textContent = ""; shown = []; close(); return; }
    engine.run(q, function (all) {
      if (input.value !== q) return; // a newer query is on its way
      shown = all.slice(0, MAX);
      list.textContent = "";
      list.setAttribute("data-query", q); // whose results these are, for tests
      active = -1;
      shown.forEach(function (x, i) { list.appendChild(resultItem(x, "q-opt-" + i)); });
      var more = document.createElement("li");
      more.className = "more";
      var link = document.createElement("a");
      link.href = root + "search.html?q=" + encodeURIComponent(q);
      link.tabIndex = -1;
      link.textContent = all.length ? w("all_results", all.length) : w("no_match", q);
      more.appendChild(link);
      list.appendChild(more);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    });
  }
  input.addEventListener("focus", function () { engine.warm(function () {}); });
  input.addEventListener("input", update);
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (list.hidden) update();
      else if (shown.length) setActive(Math.min(active + 1, shown.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (shown.length) setActive(Math.max(active - 1, 0));
    } else if (e.key === "Enter") {
      var x = shown[active >= 0 ? active : 0];
      if (x && !list.hidden) { e.preventDefault(); window.location.href = root + x.url; }
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (input.value) { input.value = ""; list.textContent = ""; shown = []; }
      close();
    }
  });
  document.addEventListener("click", function (e) {
    if (!input.form.contains(e.target)) close();
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target, tag = t && t.tagName;
    if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey &&
        tag !== "INPUT" && tag !== "TEXTAREA" && tag !== "SELECT" && !(t && t.isContentEditable)) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });

  // ---- the not-found page: pages for the codes in the missing address -----
  var suggest = document.getElementById("suggestions");
  if (suggest) {
    var path = decodeURIComponent(window.location.pathname);
    var wanted = [], re = /(^|[^0-9.])([1-5][0-9][0-9](\.[0-9]{1,3})?)(?![0-9])|(ERR_[A-Z0-9_]+)/gi, hit;
    while ((hit = re.exec(path))) {
      var code = (hit[2] || hit[4]).toUpperCase();
      if (wanted.indexOf(code) < 0) wanted.push(code);
    }
    if (wanted.length) wanted.forEach(function (code) {
      engine.run(code, function (all) {
        var found = all.filter(function (x) { return x.r.code.toUpperCase() === code; }).map(function (x) { return x.r; });
        if (!found.length) return;
        var p = document.createElement("p");
        p.textContent = w("looking_for", code) + " ";
        found.forEach(function (r, i) {
          if (i) p.appendChild(document.createTextNode("; "));
          var a = document.createElement("a");
          a.href = root + r.url;
          a.textContent = (r.vendorName ? r.vendorName + ": " : "") + r.title;
          p.appendChild(a);
        });
        suggest.appendChild(p);
        suggest.hidden = false;
      });
    });
  }

  // ---- the results page (search.html?q=…) --------------------------------
  var page = document.getElementById("search-page-results");
  if (page) {
    var q = "";
    var m = /[?&]q=([^&#]*)/.exec(window.location.search);
    if (m) {
      try { q = decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) { q = m[1]; }
    }
    input.value = q;
    var status = document.getElementById("search-status");
    if (!q.trim()) { status.textContent = w("type_something"); return; }
    status.textContent = w("searching");
    engine.run(q, function (all) {
      status.textContent = all.length === 1 ? w("one_match", q) : w("matches", all.length, q);
      all.slice(0, 200).forEach(function (x) { page.appendChild(resultItem(x, "")); });
    });
  }
})();
