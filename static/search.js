// The site's search engine, for site.js (the search box, the results page)
// and for window.statusSearch. Plain script: no modules, no fetch, no
// workers, so it works from file:// as well as from a server.
//
// Two indexes, both scripts the generator writes: a small one of every
// page's code, title, aliases and summary (static/search-index.js, loaded
// when the box takes focus), and the full text (static/search-docs.js and
// four shards of postings, static/search-text.N.js), loaded on the first
// query with words. A query that is a code or a pattern (404, 403.14, 5xx,
// 30[12]) is answered from the first; words are ranked over the full text
// with BM25 over weighted fields, any word may match (OR) and pages that
// cover more of the query rank higher, a code in the query ranks its page
// first, words are stemmed as the generator stemmed them, and unknown words
// are matched to the index's words one or two typos away.
(function () {
  "use strict";
  var doc = document.documentElement;
  var root = doc.getAttribute("data-root") || "";
  var indexURL = doc.getAttribute("data-search-index") || root + "static/search-index.js";
  // ".ru" for the Russian index: the text files and globals follow it.
  var suffix = (/search-index(\.[a-z]{2})?\.js$/.exec(indexURL) || [])[1] || "";
  var key = suffix.replace(".", "_");

  function load(urls, done) {
    var left = urls.length;
    urls.forEach(function (u) {
      var s = document.createElement("script");
      s.src = u;
      s.onload = s.onerror = function () { if (--left === 0) done(); };
      document.head.appendChild(s);
    });
  }
  // once runs a loader once and calls every waiter when it is done.
  function once(start) {
    var state = 0, waiting = [];
    return function (done) {
      if (state === 2) { done(); return; }
      waiting.push(done);
      if (state === 1) return;
      state = 1;
      start(function () {
        state = 2;
        var w = waiting; waiting = [];
        w.forEach(function (f) { f(); });
      });
    };
  }

  // ---- words -------------------------------------------------------------
  function norm(w) { return w.toLowerCase().replace(/ё/g, "е"); }
  // tokens splits text as the generator does: letters and digits, with
  // dots, dashes and underscores kept inside a token (web.config).
  function tokens(text) {
    return (norm(text).match(/[\p{L}\p{N}][\p{L}\p{N}._-]*/gu) || []).map(function (t) {
      return t.replace(/[._-]+$/, "");
    }).filter(Boolean);
  }

  // ---- the first index: codes, titles, aliases ----------------------------
  var records = [], vendors = {}, synonyms = [];
  var loadRecords = once(function (done) {
    function ready() {
      var idx = window.STATUS_SEARCH || { v: {}, p: [] };
      vendors = idx.v;
      synonyms = idx.s || [];
      records = idx.p.map(function (r, i) {
        var vendorName = idx.v[r[2]] || "";
        return {
          order: i, url: r[0], code: r[1], vendor: r[2], vendorName: vendorName, title: r[3],
          aliases: r[4], summary: r[5], status: r[6],
          t: norm(r[3]), a: norm(r[4]), s: norm(r[5]),
          v: (r[2] + " " + vendorName).toLowerCase(), lc: r[1].toLowerCase()
        };
      });
      done();
    }
    if (window.STATUS_SEARCH) ready(); else load([indexURL], ready);
  });

  // ---- the full text -------------------------------------------------------
  var text = null;
  var loadText = once(function (done) {
    var base = indexURL.replace(/search-index(\.[a-z]{2})?\.js$/, "");
    var urls = [base + "search-docs" + suffix + ".js"];
    for (var i = 0; i < 4; i++) urls.push(base + "search-text." + i + suffix + ".js");
    load(urls, function () {
      var d = window["STATUS_DOCS" + key] || { d: [], avg: 1, f: {} };
      var shards = window["STATUS_TEXT" + key] || [];
      var post = {};
      shards.forEach(function (s) { if (s) for (var k in s) post[k] = s[k]; });
      text = { docs: d.d, avg: d.avg || 1, forms: d.f || {}, post: post, vocab: Object.keys(post), decoded: {} };
      done();
    });
  });

  // postings of a stem: [doc, weight×10, …] with the ids restored from gaps.
  function postings(st) {
    var p = text.decoded[st];
    if (p) return p;
    var raw = text.post[st];
    if (!raw) return null;
    p = [];
    var id = 0;
    for (var i = 0; i < raw.length; i += 2) { id += raw[i]; p.push(id, raw[i + 1]); }
    text.decoded[st] = p;
    return p;
  }
  // stemOf is the index's stem of a word: from the forms the generator
  // recorded, or else the longest stem of the index the word starts with,
  // less at most four letters of ending.
  function stemOf(w) {
    if (text.forms[w]) return text.forms[w];
    if (text.post[w]) return w;
    for (var n = w.length - 1; n >= Math.max(3, w.length - 4); n--) {
      if (text.post[w.slice(0, n)]) return w.slice(0, n);
    }
    return w;
  }
  // distance is the edit distance of two words, a swap of neighbouring
  // letters counting as one edit ("premanent"), or max+1 when it is more
  // than max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var rows = [], i, j;
    for (i = 0; i <= a.length; i++) { rows[i] = [i]; }
    for (j = 0; j <= b.length; j++) rows[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
        if (d < best) best = d;
      }
      if (best > max) return max + 1;
    }
    return rows[a.length][b.length];
  }
  // typos are the index's stems one typo from a word of five letters or
  // more, two from one of eight or more.
  function typos(w) {
    var max = w.length >= 8 ? 2 : w.length >= 4 ? 1 : 0;
    if (!max || /\d/.test(w)) return [];
    var out = [];
    text.vocab.forEach(function (v) {
      if (v.length < 4 || /\d/.test(v)) return;
      // A four-letter word is only read as a typo of a word it starts like.
      if (w.length === 4 && v.slice(0, 2) !== w.slice(0, 2)) return;
      // A longer word may carry an ending the stem lacks: "unathorized"
      // is compared by its first letters with "unauthor".
      var d = distance(w, v, max);
      if (d > max && v.length >= 5 && w.length > v.length) {
        var m = v.length >= 8 ? 2 : 1;
        d = distance(w.slice(0, v.length), v, m) <= m ? distance(w.slice(0, v.length), v, m) : max + 1;
      }
      if (d <= max) out.push({ stem: v, weight: d === 0 ? 0.8 : d === 1 ? 0.7 : 0.45, d: d });
    });
    out.sort(function (a, b) { return a.d - b.d; });
    // The closest candidates only: a word that is one stem with an ending
    // is not also a typo of its neighbours.
    if (out.length) out = out.filter(function (x) { return x.d === out[0].d; });
    return out.slice(0, 8);
  }
  // queryTerms are the weighted stems a query looks for: each word (and the
  // parts of a compound one), its synonyms, and for a word the index lacks,
  // its near misses. Words the index does not hold and that are shorter
  // than five letters (the, a, of) are dropped: they are stop words.
  function queryTerms(q) {
    var nq = " " + tokens(q).join(" ") + " ";
    var words = [], list = tokens(q);
    list.forEach(function (t, i) {
      // In a pasted line a bare number is more often a count, an errno or
      // a port than a status, unless a word says it is one.
      var num = /^\d+$/.test(t) && list.length > 4 && !/^(http|error|status|code|ошибка|код)$/.test(list[i - 1] || "");
      words.push({ w: t, weight: num ? 0.3 : 1 });
      if (/[._-]/.test(t)) t.split(/[._-]+/).forEach(function (p) { if (p) words.push({ w: p, weight: 0.6 }); });
    });
    synonyms.forEach(function (group) {
      var hit = group.some(function (s) { return nq.indexOf(" " + s + " ") >= 0; });
      if (!hit) return;
      group.forEach(function (s) {
        if (nq.indexOf(" " + s + " ") < 0) tokens(s).forEach(function (t) { words.push({ w: t, weight: 0.6, syn: true }); });
      });
    });
    var terms = [], seen = {};
    words.forEach(function (x) {
      var st = stemOf(x.w);
      var alts = [];
      var exact = text.forms[x.w] || text.post[x.w];
      if (text.post[st]) alts.push({ stem: st, weight: exact ? x.weight : 0.8 * x.weight });
      // A word the index does not hold may be a typo of one it does.
      if (!exact) typos(x.w).forEach(function (a) {
        if (a.stem !== st) alts.push({ stem: a.stem, weight: a.weight * x.weight });
      });
      alts = alts.filter(function (a) { return !seen[a.stem]; });
      if (!alts.length) return;
      alts.forEach(function (a) { seen[a.stem] = true; });
      terms.push({ word: x.w, alts: alts, syn: !!x.syn });
    });
    return terms;
  }

  // ---- codes and patterns --------------------------------------------------
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  // codePattern turns 4xx, 30[12] or 5x3 into a regular expression.
  function codePattern(term) {
    if (!/^[1-5][0-9x\[\]\-]{1,8}$/.test(term) || !/[x\[]/.test(term)) return null;
    try {
      return new RegExp("^" + term.replace(/x/g, "\\d") + "(\\.|$)");
    } catch (e) { return null; }
  }
  // codeScore scores a page by a code or pattern in the query.
  function codeScore(r, term) {
    if (/^\d+(\.\d*)?$/.test(term)) {
      if (r.code === term) return 1000;
      if (r.code.indexOf(term) === 0) return 400 - 10 * (r.code.length - term.length);
      return 0;
    }
    var re = codePattern(term);
    if (re) return re.test(r.code) ? 300 - 10 * (r.code.length - 3) : 0;
    if (r.lc === term) return 1000;
    if (term.length >= 4 && r.lc.indexOf(term) === 0 && /[a-z_]/.test(term)) return 400 - (r.lc.length - term.length);
    return 0;
  }
  // isCodeQuery reports a query made only of codes and patterns, which the
  // first index answers alone.
  function isCodeQuery(terms) {
    return terms.length > 0 && terms.every(function (t) { return /^\d+(\.\d*)?$/.test(t) || codePattern(t); });
  }
  function byCode(terms) {
    var out = [];
    records.forEach(function (r) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var s = codeScore(r, terms[i]);
        if (!s) return;
        score += s;
      }
      if (r.status === "standard") score += 100;
      out.push({ r: r, score: score, url: r.url, label: "", snippet: r.summary, stems: {} });
    });
    out.sort(function (a, b) { return b.score - a.score || a.r.order - b.r.order; });
    return out;
  }

  // ---- ranking the full text -------------------------------------------------
  var K1 = 1.2, B = 0.75;
  function byText(q) {
    var raw = tokens(q);
    var terms = queryTerms(q);
    var n = text.docs.length;
    var docScore = {}, docHits = {};
    terms.forEach(function (t, ti) {
      t.alts.forEach(function (a) {
        var p = postings(a.stem);
        if (!p) return;
        var df = p.length / 2;
        var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        for (var i = 0; i < p.length; i += 2) {
          var d = p[i], tf = p[i + 1] / 10, len = text.docs[d][4] || 1;
          var s = a.weight * idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len / text.avg));
          docScore[d] = (docScore[d] || 0) + s;
          (docHits[d] = docHits[d] || {})[ti] = true;
        }
      });
    });
    // Pages: the best part of each page, plus a share of its other parts.
    var pages = {};
    Object.keys(docScore).forEach(function (d) {
      var row = text.docs[d], pg = row[0], s = docScore[d];
      var p = pages[pg] || (pages[pg] = { best: -1, bestScore: 0, sum: 0, hits: {} });
      p.sum += s;
      if (s > p.bestScore) { p.best = +d; p.bestScore = s; }
      for (var h in docHits[d]) p.hits[h] = true;
    });
    // Each word counts by how rare it is: covering "request" says less
    // than covering "0x80070005".
    terms.forEach(function (t) {
      t.idf = 0;
      t.alts.forEach(function (a) {
        var p = text.post[a.stem];
        if (!p) return;
        var df = postings(a.stem).length / 2;
        t.idf = Math.max(t.idf, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
      });
    });
    var words = terms.reduce(function (s, t) { return s + (t.syn ? 0 : t.idf); }, 0) || 1;
    var stems = {};
    terms.forEach(function (t) { t.alts.forEach(function (a) { stems[a.stem] = true; }); });
    // An IIS log line's "502 3 12002" names 502.3, and a vendor's word
    // with a number ("win32-status 64") that vendor's page.
    var logged = {}, nq = norm(q), m, re = /(?:^|\s)([1-5]\d\d) (\d{1,3}) \d+(?=\s|$)/g;
    while ((m = re.exec(nq)) !== null) logged[m[1] + "." + m[2]] = true;
    var nums = raw.filter(function (w) { return /^\d+$/.test(w); });
    raw.forEach(function (w) {
      w.split(/[._-]+/).forEach(function (part) {
        if (vendors[part] !== undefined || /^(browser|curl|win32)$/.test(part)) {
          nums.forEach(function (n) { logged[part + "/" + n + ".html"] = true; logged[(suffix ? suffix.slice(1) + "/" : "") + part + "/" + n + ".html"] = true; });
        }
      });
    });
    var out = [];
    Object.keys(pages).forEach(function (pg) {
      var p = pages[pg], r = records[pg];
      if (!r) return;
      var covered = 0;
      terms.forEach(function (t, ti) { if (p.hits[ti] && !t.syn) covered += t.idf; });
      var cov = covered / words;
      var score = (p.bestScore + 0.15 * (p.sum - p.bestScore)) * (0.4 + cov * cov);
      // Words of the title or an alias count most: a reader who types a
      // page's name wants that page.
      var named = nameStems(r), inName = 0;
      terms.forEach(function (t) {
        if (t.alts.some(function (a) { return named[a.stem]; })) inName += t.syn ? t.idf / 2 : t.idf;
      });
      var nameFrac = inName / words;
      // The Warning header codes are obsolete: they rank low unless the
      // query asks for them.
      if (r.vendor === "warning" && !/warning:? +[12]\d\d/.test(norm(q))) score *= 0.3;
      score = score * (1 + 2 * nameFrac * nameFrac) + 30 * nameFrac;
      // A vendor named in the query ("nginx 499") ranks its pages first,
      // and an error name's beginning finds the error (err_name_not).
      // A code or error name in the query ranks its page first.
      raw.forEach(function (w) {
        if (r.vendor && raw.length <= 3 && (w === r.vendor || norm(r.vendorName) === w)) score += 150;
        if (w.length >= 5 && /_/.test(w) && r.lc.indexOf(w) === 0) score += 400;
        if (w.length >= 3 && (r.lc === w || r.code === w) && (r.vendor !== "warning" || /warning:? +[12]\d\d/.test(norm(q)))) score += 1000;
      });
      if (r.t === norm(q.trim())) score += 200;
      // The page that explains a vendor's numbers (the IIS overview) is
      // what a reader asks about them in general.
      if (r.code === "" && r.vendor && raw.some(function (w) { return w === r.vendor; }) && raw.some(function (w) { return /substatus|sub-status|status/.test(w); })) score *= 2;
      // Standard codes win ties: they are what most readers mean.
      if (r.status === "standard") score *= 1.1;
      if (logged[r.code] || logged[r.url]) score += 800;
      var row = text.docs[p.best];
      var url = r.url + (row && row[1] ? "#" + row[1] : "");
      out.push({ r: r, score: score, url: url, label: row ? row[2] : "", snippet: row && row[3] ? row[3] : r.summary, stems: stems });
    });
    out.sort(function (a, b) { return b.score - a.score || a.r.order - b.r.order; });
    return out;
  }

  // nameStems are the stems of a page's title and aliases.
  function nameStems(r) {
    if (!r.named) {
      r.named = {};
      tokens(r.title + " " + r.aliases).forEach(function (w) {
        r.named[stemOf(w)] = true;
        if (/[._-]/.test(w)) w.split(/[._-]+/).forEach(function (p) { if (p) r.named[stemOf(p)] = true; });
      });
    }
    return r.named;
  }

  // run answers a query: results in rank order, each {r: the page's record,
  // url: where it links (page.html#part), label: the section or cause row
  // it matched, snippet, stems: the query's stems, for marking words}.
  // logCode reads "401 2 5" (sc-status, sc-substatus, sc-win32-status of
  // an IIS log line) as 401.2.
  function logCode(words) {
    if (words.length >= 2 && /^[1-5]\d\d$/.test(words[0]) && /^\d{1,3}$/.test(words[1])) {
      var sub = byCode([words[0] + "." + words[1]]);
      if (sub.length && sub[0].r.code === words[0] + "." + words[1]) return sub;
    }
    return null;
  }

  function run(q, done) {
    var terms = tokens(q);
    if (!terms.length) { done([]); return; }
    var words = norm(q).trim().split(/\s+/);
    loadRecords(function () {
      if (isCodeQuery(words)) {
        var found = byCode(words);
        if (!found.length) found = logCode(words) || [];
        if (found.length) { done(found); return; }
      }
      loadText(function () { done(byText(q)); });
    });
  }
  // marks splits a text into plain and marked parts: a word is marked when
  // its stem is one the query looks for.
  function marks(textValue, stems) {
    var parts = [], last = 0, m, re = /[\p{L}\p{N}][\p{L}\p{N}._-]*/gu;
    while ((m = re.exec(textValue)) !== null) {
      var w = norm(m[0]).replace(/[._-]+$/, "");
      if (text && stems[stemOf(w)]) {
        if (m.index > last) parts.push([textValue.slice(last, m.index), false]);
        parts.push([m[0], true]);
        last = m.index + m[0].length;
      }
    }
    if (last < textValue.length) parts.push([textValue.slice(last), false]);
    return parts;
  }

  window.StatusSearch = { run: run, warm: loadRecords, marks: marks, vendors: function () { return vendors; } };
  // statusSearch is the search as an API: the root-relative addresses of
  // the results, in rank order (the comparison with Pagefind uses it).
  window.statusSearch = function (q, done) {
    run(q, function (results) { done(results.map(function (x) { return x.url; })); });
  };
  // statusStems stems words as the search does, to test it against the
  // generator's stems.
  window.statusStems = function (words, done) {
    loadRecords(function () { loadText(function () { done(words.map(function (w) { return stemOf(norm(w)); })); }); });
  };
})();
