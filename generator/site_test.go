package generator

import (
	"bytes"
	"compress/gzip"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

// The real site is built once and shared by the tests that read it.
var realSite struct {
	once sync.Once
	dir  string
	site *Index
	err  error
}

// buildRealSite builds content/ with the repository's templates.
func buildRealSite(t *testing.T) (string, *Index) {
	t.Helper()
	realSite.once.Do(func() {
		dir, err := os.MkdirTemp("", "statuscodes-real-*")
		if err != nil {
			realSite.err = err
			return
		}
		realSite.dir = filepath.Join(dir, "public")
		cfg := testConfig(t, "../content")
		cfg.Out, cfg.BaseURL = realSite.dir, "https://example.org/"
		if _, err := Build(cfg); err != nil {
			realSite.err = err
			return
		}
		f, err := front(cfg, NewMarkdown(), nil, Change{})
		if err == nil {
			realSite.site = f.Index
		}
		realSite.err = err
	})
	if realSite.err != nil {
		t.Fatalf("building the real site: %v", realSite.err)
	}
	return realSite.dir, realSite.site
}

func TestMain(m *testing.M) {
	code := m.Run()
	if realSite.dir != "" {
		os.RemoveAll(filepath.Dir(realSite.dir))
	}
	os.Exit(code)
}

// htmlFile is what the link check needs of one built page.
type htmlFile struct {
	ids   map[string]bool
	links []pageLink
	text  string
}

type pageLink struct {
	tag, attr, val string
}

// attr is the value of an attribute of an element, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func parseHTML(t *testing.T, file string) htmlFile {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	out := htmlFile{ids: map[string]bool{}}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					out.ids[a.Val] = true
				case "href", "src":
					if n.Data == "link" && attr(n, "rel") == "canonical" {
						continue // the page's own address, not a request
					}
					out.links = append(out.links, pageLink{n.Data, a.Key, a.Val})
				}
			}
		case html.CommentNode:
			b.WriteString("<!--" + n.Data + "-->")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	out.text = b.String()
	return out
}

// TestRealSiteLinks builds the real content and checks every href and src
// of every page: relative, naming a file that exists in the output, with a
// fragment that exists in the target page. Only <a> may leave the site, so
// that nothing is requested outside the bundle. No page contains raw HTML
// that goldmark's safe mode dropped.
func TestRealSiteLinks(t *testing.T) {
	dir, _ := buildRealSite(t)
	pages := map[string]htmlFile{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			pages[filepath.ToSlash(rel)] = parseHTML(t, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 10 {
		t.Fatalf("only %d pages built", len(pages))
	}
	for name, page := range pages {
		if strings.Contains(page.text, "raw HTML omitted") {
			t.Errorf("%s: the note contains raw HTML, which is not rendered", name)
		}
		for _, l := range page.links {
			if path.Base(name) == "404.html" && strings.HasPrefix(l.val, "/") && !strings.HasPrefix(l.val, "//") {
				// Hosts serve the not-found page at any depth, so its links
				// start from the site's root path, here "/": read them
				// from the root, where the page is.
				l.val = strings.Repeat("../", strings.Count(name, "/")) + strings.TrimPrefix(l.val, "/")
			}
			u, err := url.Parse(l.val)
			switch {
			case err != nil:
				t.Errorf("%s: <%s %s=%q>: %v", name, l.tag, l.attr, l.val, err)
				continue
			case u.Scheme == "https" || u.Scheme == "http" || u.Scheme == "mailto":
				if l.tag != "a" {
					t.Errorf("%s: <%s %s=%q> loads a resource from outside the bundle", name, l.tag, l.attr, l.val)
				}
				continue
			case u.Scheme != "" || u.Host != "" || strings.HasPrefix(l.val, "/"):
				t.Errorf("%s: <%s %s=%q> is not a relative link", name, l.tag, l.attr, l.val)
				continue
			}
			target := name
			if u.Path != "" {
				if strings.HasSuffix(u.Path, "/") || path.Ext(u.Path) == "" {
					t.Errorf("%s: %q links a folder, which does not open from disk", name, l.val)
					continue
				}
				target = path.Join(path.Dir(name), u.Path)
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(target))); err != nil {
					t.Errorf("%s: %q points to %s, which does not exist", name, l.val, target)
					continue
				}
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !pages[target].ids[u.Fragment] {
				t.Errorf("%s: %q: %s has no element with id %q", name, l.val, target, u.Fragment)
			}
		}
	}
}

// TestRealSiteIndex checks that the index links every page and that every
// standard page links its IIS sub-statuses.
func TestRealSiteIndex(t *testing.T) {
	dir, site := buildRealSite(t)
	index := parseHTML(t, filepath.Join(dir, "index.html"))
	linked := map[string]bool{}
	for _, l := range index.links {
		linked[strings.SplitN(l.val, "#", 2)[0]] = true
	}
	for _, p := range site.Site.Pages {
		if !linked[p.URL()] {
			t.Errorf("the index does not link %s (%s)", p.URL(), p.File)
		}
	}
	for _, p := range site.Site.Pages {
		if p.Meta.Substatus == nil || p.Kind != KindCode {
			continue
		}
		base := site.ByID[p.Code()[:3]]
		if base == nil {
			continue
		}
		page := parseHTML(t, filepath.Join(dir, filepath.FromSlash(base.URL())))
		found := false
		for _, l := range page.links {
			found = found || l.val == relURL(base.URL(), p.URL())
		}
		if !found {
			t.Errorf("%s does not link its sub-status %s", base.URL(), p.ID)
		}
	}
}

// TestEveryNumberHasAPage checks that every code any page has (404, 522,
// 403.14) has codes/<code>.html, so a reader who guesses the address of a
// vendor's code lands somewhere.
func TestEveryNumberHasAPage(t *testing.T) {
	dir, x := buildRealSite(t)
	n := 0
	for _, p := range x.Site.Pages {
		if p.Kind != KindCode && p.Kind != KindDisambiguation || p.Family() == FamilyWarning {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "codes", p.Code()+".html")); err != nil {
			t.Errorf("%s has no codes/%s.html: %v", p.ID, p.Code(), err)
		}
		n++
	}
	if n < 200 {
		t.Errorf("only %d code pages", n)
	}
}

// TestLanguagePairs checks that every page and its translation name each
// other with hreflang links, both ways, and declare their languages.
func TestLanguagePairs(t *testing.T) {
	dir, _ := buildRealSite(t)
	alt := regexp.MustCompile(`<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">`)
	lang := regexp.MustCompile(`<html lang="([a-z]+)"`)
	pairs := 0
	err := filepath.WalkDir(filepath.Join(dir, "ru"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "ru/404.html" {
			return nil // its links start from the site's root path: TestRealSiteLinks
		}
		ru, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if m := lang.FindSubmatch(ru); m == nil || string(m[1]) != "ru" {
			t.Errorf("%s does not declare lang=ru", rel)
		}
		links := map[string]string{}
		for _, m := range alt.FindAllSubmatch(ru, -1) {
			links[string(m[1])] = path.Join(path.Dir(rel), string(m[2]))
		}
		en := links["en"]
		if en == "" {
			if !strings.Contains(string(ru), `http-equiv="refresh"`) {
				t.Errorf("%s names no English version", rel)
			}
			return nil
		}
		if links["ru"] != rel || links["x-default"] != en {
			t.Errorf("%s: alternates ru=%s x-default=%s, want itself and %s", rel, links["ru"], links["x-default"], en)
		}
		page, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(en)))
		if err != nil {
			t.Errorf("%s: its English version %s: %v", rel, en, err)
			return nil
		}
		if m := lang.FindSubmatch(page); m == nil || string(m[1]) != "en" {
			t.Errorf("%s does not declare lang=en", en)
		}
		back := ""
		for _, m := range alt.FindAllSubmatch(page, -1) {
			if string(m[1]) == "ru" {
				back = path.Join(path.Dir(en), string(m[2]))
			}
		}
		if back != rel {
			t.Errorf("%s names %q as its Russian version, not %s", en, back, rel)
		}
		pairs++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pairs < 290 {
		t.Errorf("only %d pages have a Russian twin", pairs)
	}
}

// TestSearchBudgets checks the sizes of the search files on the real site,
// in each language: the first script, loaded when the box takes focus, at
// most 60 KB gzipped; the full text (docs and shards) at most 1.5 MB.
func TestSearchBudgets(t *testing.T) {
	dir, _ := buildRealSite(t)
	for _, lang := range []string{"", ".ru"} {
		first, err := os.ReadFile(filepath.Join(dir, "static", "search-index"+lang+".js"))
		if err != nil {
			t.Fatal(err)
		}
		var z bytes.Buffer
		gz := gzip.NewWriter(&z)
		gz.Write(first)
		gz.Close()
		if z.Len() > 60<<10 {
			t.Errorf("search-index%s.js is %d KB gzipped, over 60 KB", lang, z.Len()>>10)
		}
		full := 0
		names, _ := filepath.Glob(filepath.Join(dir, "static", "search-docs"+lang+".js"))
		more, _ := filepath.Glob(filepath.Join(dir, "static", "search-text.?"+lang+".js"))
		for _, n := range append(names, more...) {
			st, err := os.Stat(n)
			if err != nil {
				t.Fatal(err)
			}
			full += int(st.Size())
		}
		if len(more) != textShards || full > 1500<<10 {
			t.Errorf("full text%s: %d shards, %d KB; want %d shards within 1.5 MB", lang, len(more), full>>10, textShards)
		}
		t.Logf("search%s: first script %d KB (%d KB gzipped), full text %d KB", lang, len(first)>>10, z.Len()>>10, full>>10)
	}
}
