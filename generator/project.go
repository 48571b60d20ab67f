package generator

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Project is a site held in memory for serve: one full build, then updates
// that reload only the notes that changed and render again only the pages
// that show them.
//
// A snapshot holds what the pages are made from (the loaded notes, the
// templates, the static files), not the pages: a page is rendered when it
// is asked for and kept in a cache of bounded size, since holding every
// rendered page of a large site was most of serve's memory. Every update
// still renders the pages its change affects, so that a page that no
// longer renders fails the update; the files made from the whole site
// (the index, the search index, codes.json, the sitemap) are made when
// first asked for.
//
// Every update builds the next snapshot beside the live one and swaps it
// in whole, so readers never see a half-updated site, and a failed update
// changes nothing. The offline zip is a build artifact and is not made
// here.
type Project struct {
	cfg Config
	md  *Markdown

	update sync.Mutex // one update at a time
	live   atomic.Pointer[snapshot]
}

// snapshot is one consistent state of the site; nothing in it changes
// after it is published but what it makes on request and keeps.
type snapshot struct {
	cfg    Config
	front  *Front
	rs     []*Renderer         // every language's, the default first
	static map[string][]byte   // the static folder's files, by path
	sites  map[string]siteFile // the files made from a whole site, by path
	pages  *fileCache          // pages and JSON twins rendered so far

	mu   sync.Mutex
	made map[string]Body // site files made so far
}

// siteFile is one of SiteFiles of one language.
type siteFile struct {
	r    *Renderer
	name string // its name in SiteFiles
}

// pageCacheSize is how many bytes of rendered pages a snapshot keeps. A
// page renders in a few milliseconds, so the cache is for the pages an
// update has just rendered (the ones a reload asks for), not for the site.
const pageCacheSize = 8 << 20

// Update says what an update did.
type Update struct {
	Pages    int      // pages rendered again
	Rendered []string // their ids, in site order
	Files    int      // files replaced or removed
	Duration time.Duration
}

// OpenProject builds the whole site into memory.
func OpenProject(cfg Config) (*Project, error) {
	p := &Project{cfg: cfg, md: NewMarkdown()}
	f, err := front(cfg, p.md, nil, Change{})
	if err != nil {
		return nil, err
	}
	snap, _, err := p.next(nil, f, f.Index.Site.Pages, true)
	if err != nil {
		return nil, err
	}
	p.live.Store(snap)
	return p, nil
}

// Get returns a file of the site by its path from the root, rendering a
// page or making a site file on request. ok is false for a path the site
// does not have.
func (p *Project) Get(name string) (data []byte, ok bool, err error) {
	b, ok, err := p.Open(name)
	if !ok || err != nil {
		return nil, ok, err
	}
	if data, err = b.Bytes(); err != nil {
		return nil, false, err
	}
	return data, true, nil
}

// Open is Get for serving: the file as the project holds it, which may be
// compressed.
func (p *Project) Open(name string) (Body, bool, error) {
	return p.live.Load().open(name)
}

func (s *snapshot) open(name string) (Body, bool, error) {
	// A site file of the same path as a static file replaces it, as in a
	// build, which writes the site files after the static ones.
	if sf, ok := s.sites[name]; ok {
		b, err := s.siteFile(name, sf)
		return b, err == nil, err
	}
	if data, ok := s.static[name]; ok {
		return plain(data), true, nil
	}
	if data, ok := s.pages.get(name); ok {
		return plain(data), true, nil
	}
	r, pg := s.page(name)
	if pg == nil {
		return Body{}, false, nil
	}
	files, err := r.PageFiles(pg)
	if err != nil {
		return Body{}, false, err
	}
	var data []byte
	for _, f := range files {
		s.pages.add(f.Name, f.Data)
		if f.Name == name {
			data = f.Data
		}
	}
	return plain(data), true, nil
}

// siteFile makes a site file once per snapshot.
func (s *snapshot) siteFile(name string, sf siteFile) (Body, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.made[name]; ok {
		return b, nil
	}
	if fullText(sf.name) {
		if err := s.makeFullText(sf.r); err != nil {
			return Body{}, err
		}
		return s.made[name], nil
	}
	data, err := sf.r.SiteFile(sf.name, s.cfg, nil)
	if err != nil {
		return Body{}, err
	}
	b := plain(data)
	if len(data) > gzipAbove {
		if b, err = compress(data); err != nil {
			return Body{}, err
		}
	}
	s.made[name] = b
	return b, nil
}

// makeFullText makes a language's full-text index, compressed as it is
// written: at 10,000 notes it is 43 MB, 12 MB compressed.
func (s *snapshot) makeFullText(r *Renderer) error {
	docs := newGzipBody()
	shards := make([]*gzipBody, textShards)
	w := make([]io.Writer, textShards)
	for i := range shards {
		shards[i] = newGzipBody()
		w[i] = shards[i]
	}
	if err := r.writeSearchText(docs, w); err != nil {
		return err
	}
	b, err := docs.close()
	if err != nil {
		return err
	}
	s.made[r.sitePath(SearchDocsFile)] = b
	for i, sh := range shards {
		if b, err = sh.close(); err != nil {
			return err
		}
		s.made[r.sitePath(fmt.Sprintf("static/search-text.%d.js", i))] = b
	}
	return nil
}

// page finds the page, or the page whose JSON twin, a path names, and the
// renderer of its language; nil when there is none.
func (s *snapshot) page(name string) (*Renderer, *Page) {
	r := s.rs[0]
	rest := name
	for _, t := range s.rs[1:] {
		if after, ok := strings.CutPrefix(name, t.lang()+"/"); ok {
			r, rest = t, after
			break
		}
	}
	base, ok := strings.CutSuffix(rest, ".html")
	if !ok {
		if base, ok = strings.CutSuffix(rest, ".json"); !ok {
			return nil, nil
		}
	}
	id := base
	if c, ok := strings.CutPrefix(base, "codes/"); ok && !strings.Contains(c, "/") {
		id = c
	}
	if pg := r.Index.ByID[id]; pg != nil && r.Own(pg) && (pg.URL() == name || pg.JSONURL() == name) {
		return r, pg
	}
	if pg := r.Index.Number(id); pg != nil && pg.URL() == name {
		return r, pg
	}
	return nil, nil
}

// Update takes the paths of changed files (created, written or removed,
// or folders that appeared or went) under the content, templates and
// static folders and brings the site up to date. On error the live site
// stays as it was.
func (p *Project) Update(changed []string) (Update, error) {
	start := time.Now()
	p.update.Lock()
	defer p.update.Unlock()
	old := p.live.Load()

	ch := Change{Notes: map[string]bool{}}
	vendors, static := false, false
	for _, c := range changed {
		if rel, ok := relIn(p.cfg.Content, c); ok {
			if lang, _, _ := strings.Cut(rel, "/"); isLangFolder(lang) {
				continue // another language's notes are all loaded again on every update
			}
			ch.Notes[joinLabel(p.cfg.Content, rel)] = true
			// vendors.yaml and constants.yaml feed every page: all are loaded again.
			vendors = vendors || rel == VendorsFile || rel == ConstantsFile || rel == "."
			if rel != "." && !strings.HasSuffix(rel, ".md") && rel != VendorsFile && rel != ConstantsFile {
				// A folder (or a file that is not a note): every note
				// under it may be new or gone, so the folder is listed.
				ch.Folders = true
				for _, pg := range old.front.Index.Site.Pages {
					if strings.HasPrefix(pg.File, joinLabel(p.cfg.Content, rel)+"/") {
						ch.Notes[pg.File] = true
					}
				}
			}
		}
		if _, ok := relIn(p.cfg.Templates, c); ok {
			ch.Templates = true
		}
		if _, ok := relIn(p.cfg.Static, c); ok {
			static = true
		}
	}
	prev := old.front
	if vendors {
		prev = nil // every page names its vendor: load them all again
	}
	f, err := front(p.cfg, p.md, prev, ch)
	if err != nil {
		return Update{}, err
	}
	affected := f.Index.Site.Pages
	if prev != nil && !ch.Templates {
		affected = f.Affected
	}
	snap, n, err := p.next(old, f, affected, static)
	if err != nil {
		return Update{}, err
	}
	p.live.Store(snap)
	ids := make([]string, len(affected))
	for i, pg := range affected {
		ids[i] = pg.ID
	}
	return Update{Pages: len(affected), Rendered: ids, Files: n, Duration: time.Since(start)}, nil
}

// next makes the snapshot after old (nil: the first) from a new front.
// It renders the affected pages, the number pages that lead to one of
// them, and every page of the other languages (a change to a note of the
// default language may show on any of them), so that a page that no
// longer renders fails the update; they start the new snapshot's cache.
// A first build or a template change also makes the site files that can
// fail and checks the files the templates link. The static files are read
// again when readStatic is set. n is the number of files rendered or
// removed.
func (p *Project) next(old *snapshot, f *Front, affected []*Page, readStatic bool) (*snapshot, int, error) {
	rs := Renderers(f, p.md, p.cfg.BaseURL)
	s := &snapshot{cfg: p.cfg, front: f, rs: rs, sites: map[string]siteFile{}, pages: newFileCache(pageCacheSize),
		made: map[string]Body{}}
	for i, r := range rs {
		for _, name := range p.cfg.SiteFiles() {
			if i == 0 || perLanguage(name) {
				s.sites[r.sitePath(name)] = siteFile{r, name}
			}
		}
	}
	n := 0
	if old != nil {
		s.static = old.static
		for _, pg := range old.front.Index.Site.Pages {
			if f.Index.ByID[pg.ID] == nil {
				n += 2 // its page and JSON twin
			}
		}
	}
	if readStatic {
		files, err := StaticFiles(f.Static, p.cfg.Static)
		if err != nil {
			return nil, 0, err
		}
		s.static = make(map[string][]byte, len(files))
		for _, file := range files {
			s.static[file.Name] = file.Data
		}
		n += len(files)
	}
	full := old == nil || len(affected) == len(f.Index.Site.Pages)
	numbers := f.Index.Numbers
	if !full {
		numbers = leadingTo(numbers, affected)
	}
	k, err := s.render(rs[0], append(slices.Clip(affected), numbers...))
	if err != nil {
		return nil, 0, err
	}
	n += k
	for _, t := range rs[1:] {
		k, err := s.render(t, t.pages())
		if err != nil {
			return nil, 0, err
		}
		n += k
	}
	// The full-text index is made from the pages' words alone and cannot
	// fail; it is the largest and slowest site file, so only a request
	// makes it.
	for i, r := range rs {
		for _, name := range p.cfg.SiteFiles() {
			sf, ok := s.sites[r.sitePath(name)]
			if !ok || fullText(name) || i == 0 && !full {
				continue
			}
			if _, err := s.siteFile(r.sitePath(name), sf); err != nil {
				return nil, 0, err
			}
		}
	}
	if full {
		for _, r := range rs {
			err := r.CheckLinks(p.cfg.Templates, func(name string) bool {
				_, site := s.sites[name]
				_, static := s.static[name]
				_, pg := s.page(name)
				return site || static || pg != nil || name == BundleName
			})
			if err != nil {
				return nil, 0, err
			}
		}
	}
	return s, n, nil
}

// render renders pages and their JSON twins in parallel into the cache,
// and returns how many files that made.
func (s *snapshot) render(r *Renderer, pages []*Page) (int, error) {
	var n atomic.Int64
	errs := parallelPages(pages, func(i int) error {
		files, err := r.PageFiles(pages[i])
		for _, f := range files {
			s.pages.add(f.Name, f.Data)
		}
		n.Add(int64(len(files)))
		return err
	})
	return int(n.Load()), errs.err()
}

// leadingTo lists the number pages that lead to one of pages.
func leadingTo(numbers, pages []*Page) []*Page {
	in := make(map[*Page]bool, len(pages))
	for _, p := range pages {
		in[p] = true
	}
	var out []*Page
	for _, num := range numbers {
		if slices.ContainsFunc(num.Numbered, func(p *Page) bool { return in[p] }) {
			out = append(out, num)
		}
	}
	return out
}

// gzipAbove is the size above which a site file made on request is held
// compressed (the index, codes.json and the search index of a large site).
const gzipAbove = 512 << 10

// Body is a file of the site as serve holds it: its bytes, or for a large
// file made from the whole site their gzip stream, since the full-text
// index alone would be a large share of serve's memory.
type Body struct {
	data    []byte
	gzipped bool
	size    int // of the file itself
}

func plain(data []byte) Body { return Body{data: data, size: len(data)} }

// Len is the length of the file.
func (b Body) Len() int { return b.size }

// Bytes returns the file.
func (b Body) Bytes() ([]byte, error) {
	if !b.gzipped {
		return b.data, nil
	}
	var out bytes.Buffer
	out.Grow(b.size)
	_, err := b.WriteTo(&out)
	return out.Bytes(), err
}

// WriteTo writes the file to w, decompressing a compressed one as it goes.
func (b Body) WriteTo(w io.Writer) (int64, error) {
	if !b.gzipped {
		n, err := w.Write(b.data)
		return int64(n), err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b.data))
	if err != nil {
		return 0, err
	}
	return io.Copy(w, zr)
}

// compress makes the Body of a file held compressed.
func compress(data []byte) (Body, error) {
	g := newGzipBody()
	if _, err := g.Write(data); err != nil {
		return Body{}, err
	}
	return g.close()
}

// gzipBody compresses what is written to it into a Body.
type gzipBody struct {
	buf  bytes.Buffer
	zw   *gzip.Writer
	size int
}

func newGzipBody() *gzipBody {
	g := &gzipBody{}
	g.zw, _ = gzip.NewWriterLevel(&g.buf, gzip.BestSpeed) // a valid level: no error
	return g
}

func (g *gzipBody) Write(p []byte) (int, error) {
	g.size += len(p)
	return g.zw.Write(p)
}

func (g *gzipBody) close() (Body, error) {
	if err := g.zw.Close(); err != nil {
		return Body{}, err
	}
	return Body{data: bytes.Clone(g.buf.Bytes()), gzipped: true, size: g.size}, nil
}

// fullText reports whether a site file is part of the full-text index.
func fullText(name string) bool {
	return name == SearchDocsFile || strings.HasPrefix(name, "static/search-text.")
}

// fileCache keeps rendered files up to a number of bytes, dropping the
// least recently used first. It is safe for concurrent use.
type fileCache struct {
	mu     sync.Mutex
	limit  int
	size   int                      // bytes held
	byName map[string]*list.Element // of *cachedFile
	lru    list.List                // the most recently used first
}

type cachedFile struct {
	name string
	data []byte
}

func newFileCache(limit int) *fileCache {
	return &fileCache{limit: limit, byName: map[string]*list.Element{}}
}

func (c *fileCache) get(name string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byName[name]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(e)
	return e.Value.(*cachedFile).data, true
}

// add keeps a file, dropping the least recently used ones over the limit.
// A file with much unused capacity (a JSON twin) is kept as a copy that
// has none, since the capacity is what the cache holds.
func (c *fileCache) add(name string, data []byte) {
	if cap(data)-len(data) > len(data)/8 {
		data = bytes.Clone(data)
	}
	if cap(data) > c.limit {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byName[name]; ok {
		c.remove(e)
	}
	c.byName[name] = c.lru.PushFront(&cachedFile{name, data})
	c.size += cap(data)
	for c.size > c.limit {
		c.remove(c.lru.Back())
	}
}

func (c *fileCache) remove(e *list.Element) {
	f := c.lru.Remove(e).(*cachedFile)
	delete(c.byName, f.name)
	c.size -= cap(f.data)
}

// relIn reports whether file is dir or lies in it, and its slash path
// inside it ("." for dir itself).
func relIn(dir, file string) (string, bool) {
	if dir == "" {
		return "", false
	}
	d, err1 := filepath.Abs(dir)
	f, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil || !within(d, f) {
		return "", false
	}
	rel, err := filepath.Rel(d, f)
	if err != nil {
		return "", false
	}
	return path.Clean(filepath.ToSlash(rel)), true
}
