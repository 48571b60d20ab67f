package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"
)

// Config is what a build reads and where it writes. Paths are folders on
// disk; BaseURL is the site's absolute address, used only in sitemap.xml and
// robots.txt, since every link in the pages is relative.
type Config struct {
	Content   string
	Templates string
	Static    string
	Out       string
	BaseURL   string
	// SearchLimit is the largest search index the build accepts, in bytes;
	// 0 means no limit (synthetic benchmark trees need none).
	SearchLimit int
}

// DefaultConfig is the layout of this repository.
func DefaultConfig() Config {
	return Config{Content: "content", Templates: "templates", Static: "static", Out: "public",
		BaseURL: "https://statuscodes.example/", SearchLimit: SearchIndexLimit}
}

// Result summarizes a finished build.
type Result struct {
	Pages    int // HTML pages written
	Files    int // all files written
	Duration time.Duration
}

// Build runs the pipeline: load → validate → render → write. Output goes
// to a temporary folder that replaces cfg.Out only if every stage succeeded.
func Build(cfg Config) (Result, error) {
	start := time.Now()
	for _, dir := range []string{cfg.Content, cfg.Templates} {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return Result{}, &Error{File: dir, Err: fmt.Errorf("folder not found")}
		}
	}
	md := NewMarkdown()
	site, loadErr := Load(os.DirFS(cfg.Content), cfg.Content, md)
	if err := Validate(site); err != nil || loadErr != nil {
		return Result{}, joinErrors(loadErr, err)
	}
	tpl, err := LoadTemplates(os.DirFS(cfg.Templates), cfg.Templates)
	if err != nil {
		return Result{}, err
	}
	var static fs.FS
	if cfg.Static != "" {
		if _, err := os.Stat(cfg.Static); err == nil {
			static = os.DirFS(cfg.Static)
		}
	}
	out, err := NewOutput(cfg.Out)
	if err != nil {
		return Result{}, err
	}
	defer out.Abort()
	res, err := Write(out, NewRenderer(site, md, tpl), static, cfg)
	if err != nil {
		return Result{}, err
	}
	if err := out.Commit(); err != nil {
		return Result{}, err
	}
	res.Duration = time.Since(start)
	return res, nil
}

// joinErrors reports load and validation errors together. References to
// missing pages are dropped when notes failed to load: the missing page is
// most likely one of them.
func joinErrors(loadErr, validErr error) error {
	var all List
	all.add("", loadErr)
	var valid List
	valid.add("", validErr)
	for _, e := range valid {
		var noPage *NoPageError
		if loadErr != nil && errors.As(e, &noPage) {
			continue
		}
		all = append(all, e)
	}
	return all.err()
}

// File is one file of the site: its path from the site root and content.
type File struct {
	Name string
	Data []byte
}

// SiteFiles are the files made from the whole site rather than from one
// note, in the order a build writes them.
var SiteFiles = []string{"index.html", "404.html", "search.html", "codes.json", "sitemap.xml",
	"robots.txt", SearchIndexFile, "static/highlight.css"}

// SiteFile makes one of SiteFiles. bundle is the offline zip the index
// links to, or nil for an index without the link.
func (r *Renderer) SiteFile(name string, cfg Config, bundle *Bundle) ([]byte, error) {
	switch name {
	case "index.html":
		return r.Index(bundle)
	case "404.html":
		return r.NotFound()
	case "search.html":
		return r.Search()
	case "codes.json":
		return codesJSON(r.Site), nil
	case "sitemap.xml":
		return sitemap(r.Site, cfg.BaseURL), nil
	case "robots.txt":
		return robots(cfg.BaseURL), nil
	case SearchIndexFile:
		return SearchIndex(r.Site, cfg.SearchLimit)
	case "static/highlight.css":
		css, err := HighlightCSS()
		return []byte(css), err
	}
	return nil, fmt.Errorf("no site file %q", name)
}

// PageFiles renders one page and its JSON twin.
func (r *Renderer) PageFiles(p *Page) ([]File, error) {
	html, err := r.Page(p)
	if err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(pageJSON(p), "", "  ")
	if err != nil {
		return nil, &Error{File: p.File, Err: err}
	}
	return []File{{p.URL(), html}, {p.JSONURL(), append(data, '\n')}}, nil
}

// StaticFiles reads the static folder as files under static/.
func StaticFiles(static fs.FS) ([]File, error) {
	var files []File
	if static == nil {
		return nil, nil
	}
	err := fs.WalkDir(static, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(static, name)
		files = append(files, File{path.Join("static", name), data})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading static files: %w", err)
	}
	return files, nil
}

// Write renders every page in parallel and writes the whole site into out:
// the pages and their JSON twins, SiteFiles, the static files, and the
// offline zip of all of them.
func Write(out *Output, r *Renderer, static fs.FS, cfg Config) (Result, error) {
	var res Result
	dirs := map[string]bool{"static": true}
	for _, p := range r.Site.Pages {
		dirs[path.Dir(p.URL())] = true
	}
	staticFiles, err := StaticFiles(static)
	if err != nil {
		return res, err
	}
	for _, f := range staticFiles {
		dirs[path.Dir(f.Name)] = true
	}
	for d := range dirs {
		if err := out.MkdirAll(d); err != nil {
			return res, &Error{File: d, Err: err}
		}
	}
	zipped, err := newBundleWriter(out)
	if err != nil {
		return res, err
	}
	defer zipped.abort()

	// Pages: rendered, written and compressed by the workers; appended to
	// the zip in page order by one goroutine as they become ready.
	pages := r.Site.Pages
	entries := make([][]bundleEntry, len(pages))
	ready := make([]chan struct{}, len(pages))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	zipDone := make(chan error, 1)
	go func() {
		var err error
		for i := range pages {
			<-ready[i]
			if err == nil {
				err = zipped.add(entries[i]...)
			}
			entries[i] = nil
		}
		zipDone <- err
	}()
	errs := parallelPages(pages, func(i int) error {
		defer close(ready[i])
		es, err := writePage(out, r, zipped, pages[i])
		entries[i] = es
		return err
	})
	if err := <-zipDone; err != nil {
		errs.add(BundleName, err)
	}
	if err := errs.err(); err != nil {
		return res, err
	}
	res.Pages = len(pages) + 3 // and index.html, 404.html, search.html

	// The zipped index has no link to the zip that holds it; the published
	// index, written last, has.
	var files []File
	for _, name := range SiteFiles {
		data, err := r.SiteFile(name, cfg, nil)
		if err != nil {
			return res, err
		}
		files = append(files, File{name, data})
	}
	for _, f := range append(files, staticFiles...) {
		if err := out.WriteFile(f.Name, f.Data); err != nil {
			return res, err
		}
		if err := zipped.file(f.Name, f.Data); err != nil {
			return res, err
		}
	}
	bundle, err := zipped.close()
	if err != nil {
		return res, err
	}
	index, err := r.Index(bundle)
	if err != nil {
		return res, err
	}
	if err := out.WriteFile("index.html", index); err != nil {
		return res, err
	}
	res.Files = 2*len(pages) + len(files) + len(staticFiles) + 1
	return res, nil
}

// writePage renders one page, writes it with its JSON twin and returns
// both compressed for the offline zip.
func writePage(out *Output, r *Renderer, zipped *bundleWriter, p *Page) ([]bundleEntry, error) {
	files, err := r.PageFiles(p)
	if err != nil {
		return nil, err
	}
	var entries []bundleEntry
	for _, f := range files {
		if err := out.WriteFile(f.Name, f.Data); err != nil {
			return nil, err
		}
		e, err := zipped.compress(f.Name, f.Data)
		if err != nil {
			return nil, &Error{File: BundleName, Err: err}
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// PageJSON is the JSON twin of a page.
type PageJSON struct {
	ID         string        `json:"id"`
	Kind       string        `json:"kind"`
	Code       int           `json:"code,omitempty"`
	Substatus  *int          `json:"substatus,omitempty"`
	Vendor     string        `json:"vendor,omitempty"`
	Title      string        `json:"title"`
	Aliases    []string      `json:"aliases,omitempty"`
	Summary    string        `json:"summary"`
	Status     string        `json:"status,omitempty"`
	Class      string        `json:"class,omitempty"`
	Seen       string        `json:"seen,omitempty"`
	Since      string        `json:"since,omitempty"`
	URL        string        `json:"url"`
	References []Reference   `json:"references,omitempty"`
	Related    []string      `json:"related,omitempty"`
	Meanings   []MeaningJSON `json:"meanings,omitempty"`
	Causes     []CauseJSON   `json:"causes,omitempty"`
}

// MeaningJSON is a meaning of a disambiguation page.
type MeaningJSON struct {
	Page string `json:"page"`
	Tell string `json:"tell"`
}

// CauseJSON is a cause row, its texts in Markdown.
type CauseJSON struct {
	Symptom string   `json:"symptom"`
	Cause   string   `json:"cause"`
	Fix     string   `json:"fix"`
	Who     []string `json:"who"`
	When    string   `json:"when,omitempty"`
}

func pageJSON(p *Page) PageJSON {
	m := p.Meta
	j := PageJSON{ID: p.ID, Kind: p.Kind, Code: m.Code, Substatus: m.Substatus, Vendor: m.Vendor,
		Title: m.Title, Aliases: m.Aliases, Summary: m.Summary, Status: m.Status, Class: p.Class(),
		Seen: seen(p), Since: m.Since, URL: p.URL(), References: m.References}
	for _, r := range m.Related {
		j.Related = append(j.Related, r.ID)
	}
	for _, mn := range m.Meanings {
		j.Meanings = append(j.Meanings, MeaningJSON{Page: mn.Page.ID, Tell: mn.Tell})
	}
	for _, c := range m.Causes {
		j.Causes = append(j.Causes, CauseJSON{Symptom: c.Symptom, Cause: c.Cause, Fix: c.Fix, Who: c.Who, When: c.When})
	}
	return j
}

// seen is where a code page's response shows up, "client" by default.
func seen(p *Page) string {
	if p.Kind != KindCode {
		return ""
	}
	if p.Meta.Seen == "" {
		return "client"
	}
	return p.Meta.Seen
}

// CodeEntry is one row of codes.json.
type CodeEntry struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Code      int    `json:"code,omitempty"`
	Substatus *int   `json:"substatus,omitempty"`
	Vendor    string `json:"vendor,omitempty"`
	Title     string `json:"title"`
	Summary   string `json:"summary"`
	Status    string `json:"status,omitempty"`
	Class     string `json:"class,omitempty"`
	URL       string `json:"url"`
	Causes    int    `json:"causes"`
}

func codesJSON(site *Site) []byte {
	entries := make([]CodeEntry, 0, len(site.Pages))
	for _, p := range site.Pages {
		m := p.Meta
		entries = append(entries, CodeEntry{ID: p.ID, Kind: p.Kind, Code: m.Code, Substatus: m.Substatus,
			Vendor: m.Vendor, Title: m.Title, Summary: m.Summary, Status: m.Status, Class: p.Class(),
			URL: p.URL(), Causes: len(m.Causes)})
	}
	data, _ := json.MarshalIndent(entries, "", "  ") // plain structs: cannot fail
	return append(data, '\n')
}

func sitemap(site *Site, baseURL string) []byte {
	base := strings.TrimSuffix(baseURL, "/") + "/"
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	write := func(u string) {
		b.WriteString("  <url><loc>")
		xml.EscapeText(&b, []byte(base+u))
		b.WriteString("</loc></url>\n")
	}
	write("index.html")
	for _, p := range site.Pages {
		write(p.URL())
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

func robots(baseURL string) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + strings.TrimSuffix(baseURL, "/") + "/sitemap.xml\n")
}
