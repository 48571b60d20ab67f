package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
	"github.com/kljensen/snowball/english"
	"go.yaml.in/yaml/v3"
)

// query is one entry of testdata/queries.yaml: what a reader types or
// pastes, and the page (or pages) that must come in the top 3.
type query struct {
	Q    string   `yaml:"q"`
	Want string   `yaml:"want"`
	Kind string   `yaml:"kind"`
	Also []string `yaml:"also"`
}

// pageOf is the page id of a result path: "codes/404.html" → "404".
func pageOf(path string) string {
	id := path
	if len(id) > 5 && id[len(id)-5:] == ".html" {
		id = id[:len(id)-5]
	}
	if len(id) > 6 && id[:6] == "codes/" {
		id = id[6:]
	}
	return id
}

// TestSearchQueries runs the evaluation set through the search from disk
// and reports top-1 and top-3 by kind. It fails when fewer than
// minTop3 of the queries find their page in the top 3, and lists every miss.
func TestSearchQueries(t *testing.T) {
	const minTop3 = 1.0
	data, err := os.ReadFile("testdata/queries.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var qs []query
	if err := yaml.Unmarshal(data, &qs); err != nil {
		t.Fatal(err)
	}
	if len(qs) < 100 {
		t.Fatalf("only %d queries", len(qs))
	}
	b := browser(t)
	a := accesses(t)[0]
	ctx, w := tab(t, b, a)
	open(t, ctx, a, "index.html")
	type tally struct{ n, top1, top3 int }
	kinds := map[string]*tally{}
	var all tally
	for _, q := range qs {
		ok := append([]string{q.Want}, q.Also...)
		got := searchTop(t, ctx, q.Q, 3)
		ids := make([]string, len(got))
		for i, g := range got {
			ids[i] = pageOf(g)
		}
		k := kinds[q.Kind]
		if k == nil {
			k = &tally{}
			kinds[q.Kind] = k
		}
		k.n++
		all.n++
		if len(ids) > 0 && slices.Contains(ok, ids[0]) {
			k.top1++
			all.top1++
		}
		if slices.ContainsFunc(ids, func(id string) bool { return slices.Contains(ok, id) }) {
			k.top3++
			all.top3++
		} else {
			t.Logf("miss (%s): %q → %v, want %s", q.Kind, q.Q, ids, q.Want)
		}
	}
	for name, k := range kinds {
		t.Logf("%-15s %3d queries: top-1 %3d, top-3 %3d", name, k.n, k.top1, k.top3)
	}
	t.Logf("all %d queries: top-1 %d (%.0f%%), top-3 %d (%.0f%%)", all.n, all.top1, 100*float64(all.top1)/float64(all.n), all.top3, 100*float64(all.top3)/float64(all.n))
	if float64(all.top3) < minTop3*float64(all.n) {
		t.Errorf("top-3 %d of %d, under %.0f%%", all.top3, all.n, 100*minTop3)
	}
	// A keystroke's results, once the index is loaded: the median time of
	// a query, measured in the page.
	list := make([]string, len(qs))
	for i, q := range qs {
		list[i] = q.Q
	}
	js, _ := json.Marshal(list)
	median := eval[float64](t, ctx, fmt.Sprintf(`(function () {
		var times = [];
		%s.forEach(function (q) {
			var start = performance.now();
			window.StatusSearch.run(q, function () {});
			times.push(performance.now() - start);
		});
		times.sort(function (a, b) { return a - b; });
		return times[Math.floor(times.length / 2)];
	})()`, js))
	t.Logf("median time of a query: %.1f ms", median)
	if median > 30 {
		t.Errorf("a query takes %.1f ms (median), over 30 ms", median)
	}
	w.check(t, "search queries")
}

// TestStemsAgree checks that the page's script stems words exactly as the
// generator did (Snowball English), on every word of the site's titles and
// summaries: the script looks stems up in the index rather than running a
// stemmer of its own, and this is what makes the two agree.
func TestStemsAgree(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(site.dir, "codes.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pages []struct {
		Title       string `json:"title"`
		SummaryText string `json:"summary_text"`
	}
	if err := json.Unmarshal(data, &pages); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var words []string
	for _, p := range pages {
		for _, w := range strings.FieldsFunc(strings.ToLower(p.Title+" "+p.SummaryText), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) >= 3 && !english.IsStopWord(w) && !seen[w] && utf8.ValidString(w) && w == strings.Map(func(r rune) rune {
				if r > unicode.MaxASCII {
					return -1
				}
				return r
			}, w) {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	if len(words) < 300 {
		t.Fatalf("only %d words", len(words))
	}
	b := browser(t)
	a := accesses(t)[0]
	ctx, w := tab(t, b, a)
	open(t, ctx, a, "index.html")
	list, _ := json.Marshal(words)
	js := fmt.Sprintf(`new Promise(function (done) { window.statusStems(%s, done); })`, list)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	differ := 0
	for i, word := range words {
		if want := english.Stem(word, false); got[i] != want {
			differ++
			if differ <= 10 {
				t.Errorf("%q: the page stems it %q, the generator %q", word, got[i], want)
			}
		}
	}
	t.Logf("%d words, %d stemmed differently", len(words), differ)
	w.check(t, "stems")
}
