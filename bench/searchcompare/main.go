// Command searchcompare runs the same queries through the site's own
// search and through Pagefind, each in headless chromium, and prints how
// often each one puts the wanted page first and in its top three, per kind
// of query, with the median time per query and the queries that either one
// missed. bench/search-compare.sh builds both sites and runs it:
//
//	go run ./bench/searchcompare -site DIR -pagefind DIR -queries FILE
//
// -site is the built site, opened from disk: its search is the plain-script
// API window.statusSearch(query, callback), whose callback gets the
// root-relative addresses of the results in rank order. -pagefind is a copy
// of the site indexed by Pagefind, served over http on 127.0.0.1, since
// Pagefind's module does not load from file://.
//
// It is a report: it exits 0 whatever the numbers are, and 1 only when it
// cannot run (bad flags, an unreadable query file, no browser).
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
	"go.yaml.in/yaml/v3"
)

// query is one line of the query file.
type query struct {
	Q    string   `yaml:"q"`
	Want string   `yaml:"want"` // the page id that should come first
	Kind string   `yaml:"kind"`
	Also []string `yaml:"also"` // other page ids that count as a hit
}

// answer is what one engine gave for one query.
type answer struct {
	IDs []string // page ids in rank order
	MS  float64  // time of the search call, measured in the page
	Err string   // why there is no answer
}

// engine is one search engine's run over all the queries.
type engine struct {
	name    string
	skipped string // why the engine did not run; "" when it ran
	answers []answer
}

func main() {
	site := flag.String("site", "", "the built site (its index.html is opened from disk)")
	pfDir := flag.String("pagefind", "", "the copy of the site that Pagefind indexed (it has pagefind/pagefind.js)")
	queriesPath := flag.String("queries", "browsertest/testdata/queries.yaml", "the YAML list of queries")
	chromium := flag.String("chromium", "/usr/bin/chromium", "the chromium binary")
	timeout := flag.Duration("timeout", 60*time.Second, "the longest one search may take")
	all := flag.Bool("v", false, "list every query's top 3, not only the missed ones")
	flag.Parse()
	if *site == "" || *pfDir == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: searchcompare -site DIR -pagefind DIR [-queries FILE]")
		os.Exit(2)
	}
	if err := run(os.Stdout, *site, *pfDir, *queriesPath, *chromium, *timeout, *all); err != nil {
		fmt.Fprintln(os.Stderr, "searchcompare:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, site, pfDir, queriesPath, chromium string, timeout time.Duration, all bool) error {
	qs, err := readQueries(queriesPath)
	if err != nil {
		return err
	}
	if site, err = filepath.Abs(site); err != nil {
		return err
	}
	if pfDir, err = filepath.Abs(pfDir); err != nil {
		return err
	}
	for _, f := range []string{filepath.Join(site, "index.html"), filepath.Join(pfDir, "index.html"), filepath.Join(pfDir, "pagefind", "pagefind.js")} {
		if _, err := os.Stat(f); err != nil {
			return err
		}
	}

	browserCtx, stop, err := startBrowser(chromium)
	if err != nil {
		return err
	}
	defer stop()

	ours := runOurs(browserCtx, site, qs, timeout)
	pf, err := runPagefind(browserCtx, pfDir, qs, timeout)
	if err != nil {
		return err
	}
	report(w, qs, []*engine{ours, pf}, all)
	return nil
}

func readQueries(path string) ([]query, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var qs []query
	if err := yaml.Unmarshal(data, &qs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no queries", path)
	}
	for i, q := range qs {
		if strings.TrimSpace(q.Q) == "" || strings.TrimSpace(q.Want) == "" {
			return nil, fmt.Errorf("%s: query %d: q and want are required", path, i+1)
		}
		if q.Kind == "" {
			qs[i].Kind = "(none)"
		}
	}
	return qs, nil
}

// startBrowser starts headless chromium with the options of the browser
// tests (browsertest/browser_test.go).
func startBrowser(chromium string) (context.Context, func(), error) {
	if _, err := os.Stat(chromium); err != nil {
		return nil, nil, fmt.Errorf("no chromium at %s (apt-get install chromium): %w", chromium, err)
	}
	profile, err := os.MkdirTemp("", "searchcompare-profile-*")
	if err != nil {
		return nil, nil, err
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	stop := func() {
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting chromium: %w", err)
	}
	return ctx, stop, nil
}

// result is what the evaluated search returns.
type result struct {
	URLs []string `json:"urls"`
	MS   float64  `json:"ms"`
}

// runOurs opens the site from disk and asks window.statusSearch.
func runOurs(browserCtx context.Context, site string, qs []query, timeout time.Duration) *engine {
	e := &engine{name: "ours"}
	ctx, cancel := chromedp.NewContext(browserCtx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(site)+"/index.html")); err != nil {
		e.skipped = "opening index.html: " + err.Error()
		return e
	}
	// The API comes from a deferred script, which has run by the load
	// event that Navigate waits for; a short wait covers a slower start.
	has := false
	for deadline := time.Now().Add(3 * time.Second); ; {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.statusSearch === "function"`))
		if has = err == nil && v; has || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !has {
		e.skipped = "no window.statusSearch"
		return e
	}
	for _, q := range qs {
		js := `new Promise(function (done) {
  var t0 = performance.now();
  window.statusSearch(` + jsString(q.Q) + `, function (urls) { done({urls: urls, ms: performance.now() - t0}); });
})`
		e.answers = append(e.answers, search(ctx, js, timeout))
	}
	return e
}

// runPagefind serves the Pagefind copy on 127.0.0.1 and asks Pagefind's
// JavaScript API, as its documentation shows, for the top five results.
func runPagefind(browserCtx context.Context, dir string, qs []query, timeout time.Duration) (*engine, error) {
	e := &engine{name: "pagefind"}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	ctx, cancel := chromedp.NewContext(browserCtx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+ln.Addr().String()+"/index.html")); err != nil {
		e.skipped = "opening index.html: " + err.Error()
		return e, nil
	}
	// Load the module and set its options once, outside the timing: a page
	// that offers Pagefind loads pagefind.js once. The first search still
	// loads the wasm and the index, as ours loads its index on first use.
	setup := `import("/pagefind/pagefind.js").then(async (pf) => { await pf.options({}); window.searchComparePagefind = pf; return true; })`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](setup, chromedp.EvalAwaitPromise)); err != nil {
		e.skipped = "loading /pagefind/pagefind.js: " + err.Error()
		return e, nil
	}
	for _, q := range qs {
		// Timed: the search and the data of the top five, which is what a
		// page needs before it can show them.
		js := `(async () => {
  const pf = window.searchComparePagefind;
  const t0 = performance.now();
  const r = await pf.search(` + jsString(q.Q) + `);
  const top = await Promise.all(r.results.slice(0, 5).map(x => x.data()));
  return {urls: top.map(d => d.url), ms: performance.now() - t0};
})()`
		e.answers = append(e.answers, search(ctx, js, timeout))
	}
	return e, nil
}

// search evaluates one search in the tab and maps its URLs to page ids.
func search(tabCtx context.Context, js string, timeout time.Duration) answer {
	ctx, cancel := context.WithTimeout(tabCtx, timeout)
	defer cancel()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[result](js, chromedp.EvalAwaitPromise))
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return answer{Err: fmt.Sprintf("no answer within %s", timeout)}
		}
		msg, _, _ := strings.Cut(err.Error(), "\n") // an exception's stack follows
		return answer{Err: msg}
	}
	a := answer{MS: r.MS}
	for _, u := range r.URLs {
		a.IDs = append(a.IDs, pageID(u))
	}
	return a
}

// pageID maps a result address to a page id: the path from the site root
// without ".html" and without a leading "codes/", so "codes/404.html#x" is
// "404", "/iis/403.14.html" is "iis/403.14", and "/nginx/" (Pagefind drops
// index.html) is "nginx/index".
func pageID(u string) string {
	if i := strings.IndexAny(u, "#?"); i >= 0 {
		u = u[:i]
	}
	u = strings.TrimPrefix(u, "./")
	u = strings.TrimLeft(u, "/")
	if u == "" || strings.HasSuffix(u, "/") {
		u += "index.html"
	}
	u = strings.TrimSuffix(u, ".html")
	return strings.TrimPrefix(u, "codes/")
}

func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// hits reports whether the wanted page (or one of the also pages) is first,
// and whether it is in the top three.
func hits(q query, ids []string) (top1, top3 bool) {
	ok := func(id string) bool {
		if id == pageID(q.Want) {
			return true
		}
		for _, a := range q.Also {
			if id == pageID(a) {
				return true
			}
		}
		return false
	}
	for i, id := range ids {
		if i >= 3 {
			break
		}
		if ok(id) {
			return i == 0, true
		}
	}
	return false, false
}

type tally struct{ n, top1, top3 int }

func report(w io.Writer, qs []query, engines []*engine, all bool) {
	for _, e := range engines {
		if e.skipped != "" {
			fmt.Fprintf(w, "%s: %s\n", e.name, e.skipped)
		}
	}
	var kinds []string
	for _, q := range qs {
		if !slices.Contains(kinds, q.Kind) {
			kinds = append(kinds, q.Kind)
		}
	}
	// counts[engine][kind]; kind "" is the total.
	counts := make([]map[string]*tally, len(engines))
	for i, e := range engines {
		counts[i] = map[string]*tally{"": {}}
		for _, k := range kinds {
			counts[i][k] = &tally{}
		}
		if e.skipped != "" {
			continue
		}
		for j, q := range qs {
			t1, t3 := hits(q, e.answers[j].IDs)
			for _, t := range []*tally{counts[i][q.Kind], counts[i][""]} {
				t.n++
				t.top1 += b2i(t1)
				t.top3 += b2i(t3)
			}
		}
	}

	fmt.Fprintln(w)
	table := [][]string{{"kind", "n"}}
	for _, e := range engines {
		table[0] = append(table[0], e.name+" top-1", e.name+" top-3")
	}
	n := map[string]int{}
	for _, q := range qs {
		n[q.Kind]++
	}
	row := func(label, kind string, size int) {
		line := []string{label, fmt.Sprint(size)}
		for i, e := range engines {
			if e.skipped != "" {
				line = append(line, "-", "-")
				continue
			}
			t := counts[i][kind]
			line = append(line, frac(t.top1, t.n), frac(t.top3, t.n))
		}
		table = append(table, line)
	}
	for _, k := range kinds {
		row(k, k, n[k])
	}
	row("**total**", "", len(qs))
	markdown(w, table, 1)

	fmt.Fprintln(w)
	for _, e := range engines {
		if e.skipped != "" {
			fmt.Fprintf(w, "%s: did not run\n", e.name)
			continue
		}
		var ms []float64
		failed := 0
		for _, a := range e.answers {
			if a.Err != "" {
				failed++
				continue
			}
			ms = append(ms, a.MS)
		}
		line := fmt.Sprintf("%s: median %.2f ms per query over %d queries", e.name, median(ms), len(ms))
		if len(e.answers) > 0 && e.answers[0].Err == "" {
			line += fmt.Sprintf(" (the first, cold: %.1f ms)", e.answers[0].MS)
		}
		if failed > 0 {
			line += fmt.Sprintf("; %d queries failed", failed)
		}
		fmt.Fprintln(w, line)
	}

	fmt.Fprintln(w)
	var missed []int
	for j, q := range qs {
		for _, e := range engines {
			if e.skipped != "" {
				continue
			}
			if _, t3 := hits(q, e.answers[j].IDs); !t3 {
				missed = append(missed, j)
				break
			}
		}
	}
	fmt.Fprintf(w, "missed in the top 3 by either engine: %d of %d\n", len(missed), len(qs))
	list := missed
	if all {
		list = make([]int, len(qs))
		for j := range qs {
			list[j] = j
		}
		fmt.Fprintln(w, "every query (-v):")
	}
	if len(list) == 0 {
		return
	}
	table = [][]string{{"query", "want"}}
	for _, e := range engines {
		table[0] = append(table[0], e.name+" top 3")
	}
	for _, j := range list {
		q := qs[j]
		want := q.Want
		if len(q.Also) > 0 {
			want += " (or " + strings.Join(q.Also, ", ") + ")"
		}
		line := []string{q.Q, want}
		for _, e := range engines {
			line = append(line, top3(e, j))
		}
		table = append(table, line)
	}
	markdown(w, table, 0)
}

// markdown prints rows as a Markdown table, the first row as its header,
// with the columns from the right-th on aligned right.
func markdown(w io.Writer, rows [][]string, right int) {
	width := make([]int, len(rows[0]))
	for i := range width {
		width[i] = 3
	}
	for _, r := range rows {
		for i, c := range r {
			r[i] = strings.ReplaceAll(c, "|", `\|`)
			width[i] = max(width[i], utf8.RuneCountInString(r[i]))
		}
	}
	for k, r := range rows {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i >= right && right > 0 {
				c = pad + c
			} else {
				c += pad
			}
			b.WriteString(" " + c + " |")
		}
		fmt.Fprintln(w, b.String())
		if k == 0 {
			b.Reset()
			b.WriteString("|")
			for i := range r {
				dash := strings.Repeat("-", width[i]+2)
				if i >= right && right > 0 {
					dash = dash[:len(dash)-1] + ":"
				}
				b.WriteString(dash + "|")
			}
			fmt.Fprintln(w, b.String())
		}
	}
}

func top3(e *engine, j int) string {
	if e.skipped != "" {
		return "-"
	}
	a := e.answers[j]
	if a.Err != "" {
		return "error: " + a.Err
	}
	if len(a.IDs) == 0 {
		return "(nothing)"
	}
	return strings.Join(a.IDs[:min(3, len(a.IDs))], ", ")
}

func frac(k, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%d (%.0f%%)", k, 100*float64(k)/float64(n))
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.SortFunc(v, cmp.Compare[float64])
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
