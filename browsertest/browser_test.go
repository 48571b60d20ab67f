package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/statuscodes/site/generator"
)

// chromiumPath is Debian's chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// site is the real site, built once for every test in the package.
var site struct {
	dir string
	err error
}

func TestMain(m *testing.M) {
	tmp, err := os.MkdirTemp("", "statuscodes-browser-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cfg := generator.Config{Content: "../content", Templates: "../templates", Static: "../static",
		Out: filepath.Join(tmp, "public"), BaseURL: "https://example.org/"}
	_, site.err = generator.Build(cfg)
	site.dir = cfg.Out
	code := m.Run()
	os.RemoveAll(tmp)
	os.Exit(code)
}

// access is one way a reader reaches the site: from disk, or from a
// server that publishes it under a sub-path.
type access struct {
	name string
	base string // the site root, ending in "/"
}

// inside reports whether a URL belongs to the bundle.
func (a access) inside(u string) bool {
	return strings.HasPrefix(u, a.base) || strings.HasPrefix(u, "data:")
}

func accesses(t *testing.T) []access {
	t.Helper()
	if site.err != nil {
		t.Fatalf("building the site: %v", site.err)
	}
	srv := httptest.NewServer(http.StripPrefix("/docs/", http.FileServer(http.Dir(site.dir))))
	t.Cleanup(srv.Close)
	return []access{
		{"file", "file://" + filepath.ToSlash(site.dir) + "/"},
		{"http", srv.URL + "/docs/"},
	}
}

// browser starts headless chromium for one test, or skips the test where
// chromium is not installed, so that `go test ./...` passes on a bare
// machine and says why these checks did not run.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no chromium at %s (apt-get install chromium): the browser checks did not run", chromiumPath)
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// watch records what a tab does wrong: console errors, exceptions, failed
// requests, and requests that leave the bundle.
type watch struct {
	mu       sync.Mutex
	problems []string
	skip     func(problem string) bool // problems caused by the test's own tools
}

func (w *watch) add(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := fmt.Sprintf(format, args...)
	if w.skip == nil || !w.skip(p) {
		w.problems = append(w.problems, p)
	}
}

func (w *watch) check(t *testing.T, what string) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.problems {
		t.Errorf("%s: %s", what, p)
	}
	w.problems = nil
}

// tab opens a new tab in the browser and watches it.
func tab(t *testing.T, browserCtx context.Context, a access) (context.Context, *watch) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	w := &watch{}
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				w.add("console error: %v", e.Args)
			}
		case *runtime.EventExceptionThrown:
			w.add("exception: %s %s", e.ExceptionDetails.Text, describe(e.ExceptionDetails.Exception))
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError {
				w.add("browser error: %s %s", e.Entry.Text, e.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			if !a.inside(e.Request.URL) {
				w.add("request leaves the bundle: %s", e.Request.URL)
			}
		case *network.EventLoadingFailed:
			if !e.Canceled {
				w.add("request failed: %s (%s)", e.ErrorText, e.Type)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		call(ctx, network.Enable, network.EnableParams{}),
		call(ctx, runtime.Enable, cdp.Empty{}),
		call(ctx, cdplog.Enable, cdp.Empty{}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return ctx, w
}

func call[P, R any](ctx context.Context, cmd cdp.Command[P, R], params P) error {
	_, err := chromedp.Call(ctx, cmd, params)
	return err
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return o.Description
}

// open navigates a tab to a page of the site and waits for it to load.
func open(t *testing.T, ctx context.Context, a access, path string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(a.base+path)); err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
}

// eval evaluates JavaScript in the tab.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// poll waits until a JavaScript expression is truthy and returns its value.
func poll[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Poll[T](js, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("waiting for %s: %v", js, err)
	}
	return v
}

// The pages every check visits: the index, a code page, a sub-status page,
// a vendor page, a guide and the search results page.
var pages = []string{
	"index.html",
	"codes/404.html",
	"iis/403.14.html",
	"nginx/499.html",
	"guides/401-vs-403.html",
	"browser/ERR_CONNECTION_REFUSED.html",
	"cloudflare/1020.html",
	"codes/000.html",
	"search.html?q=gateway",
}

// TestPagesLoadCleanly opens every kind of page from disk and from a
// server under /docs/: no console error, no exception, no failed request,
// no request outside the bundle, and the stylesheets and highlighting
// applied.
func TestPagesLoadCleanly(t *testing.T) {
	b := browser(t)
	for _, a := range accesses(t) {
		t.Run(a.name, func(t *testing.T) {
			ctx, w := tab(t, b, a)
			for _, p := range pages {
				open(t, ctx, a, p)
				// Let lazy work (the search index on the results page) finish.
				poll[bool](t, ctx, `document.readyState === "complete"`)
				if strings.HasPrefix(p, "search.html") {
					poll[bool](t, ctx, `document.querySelectorAll("#search-page-results li").length > 0`)
				}
				styled := eval[bool](t, ctx, `getComputedStyle(document.querySelector(".site-header")).borderBottomStyle === "solid"`)
				if !styled {
					t.Errorf("%s: the stylesheet is not applied", p)
				}
				if eval[bool](t, ctx, `!!document.querySelector("pre.chroma")`) {
					color := eval[string](t, ctx, `getComputedStyle(document.querySelector("pre.chroma span.line span[class]")).color`)
					if color == "rgb(0, 0, 0)" || color == "" {
						t.Errorf("%s: highlighted code has no colour (%q): highlight.css is not applied", p, color)
					}
				}
				w.check(t, p)
			}
		})
	}
}

// firstResult types a query into the search box of the page the tab shows
// and returns the path (relative to the site root) of the first result.
func firstResult(t *testing.T, ctx context.Context, a access, query string) string {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""`),
		chromedp.Focus(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), query),
	); err != nil {
		t.Fatal(err)
	}
	js := fmt.Sprintf(`(function () {
		var list = document.getElementById("q-results");
		if (document.getElementById("q").value !== %q || list.getAttribute("data-query") !== %q) return "";
		var a = list.querySelector("li[role=option] a");
		return a ? a.href : "";
	})()`, query, query)
	href := poll[string](t, ctx, js)
	href, _, _ = strings.Cut(href, "#") // results link to the part of the page that matched
	return strings.TrimPrefix(href, a.base)
}

// searchCases are queries readers type, with the page that must come first.
var searchCases = []struct{ query, first string }{
	{"404", "codes/404.html"},
	{"403.14", "iis/403.14.html"},
	{"500.19", "iis/500.19.html"},
	{"4xx", "codes/400.html"},
	{"5xx", "codes/500.html"},
	{"40", "codes/400.html"},
	{"30[12]", "codes/301.html"},
	{"not found", "codes/404.html"},
	{"too many", "codes/429.html"},
	{"teapot", "codes/418.html"},
	{"gateway", "codes/502.html"},
	{"cloudflare", "cloudflare/520.html"},
	{"nginx 499", "nginx/499.html"},
	{"client certificate required", "iis/403.7.html"},
	{"web.config", "iis/500.19.html"}, // invalid configuration data: the page readers want for web.config
	{"ERR_CONNECTION_REFUSED", "browser/ERR_CONNECTION_REFUSED.html"},
	{"err_name_not", "browser/ERR_NAME_NOT_RESOLVED.html"},
	{"1020", "cloudflare/1020.html"},
	{"000", "codes/000.html"},
	{"curl 28", "curl/28.html"},
	{"SEC_ERROR_UNKNOWN_ISSUER", "browser/ERR_CERT_AUTHORITY_INVALID.html"},
	{"ERROR_NETNAME_DELETED", "win32/64.html"},
}

// TestSearch types each query into the search box, from disk and from a
// server, and checks the first result. The first query is typed straight
// after focus, before the lazily loaded index can have arrived.
func TestSearch(t *testing.T) {
	b := browser(t)
	for _, a := range accesses(t) {
		t.Run(a.name, func(t *testing.T) {
			ctx, w := tab(t, b, a)
			open(t, ctx, a, "guides/401-vs-403.html")
			if eval[bool](t, ctx, `!!window.STATUS_SEARCH`) {
				t.Fatal("the search index loaded before the search box was used; it must load lazily")
			}
			for _, c := range searchCases {
				if got := firstResult(t, ctx, a, c.query); got != c.first {
					t.Errorf("search %q: first result %s, want %s", c.query, got, c.first)
				}
			}
			w.check(t, "search")
		})
	}
}

// TestSearchKeyboard drives the search with the keyboard only: "/" focuses
// the box, arrows move through the results, Enter opens the chosen one,
// Escape clears; and a click on a result opens it.
func TestSearchKeyboard(t *testing.T) {
	b := browser(t)
	for _, a := range accesses(t) {
		t.Run(a.name, func(t *testing.T) {
			ctx, w := tab(t, b, a)
			open(t, ctx, a, "codes/404.html")
			if err := chromedp.Do(ctx, press("/", "Slash", 191)); err != nil {
				t.Fatal(err)
			}
			if id := eval[string](t, ctx, `document.activeElement.id + "|" + document.activeElement.value`); id != "q|" {
				t.Fatalf(`"/" left focus and value %q; want the empty search box focused`, id)
			}
			if err := chromedp.Do(ctx, chromedp.KeyEvent("nginx")); err != nil {
				t.Fatal(err)
			}
			poll[bool](t, ctx, `document.querySelectorAll("#q-results li[role=option]").length >= 2`)
			second := eval[string](t, ctx, `document.querySelectorAll("#q-results li[role=option] a")[1].href`)
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown)); err != nil {
				t.Fatal(err)
			}
			if sel := eval[string](t, ctx, `document.getElementById("q").getAttribute("aria-activedescendant")`); sel != "q-opt-1" {
				t.Errorf("after two arrow presses the active option is %q, want q-opt-1", sel)
			}
			_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, pressText("Enter", "Enter", 13, "\r")))
			if err != nil {
				t.Fatal(err)
			}
			if loc := eval[string](t, ctx, `location.href`); loc != second {
				t.Errorf("Enter opened %s, want the second result %s", loc, second)
			}

			// Escape clears the box and closes the list.
			if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("q")), chromedp.SendKeys(chromedp.ID("q"), "500")); err != nil {
				t.Fatal(err)
			}
			poll[bool](t, ctx, `!document.getElementById("q-results").hidden`)
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
				t.Fatal(err)
			}
			state := eval[string](t, ctx, `document.getElementById("q").value + "|" + document.getElementById("q-results").hidden`)
			if state != "|true" {
				t.Errorf("after Escape the box and list are %q, want empty and hidden", state)
			}

			// A click on a result opens it.
			if got := firstResult(t, ctx, a, "403.14"); got != "iis/403.14.html" {
				t.Fatalf("search 403.14: first result %s", got)
			}
			_, err = chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
				chromedp.Click(chromedp.CSS("#q-results li[role=option] a"))))
			if err != nil {
				t.Fatal(err)
			}
			if loc := eval[string](t, ctx, `location.href`); loc != a.base+"iis/403.14.html" {
				t.Errorf("clicking the result opened %s", loc)
			}

			// The results page reads ?q= and links each result.
			open(t, ctx, a, "search.html?q=nginx%20499")
			first := poll[string](t, ctx, `(document.querySelector("#search-page-results li a") || {}).href || ""`)
			if first != a.base+"nginx/499.html" {
				t.Errorf("search.html?q=nginx 499: first result %s", first)
			}
			w.check(t, "keyboard")
		})
	}
}

// press types one key the way a keyboard does: a keyDown that carries its
// text, so that a page that cancels the keydown also cancels the typing.
// (KeyEvent sends the text as a separate char event, which no keydown
// handler can cancel.)
func press(key, code string, keyCode int64) chromedp.Action[chromedp.Void] {
	return pressText(key, code, keyCode, key)
}

// pressText is press for a key whose text is not its name (Enter is "\r").
func pressText(key, code string, keyCode int64, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: key, Code: code,
			Text: text, UnmodifiedText: text, WindowsVirtualKeyCode: keyCode}
		up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: key, Code: code,
			WindowsVirtualKeyCode: keyCode}
		for _, p := range []input.DispatchKeyEventParams{down, up} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// screenshotDir is where screenshots go for a person to review.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "statuscodes-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestThemes renders the pages with the system in dark mode and in light
// mode, checks the colours, saves screenshots, and checks that the toggle
// survives navigation and never throws when storage is blocked.
func TestThemes(t *testing.T) {
	b := browser(t)
	dir := screenshotDir(t)
	for _, a := range accesses(t) {
		t.Run(a.name, func(t *testing.T) {
			ctx, w := tab(t, b, a)
			for _, scheme := range []struct{ name, bg string }{{"light", "rgb(255, 255, 255)"}, {"dark", "rgb(13, 17, 23)"}} {
				err := call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme.name}}})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range []string{"index.html", "iis/403.14.html"} {
					open(t, ctx, a, p)
					if bg := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); bg != scheme.bg {
						t.Errorf("%s in %s mode: background %s, want %s", p, scheme.name, bg, scheme.bg)
					}
					if a.name != "file" {
						continue
					}
					shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
					if err != nil {
						t.Fatal(err)
					}
					name := filepath.Join(dir, strings.NewReplacer("/", "-", ".html", "").Replace(p)+"-"+scheme.name+".jpg")
					if err := os.WriteFile(name, shot, 0o644); err != nil {
						t.Fatal(err)
					}
					t.Logf("screenshot: %s", name)
				}
			}

			// The toggle: system light, reader picks dark, dark stays on the next page.
			if err := call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}}}); err != nil {
				t.Fatal(err)
			}
			open(t, ctx, a, "index.html")
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".theme-toggle"))); err != nil {
				t.Fatal(err)
			}
			open(t, ctx, a, "codes/503.html")
			if bg := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(13, 17, 23)" {
				t.Errorf("the dark theme chosen with the toggle did not survive navigation: background %s", bg)
			}
			w.check(t, "themes")
		})
	}

	// Blocked storage: the toggle still works on the page and nothing throws.
	a := accesses(t)[1]
	ctx, w := tab(t, b, a)
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `Object.defineProperty(window, "localStorage", {get: function () { throw new DOMException("blocked", "SecurityError"); }});`})
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, a, "index.html")
	before := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".theme-toggle"))); err != nil {
		t.Fatal(err)
	}
	if after := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); after == before {
		t.Errorf("with storage blocked the toggle did nothing (background stays %s)", after)
	}
	w.check(t, "blocked storage")
}

// axePath is axe-core as .ci/run installs it from npm.
func axePath() string {
	if p := os.Getenv("AXE_CORE"); p != "" {
		return p
	}
	return "../.ci/node_modules/axe-core/axe.min.js"
}

// axeRequest recognizes the failures of axe's own requests: it reads the
// stylesheets with XMLHttpRequest, which file:// refuses. The site itself
// makes no such request (no fetch, no XHR).
func axeRequest(problem string) bool {
	return strings.Contains(problem, "(XHR)") || strings.Contains(problem, "XMLHttpRequest") ||
		strings.Contains(problem, "Failed to load resource: net::ERR_FAILED") && strings.HasSuffix(problem, ".css")
}

// TestAccessibility runs axe-core on the index, a code page, a sub-status
// page, the search results and a guide, in both themes, from disk and from
// a server, and fails on any serious or critical violation.
func TestAccessibility(t *testing.T) {
	axe, err := os.ReadFile(axePath())
	if err != nil {
		t.Skipf("axe-core not installed (npm ci --prefix .ci): %v", err)
	}
	b := browser(t)
	for _, a := range accesses(t) {
		t.Run(a.name, func(t *testing.T) { checkAccessibility(t, b, a, string(axe)) })
	}
}

func checkAccessibility(t *testing.T, b context.Context, a access, axe string) {
	ctx, w := tab(t, b, a)
	w.skip = axeRequest
	for _, scheme := range []string{"light", "dark"} {
		err := call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"index.html", "codes/403.html", "iis/500.19.html", "search.html?q=certificate", "guides/401-vs-403.html", "codes/499.html"} {
			open(t, ctx, a, p)
			if strings.HasPrefix(p, "search.html") {
				poll[bool](t, ctx, `document.querySelectorAll("#search-page-results li").length > 0`)
			}
			w.check(t, p)
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
				t.Fatal(err)
			}
			type violation struct {
				ID     string `json:"id"`
				Impact string `json:"impact"`
				Help   string `json:"help"`
				Nodes  []struct {
					Target []string `json:"target"`
				} `json:"nodes"`
			}
			vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](
				`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				if v.Impact != "serious" && v.Impact != "critical" {
					continue
				}
				var targets []string
				for i, n := range v.Nodes {
					if i == 3 {
						targets = append(targets, "…")
						break
					}
					targets = append(targets, strings.Join(n.Target, " "))
				}
				t.Errorf("%s (%s): %s %s: %s [%s]", p, scheme, v.Impact, v.ID, v.Help, strings.Join(targets, "; "))
			}
		}
	}
	w.check(t, "accessibility")
}
