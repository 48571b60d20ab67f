package browsertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/statuscodes/site/generator"
)

// TestOnPageNavigation checks, from disk and from a server, that the "On
// this page" list links every section, that every heading and cause row
// has a link to itself, that a targeted row is highlighted, and that the
// copy button copies the code block (with the clipboard API and without).
func TestOnPageNavigation(t *testing.T) {
	b := browser(t)
	for _, a := range accesses(t) {
		t.Run(a.name, func(t *testing.T) {
			ctx, w := tab(t, b, a)
			for _, p := range []string{"codes/401.html", "iis/500.19.html", "browser/ERR_CONNECTION_REFUSED.html", "guides/401-vs-403.html"} {
				open(t, ctx, a, p)
				missing := eval[string](t, ctx, `(function () {
					var toc = Array.prototype.map.call(document.querySelectorAll(".page-toc a"), function (a) { return a.getAttribute("href"); });
					var miss = [];
					document.querySelectorAll(".page-body h2[id]").forEach(function (h) {
						if (toc.indexOf("#" + h.id) < 0) miss.push(h.id);
					});
					if (toc.length < 2) miss.push("(the list has " + toc.length + " entries)");
					return miss.join(" ");
				})()`)
				if missing != "" {
					t.Errorf("%s: the On this page list lacks %s", p, missing)
				}
				noLink := eval[string](t, ctx, `Array.prototype.filter.call(document.querySelectorAll("main h2[id], main h3[id]"), function (h) {
					var a = h.querySelector("a.self-link");
					return !a || a.getAttribute("href") !== "#" + h.id || !a.textContent.trim();
				}).map(function (h) { return h.id; }).join(" ")`)
				if noLink != "" {
					t.Errorf("%s: headings without a self-link: %s", p, noLink)
				}
				rows := eval[string](t, ctx, `Array.prototype.filter.call(document.querySelectorAll("table.causes tbody tr"), function (tr) {
					var a = tr.querySelector("a.row-link");
					return !tr.id || !/^cause-/.test(tr.id) || !a || a.getAttribute("href") !== "#" + tr.id;
				}).length + "/" + document.querySelectorAll("table.causes tbody tr").length`)
				if !strings.HasPrefix(rows, "0/") || rows == "0/0" && !strings.HasPrefix(p, "guides/") {
					t.Errorf("%s: cause rows without an id and a link to it: %s", p, rows)
				}
			}

			// A link to one cause row lands on it and highlights it.
			open(t, ctx, a, "codes/401.html")
			id := eval[string](t, ctx, `document.querySelectorAll("table.causes tbody tr")[2].id`)
			open(t, ctx, a, "codes/401.html#"+id)
			bg := poll[string](t, ctx, `(function () { var td = document.querySelector("tr:target td"); return td ? getComputedStyle(td).backgroundColor : ""; })()`)
			plain := eval[string](t, ctx, `getComputedStyle(document.querySelector("table.causes tbody tr:not(:target) td")).backgroundColor`)
			if bg == plain {
				t.Errorf("the targeted row #%s is not highlighted (%s)", id, bg)
			}
			if top := eval[float64](t, ctx, `document.getElementById(`+"`"+id+"`"+`).getBoundingClientRect().top`); top < 0 || top > 200 {
				t.Errorf("#%s is at %.0f px, not scrolled into view", id, top)
			}
			if jump := eval[string](t, ctx, `(document.querySelector(".page-head .jump a") || {}).hash`); jump != "#causes" {
				t.Errorf("the jump link goes to %q, want #causes", jump)
			}

			// The copy button: with the clipboard API, and with the fallback.
			copied := eval[string](t, ctx, `(function () {
				window.__copied = null;
				navigator.clipboard.writeText = function (t) { window.__copied = t; return Promise.resolve(); };
				document.querySelector(".code-block .copy").click();
				return "";
			})()`)
			copied = poll[string](t, ctx, `window.__copied || ""`)
			want := eval[string](t, ctx, `document.querySelector(".code-block pre").innerText.replace(/\n$/, "")`)
			if copied != want {
				t.Errorf("the copy button copied %q, want the block's text %q", copied, want)
			}
			if label := poll[string](t, ctx, `document.querySelector(".code-block .copy").textContent === "Copied" ? "Copied" : ""`); label != "Copied" {
				t.Errorf("the button says %q after copying", label)
			}
			fallback := eval[string](t, ctx, `(function () {
				Object.defineProperty(navigator, "clipboard", {value: undefined});
				var btn = document.querySelectorAll(".code-block .copy")[1] || document.querySelector(".code-block .copy");
				btn.click();
				return btn.textContent;
			})()`)
			if fallback != "Copied" && !strings.HasPrefix(fallback, "Selected") {
				t.Errorf("without the clipboard API the button says %q", fallback)
			}
			w.check(t, "on-page navigation")
		})
	}
}

// phone emulates a 390 px wide phone in the tab.
func phone(t *testing.T, ctx context.Context) {
	t.Helper()
	err := call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 390, Height: 844, DeviceScaleFactor: 2, Mobile: true})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPhoneLayout opens code, IIS, ARR, vendor and guide pages at 390 px:
// nothing may be wider than the screen, and the search dropdown stays on
// it.
func TestPhoneLayout(t *testing.T) {
	b := browser(t)
	a := accesses(t)[0]
	ctx, w := tab(t, b, a)
	phone(t, ctx)
	for _, p := range []string{"index.html", "codes/401.html", "iis/500.19.html", "arr/502.3.html", "cloudflare/522.html",
		"nginx/499.html", "guides/401-vs-403.html", "guides/which-status-code.html", "browser/ERR_CERT_AUTHORITY_INVALID.html"} {
		open(t, ctx, a, p)
		if wide := eval[float64](t, ctx, `document.documentElement.scrollWidth`); wide > 390 {
			culprits := eval[string](t, ctx, `Array.prototype.filter.call(document.querySelectorAll("main *"), function (e) {
				return e.getBoundingClientRect().right > 391 && !e.closest("pre, .table-wrap, table, .page-toc");
			}).slice(0, 3).map(function (e) { return e.tagName + "." + e.className + ": " + e.textContent.slice(0, 60); }).join(" | ")`)
			t.Errorf("%s is %.0f px wide on a 390 px screen: %s", p, wide, culprits)
		}
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("q")), chromedp.SendKeys(chromedp.ID("q"), "50")); err != nil {
			t.Fatal(err)
		}
		box := poll[[]float64](t, ctx, `(function () {
			var l = document.getElementById("q-results");
			if (l.hidden || !l.querySelector("li")) return null;
			var r = l.getBoundingClientRect();
			return [r.left, r.right];
		})()`)
		if box[0] < 0 || box[1] > 390 {
			t.Errorf("%s: the search dropdown spans %.0f–%.0f px on a 390 px screen", p, box[0], box[1])
		}
		if header := eval[float64](t, ctx, `document.querySelector(".site-header").getBoundingClientRect().height`); header > 160 {
			t.Errorf("%s: the header takes %.0f px of the phone's screen", p, header)
		}
	}
	w.check(t, "phone layout")
}

// TestNumberPages opens codes/522.html, a number only Cloudflare uses, from
// disk and from a server: it leads to Cloudflare's page.
func TestNumberPages(t *testing.T) {
	b := browser(t)
	for _, a := range accesses(t) {
		ctx, w := tab(t, b, a)
		open(t, ctx, a, "codes/522.html")
		var loc string
		for range 50 {
			if loc, _ = chromedp.Run(ctx, chromedp.Location()); strings.HasSuffix(loc, "/cloudflare/522.html") {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if !strings.HasSuffix(loc, "/cloudflare/522.html") {
			t.Errorf("%s: codes/522.html did not lead to cloudflare/522.html (at %s)", a.name, loc)
		}
		w.check(t, "number page "+a.name)
	}
}

// TestNotFoundPage publishes the site under /docs/ on a server that answers
// every missing address with 404.html, as static hosts do, and opens
// missing addresses at three depths: the page is styled, every link and
// resource on it exists, and it names the pages for the code in the
// address.
func TestNotFoundPage(t *testing.T) {
	b := browser(t)
	dir := filepath.Join(t.TempDir(), "public")
	cfg := generator.Config{Content: "../content", Templates: "../templates", Static: "../static", Out: dir,
		BaseURL: "https://example.org/docs/", SearchLimit: generator.SearchIndexLimit}
	if _, err := generator.Build(cfg); err != nil {
		t.Fatal(err)
	}
	notFound, err := os.ReadFile(filepath.Join(dir, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel, ok := strings.CutPrefix(r.URL.Path, "/docs/")
		file := filepath.Join(dir, filepath.FromSlash(rel))
		if st, err := os.Stat(file); ok && err == nil && !st.IsDir() {
			f, err := os.Open(file)
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			defer f.Close()
			http.ServeContent(w, r, file, st.ModTime(), f)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(notFound)
	}))
	defer srv.Close()
	a := access{"http", srv.URL + "/docs/"}
	ctx, w := tab(t, b, a)
	// The page itself answers 404, as it must; the browser logs that.
	w.skip = func(p string) bool { return strings.Contains(p, "the server responded with a status of 404") }
	for _, c := range []struct{ path, suggests string }{
		{"missing.html", ""},
		{"codes/522.htm", "Connection Timed Out"},
		{"a/b/c/ERR_CONNECTION_REFUSED", "Connection refused"},
	} {
		open(t, ctx, a, c.path)
		if !eval[bool](t, ctx, `getComputedStyle(document.querySelector(".site-header")).borderBottomStyle === "solid"`) {
			t.Errorf("/docs/%s: the not-found page is not styled", c.path)
		}
		links := eval[[]string](t, ctx, `Array.prototype.map.call(document.querySelectorAll("a[href], link[href], script[src]"), function (e) { return e.href || e.src; })`)
		for _, l := range links {
			if !strings.HasPrefix(l, srv.URL) || strings.HasPrefix(l, srv.URL+"/docs/"+c.path+"#") {
				continue // elsewhere, or a part of this page (the skip link)
			}
			u := strings.SplitN(l, "#", 2)[0]
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("/docs/%s links %s, which answers %d", c.path, l, resp.StatusCode)
			}
		}
		if c.suggests != "" {
			got := poll[string](t, ctx, `(function () { var s = document.getElementById("suggestions"); return s && !s.hidden ? s.textContent : ""; })()`)
			if !strings.Contains(got, c.suggests) {
				t.Errorf("/docs/%s suggests %q, want %q", c.path, got, c.suggests)
			}
		}
	}
	w.check(t, "not-found page")

	// Opened from disk, the page repairs its links; its first tries, from
	// the site's root path, fail first.
	f := access{"file", "file://" + filepath.ToSlash(dir) + "/"}
	ctx, w = tab(t, b, f)
	w.skip = func(p string) bool {
		return strings.Contains(p, "file:///docs/") || strings.Contains(p, "ERR_FILE_NOT_FOUND")
	}
	open(t, ctx, f, "404.html")
	if !poll[bool](t, ctx, `getComputedStyle(document.querySelector(".site-header")).borderBottomStyle === "solid"`) {
		t.Error("404.html opened from disk is not styled")
	}
	if href := eval[string](t, ctx, `document.querySelector(".brand").href`); href != f.base+"index.html" {
		t.Errorf("404.html from disk links the index as %s", href)
	}
	w.check(t, "not-found page from disk")
}

// TestScreenshots saves the pages a reviewer looks at, in both themes, on a
// desktop and on a phone, to $SCREENSHOT_DIR.
func TestScreenshots(t *testing.T) {
	b := browser(t)
	dir := screenshotDir(t)
	a := accesses(t)[0]
	ctx, _ := tab(t, b, a)
	for _, device := range []string{"desktop", "phone"} {
		if device == "phone" {
			phone(t, ctx)
		}
		for _, scheme := range []string{"light", "dark"} {
			err := call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"index.html", "codes/401.html", "iis/500.19.html", "cloudflare/522.html", "guides/401-vs-403.html"} {
				open(t, ctx, a, p)
				shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(75))
				if err != nil {
					t.Fatal(err)
				}
				name := filepath.Join(dir, strings.NewReplacer("/", "-", ".html", "").Replace(p)+"-"+device+"-"+scheme+".jpg")
				if err := os.WriteFile(name, shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
