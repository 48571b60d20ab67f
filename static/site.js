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

  // ---- search index ------------------------------------------------------
  var records = null, loading = false, waiting = [];
  // Russian words change their endings: the index maps every form of its
  // words to a Snowball stem (idx.f), and words are compared by stem.
  var forms = null, known = {};
  function norm(w) { return w.toLowerCase().replace(/ё/g, "е"); }
  function stemOf(w) { w = norm(w); return (forms && forms[w]) || w; }
  // queryStem is the stem of a word the reader typed: from the index's
  // forms, or else the longest stem of the index that the word starts
  // with, less at most four letters of ending ("просмотра" → "просмотр").
  function queryStem(w) {
    w = norm(w);
    if (forms && forms[w]) return forms[w];
    for (var n = w.length; n >= Math.max(4, w.length - 4); n--) {
      if (known[w.slice(0, n)]) return w.slice(0, n);
    }
    return w;
  }
  function stems(text) {
    var list = (norm(text).match(/[а-яa-z0-9]+/g) || []).map(stemOf);
    list.forEach(function (st) { known[st] = true; });
    return " " + list.join(" ") + " ";
  }
  function prepare(idx) {
    forms = idx.f || null;
    return idx.p.map(function (r, i) {
      var vendorName = idx.v[r[2]] || "";
      return {
        ts: forms ? stems(r[3]) : "", ss: forms ? stems(r[4] + " " + r[5] + " " + r[6]) : "",
        order: i, url: r[0], code: r[1], vendor: r[2], vendorName: vendorName, title: r[3],
        aliases: r[4], summary: r[5], words: r[6], status: r[7],
        t: norm(r[3]), a: norm(r[4]), s: norm(r[5]), w: r[6],
        v: (r[2] + " " + vendorName).toLowerCase(), lc: r[1].toLowerCase()
      };
    });
  }
  function withIndex(done) {
    if (records) { done(); return; }
    if (window.STATUS_SEARCH) { records = prepare(window.STATUS_SEARCH); done(); return; }
    waiting.push(done);
    if (loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = doc.getAttribute("data-search-index") || root + "static/search-index.js";
    s.onload = function () {
      records = prepare(window.STATUS_SEARCH || { v: {}, p: [] });
      var w = waiting; waiting = [];
      w.forEach(function (f) { f(); });
    };
    document.head.appendChild(s);
  }

  // ---- matching ----------------------------------------------------------
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  // wordStart reports whether term starts a word of text.
  function wordStart(text, term) {
    return new RegExp("(^|[^a-z0-9а-яё])" + escapeRe(term)).test(text);
  }
  // codePattern turns 4xx, 30[12] or 5x3 into a regular expression.
  function codePattern(term) {
    if (!/^[0-9x\[\]\-]+$/.test(term) || !/[x\[]/.test(term)) return null;
    try {
      return new RegExp("^" + term.replace(/x/g, "\\d") + "(\\.|$)");
    } catch (e) { return null; }
  }
  function termScore(r, term) {
    if (/^\d+(\.\d*)?$/.test(term)) {
      if (r.code === term) return 1000;
      if (r.code.indexOf(term) === 0) return 400 - 10 * (r.code.length - term.length);
    } else {
      var re = codePattern(term);
      if (re) return re.test(r.code) ? 300 - 10 * (r.code.length - 3) : 0;
      // Errors named rather than numbered: ERR_CONNECTION_REFUSED.
      if (r.lc === term) return 1000;
      if (term.length >= 4 && r.lc.indexOf(term) === 0) return 400 - (r.lc.length - term.length);
    }
    var score = 0;
    if (forms && /[а-яё]/.test(term)) {
      var st = queryStem(term);
      if (r.ts.indexOf(" " + st + " ") >= 0) score = Math.max(score, 100);
      else if (st.length >= 4 && r.ts.indexOf(" " + st) >= 0) score = Math.max(score, 60);
      if (r.ss.indexOf(" " + st + " ") >= 0) score = Math.max(score, 25);
      else if (st.length >= 4 && r.ss.indexOf(" " + st) >= 0) score = Math.max(score, 12);
    }
    if (r.vendor && wordStart(r.v, term)) score = Math.max(score, 150);
    if (wordStart(r.t, term)) score = Math.max(score, 100);
    else if (r.t.indexOf(term) >= 0) score = Math.max(score, 40);
    if (wordStart(r.a, term)) score = Math.max(score, 80);
    if (wordStart(r.s, term)) score = Math.max(score, 20);
    if (score === 0 && wordStart(r.w, term)) score = 10;
    return score;
  }
  function search(query) {
    var q = norm(query.trim()).replace(/\s+/g, " ");
    if (!q || !records) return [];
    var terms = q.split(" ");
    var codeQuery = terms.some(function (t) { return /^\d/.test(t) || codePattern(t); });
    var out = [];
    records.forEach(function (r) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var s = termScore(r, terms[i]);
        if (!s) return;
        score += s;
      }
      // The standard meaning of a number comes before vendors' meanings;
      // for words, standard pages only win ties.
      if (r.status === "standard") score += codeQuery ? 100 : 15;
      if (terms.length > 1 && r.t.indexOf(q) >= 0) score += 50;
      if (r.t === q || r.a.split("; ").indexOf(q) >= 0) score += 200;
      out.push({ r: r, score: score });
    });
    out.sort(function (a, b) { return b.score - a.score || a.r.order - b.r.order; });
    return out.map(function (x) { return x.r; });
  }

  // ---- rendering ---------------------------------------------------------
  // snippet picks the text to show under a result: the summary, or the
  // cause keywords that matched when nothing else did.
  function snippet(r, terms) {
    var inText = terms.some(function (t) { return r.s.indexOf(t) >= 0 || r.t.indexOf(t) >= 0 || r.a.indexOf(t) >= 0; });
    if (!inText) {
      var hits = r.w.split(" ").filter(function (w) {
        return terms.some(function (t) { return w.indexOf(t) === 0; });
      });
      if (hits.length) return "Causes mention " + hits.slice(0, 4).join(", ") + ". " + r.summary;
    }
    return r.summary;
  }
  // mark appends text to el with the query's terms in <mark>, built from
  // text nodes only: index text is never parsed as HTML.
  function mark(el, text, terms) {
    var words = terms.filter(function (t) { return t.length > 1 && !/[x\[]/.test(t) || /^[a-z]/.test(t); });
    if (!words.length) { el.appendChild(document.createTextNode(text)); return; }
    var re = new RegExp("(" + words.map(escapeRe).join("|") + ")", "ig");
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) el.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mk = document.createElement("mark");
      mk.textContent = m[0];
      el.appendChild(mk);
      last = m.index + m[0].length;
      if (m[0].length === 0) re.lastIndex++;
    }
    if (last < text.length) el.appendChild(document.createTextNode(text.slice(last)));
  }
  function resultItem(r, terms, id) {
    var li = document.createElement("li");
    if (id) { li.id = id; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false"); }
    var a = document.createElement("a");
    a.href = root + r.url;
    a.tabIndex = id ? -1 : 0;
    var code = document.createElement("span");
    code.className = "code";
    code.textContent = r.code || "Guide";
    a.appendChild(code);
    a.appendChild(document.createTextNode(" "));
    var name = document.createElement("span");
    name.className = "name";
    mark(name, r.title, terms);
    a.appendChild(name);
    li.appendChild(a);
    if (r.vendorName) {
      var badge = document.createElement("span");
      badge.className = "badge vendor";
      badge.textContent = r.vendorName;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge);
    }
    var sum = document.createElement("span");
    sum.className = "sum";
    mark(sum, snippet(r, terms), terms);
    li.appendChild(sum);
    return li;
  }
  function termsOf(q) { return q.trim().toLowerCase().split(/\s+/).filter(Boolean); }

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
    withIndex(function () {
      if (input.value !== q) return; // a newer query is on its way
      var all = search(q), terms = termsOf(q);
      shown = all.slice(0, MAX);
      list.textContent = "";
      active = -1;
      shown.forEach(function (r, i) { list.appendChild(resultItem(r, terms, "q-opt-" + i)); });
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
  input.addEventListener("focus", function () { withIndex(function () {}); });
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
      var r = shown[active >= 0 ? active : 0];
      if (r && !list.hidden) { e.preventDefault(); window.location.href = root + r.url; }
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
    if (wanted.length) withIndex(function () {
      wanted.forEach(function (code) {
        var found = records.filter(function (r) { return r.code.toUpperCase() === code; });
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
    withIndex(function () {
      var all = search(q), terms = termsOf(q);
      status.textContent = all.length === 1 ? w("one_match", q) : w("matches", all.length, q);
      all.slice(0, 200).forEach(function (r) { page.appendChild(resultItem(r, terms, "")); });
    });
  }
})();
