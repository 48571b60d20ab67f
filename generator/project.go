package generator

import (
	"maps"
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
// that show them. The files made from the whole site (the index, the
// search index, codes.json, the sitemap) are made when first asked for.
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
// after it is published but the site files made on demand.
type snapshot struct {
	front *Front
	r     *Renderer
	files map[string][]byte // pages, JSON twins and static files, by path

	mu   sync.Mutex
	made map[string][]byte // SiteFiles made so far
}

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

// Get returns a file of the site by its path from the root, making a site
// file on first request. ok is false for a path the site does not have.
func (p *Project) Get(name string) (data []byte, ok bool, err error) {
	s := p.live.Load()
	if data, ok = s.files[name]; ok || !slices.Contains(p.cfg.SiteFiles(), name) {
		return data, ok, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if data, ok = s.made[name]; ok {
		return data, true, nil
	}
	if data, err = s.r.SiteFile(name, p.cfg, nil); err != nil {
		return nil, false, err
	}
	s.made[name] = data
	return data, true, nil
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

// next makes the snapshot after old (nil: the first) from a new front:
// the affected pages rendered again, the files of pages that are gone
// removed, and the static files read again when readStatic is set. n is
// the number of files replaced or removed.
func (p *Project) next(old *snapshot, f *Front, affected []*Page, readStatic bool) (*snapshot, int, error) {
	rs := Renderers(f, p.md, p.cfg.BaseURL)
	r := rs[0]
	s := &snapshot{front: f, r: r, files: map[string][]byte{}, made: map[string][]byte{}}
	n := 0
	if old != nil {
		s.files = maps.Clone(old.files)
		for _, pg := range old.front.Index.Site.Pages {
			if f.Index.ByID[pg.ID] == nil {
				delete(s.files, pg.URL())
				delete(s.files, pg.JSONURL())
				n += 2
			}
		}
	}
	// Number pages are few and small: they are made again every time.
	files, err := renderPages(r, append(slices.Clip(affected), f.Index.Numbers...))
	if err != nil {
		return nil, 0, err
	}
	// The other languages are rendered whole, with their site files: a
	// change to a default-language note may show on any of their pages.
	if old != nil {
		for name := range old.files {
			if isTranslated(name, rs) {
				delete(s.files, name)
			}
		}
	}
	for _, t := range rs[1:] {
		more, err := renderPages(t, t.pages())
		if err != nil {
			return nil, 0, err
		}
		files = append(files, more...)
		for _, name := range p.cfg.SiteFiles() {
			if !perLanguage(name) {
				continue
			}
			data, err := t.SiteFile(name, p.cfg, nil)
			if err != nil {
				return nil, 0, err
			}
			files = append(files, File{t.sitePath(name), data})
		}
	}
	if readStatic {
		for name := range s.files {
			if strings.HasPrefix(name, "static/") {
				delete(s.files, name)
			}
		}
		static, err := StaticFiles(f.Static, p.cfg.Static)
		if err != nil {
			return nil, 0, err
		}
		files = append(files, static...)
	}
	for _, file := range files {
		s.files[file.Name] = file.Data
	}
	n += len(files)
	// Every template is rendered on a first build or a template change; the
	// site files are made now so that a broken one fails here, not later.
	if old == nil || len(affected) == len(f.Index.Site.Pages) {
		for _, name := range p.cfg.SiteFiles() {
			data, err := r.SiteFile(name, p.cfg, nil)
			if err != nil {
				return nil, 0, err
			}
			s.made[name] = data
		}
		for _, r := range rs {
			err := r.CheckLinks(p.cfg.Templates, func(name string) bool {
				_, ok := s.files[name]
				return ok || slices.Contains(p.cfg.SiteFiles(), name) || name == BundleName
			})
			if err != nil {
				return nil, 0, err
			}
		}
	}
	return s, n, nil
}

// isTranslated reports whether a file of the site belongs to another
// language than the default.
func isTranslated(name string, rs []*Renderer) bool {
	for _, r := range rs[1:] {
		if strings.HasPrefix(name, r.lang()+"/") || name == r.sitePath(SearchIndexFile) {
			return true
		}
	}
	return false
}

// renderPages renders pages and their JSON twins in parallel.
func renderPages(r *Renderer, pages []*Page) ([]File, error) {
	out := make([][]File, len(pages))
	errs := parallelPages(pages, func(i int) (err error) {
		out[i], err = r.PageFiles(pages[i])
		return err
	})
	if err := errs.err(); err != nil {
		return nil, err
	}
	var all []File
	for _, fs := range out {
		all = append(all, fs...)
	}
	return all, nil
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
