package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Project is a site held in memory for serve: one full build, then updates
// that reload only the notes that changed and re-render only the pages that
// show them. The files made from the whole site (the index, the search
// index, codes.json, the sitemap) are made again when they are next asked
// for, not on every save. A failed update leaves the last good site in
// place. The offline zip is a build artifact and is not made here.
type Project struct {
	cfg Config
	md  *Markdown

	mu    sync.RWMutex
	site  *Site
	tpl   *Templates
	r     *Renderer
	files map[string][]byte // pages, JSON twins and static files, by path
	made  map[string][]byte // SiteFiles made since the last change
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
	for _, dir := range []string{cfg.Content, cfg.Templates} {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, &Error{File: dir, Err: fmt.Errorf("folder not found")}
		}
	}
	p := &Project{cfg: cfg, md: NewMarkdown(), files: map[string][]byte{}, made: map[string][]byte{}}
	site, loadErr := Load(os.DirFS(cfg.Content), cfg.Content, p.md)
	if err := Validate(site); err != nil || loadErr != nil {
		return nil, joinErrors(loadErr, err)
	}
	tpl, err := LoadTemplates(os.DirFS(cfg.Templates), cfg.Templates)
	if err != nil {
		return nil, err
	}
	p.site, p.tpl, p.r = site, tpl, NewRenderer(site, p.md, tpl)
	files, err := renderPages(p.r, site.Pages)
	if err != nil {
		return nil, err
	}
	static, err := StaticFiles(p.staticFS())
	if err != nil {
		return nil, err
	}
	for _, f := range append(files, static...) {
		p.files[f.Name] = f.Data
	}
	return p, nil
}

func (p *Project) staticFS() fs.FS {
	if st, err := os.Stat(p.cfg.Static); err == nil && st.IsDir() {
		return os.DirFS(p.cfg.Static)
	}
	return nil
}

// Get returns a file of the site by its path from the root, making a site
// file first if a change made it stale. ok is false for a path the site
// does not have.
func (p *Project) Get(name string) (data []byte, ok bool, err error) {
	p.mu.RLock()
	data, ok = p.files[name]
	if !ok {
		data, ok = p.made[name]
	}
	p.mu.RUnlock()
	if ok || !slices.Contains(SiteFiles, name) {
		return data, ok, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if data, ok = p.made[name]; ok {
		return data, true, nil
	}
	data, err = p.r.SiteFile(name, p.cfg, nil)
	if err != nil {
		return nil, false, err
	}
	p.made[name] = data
	return data, true, nil
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

// Update takes the paths of changed files (created, written or removed)
// under the content, templates and static folders and brings the site up
// to date. On error nothing changes.
func (p *Project) Update(changed []string) (Update, error) {
	start := time.Now()
	var notes, static []string
	templates, vendors := false, false
	for _, c := range changed {
		if rel, ok := within(p.cfg.Content, c); ok {
			switch {
			case rel == VendorsFile:
				vendors = true
			case strings.HasSuffix(rel, ".md"):
				notes = append(notes, rel)
			}
		} else if _, ok := within(p.cfg.Templates, c); ok {
			templates = true
		} else if rel, ok := within(p.cfg.Static, c); ok {
			static = append(static, rel)
		}
	}

	p.mu.RLock()
	site, tpl := p.site, p.tpl
	p.mu.RUnlock()

	var err error
	if templates {
		if tpl, err = LoadTemplates(os.DirFS(p.cfg.Templates), p.cfg.Templates); err != nil {
			return Update{}, err
		}
	}
	var affected []*Page
	var removed []string // files of pages that no longer exist
	switch {
	case vendors:
		var loadErr error
		site, loadErr = Load(os.DirFS(p.cfg.Content), p.cfg.Content, p.md)
		if err := Validate(site); err != nil || loadErr != nil {
			return Update{}, joinErrors(loadErr, err)
		}
		affected = site.Pages
	case len(notes) > 0:
		if site, affected, removed, err = p.reload(site, notes); err != nil {
			return Update{}, err
		}
	}
	if templates {
		affected = site.Pages
	}
	r := NewRenderer(site, p.md, tpl)
	files, err := renderPages(r, affected)
	if err != nil {
		return Update{}, err
	}
	var staticFiles []File
	var staticGone []string
	for _, rel := range static {
		data, err := os.ReadFile(filepath.Join(p.cfg.Static, filepath.FromSlash(rel)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			staticGone = append(staticGone, path.Join("static", rel))
		case err != nil:
			return Update{}, &Error{File: filepath.Join(p.cfg.Static, rel), Err: err}
		default:
			staticFiles = append(staticFiles, File{path.Join("static", rel), data})
		}
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	p.site, p.tpl, p.r = site, tpl, r
	for _, name := range append(removed, staticGone...) {
		delete(p.files, name)
	}
	for _, f := range append(files, staticFiles...) {
		p.files[f.Name] = f.Data
	}
	if len(affected) > 0 || templates {
		p.made = map[string][]byte{}
	}
	ids := make([]string, len(affected))
	for i, pg := range affected {
		ids[i] = pg.ID
	}
	return Update{Pages: len(affected), Rendered: ids, Files: len(files) + len(staticFiles) + len(removed) + len(staticGone),
		Duration: time.Since(start)}, nil
}

// reload loads the changed notes (rel paths in the content folder) into a
// copy of the site, validates it, and lists the pages to render again: the
// changed pages and every page that shows them (lists them, links them,
// shares their number, or is their base code, disambiguation or vendor
// overview page). A changed guide is in every page's navigation, so it
// makes every page stale.
func (p *Project) reload(old *Site, notes []string) (*Site, []*Page, []string, error) {
	fsys := os.DirFS(p.cfg.Content)
	byFile := map[string]*Page{}
	for _, pg := range old.Pages {
		byFile[pg.File] = pg
	}
	var errs List
	fresh := map[string]*Page{} // display path → new page, or nil when removed
	for _, rel := range notes {
		file := path.Join(p.cfg.Content, rel)
		if _, err := fs.Stat(fsys, rel); errors.Is(err, fs.ErrNotExist) {
			fresh[file] = nil
			continue
		}
		pg, err := loadNote(fsys, rel, p.cfg.Content, p.md)
		if err != nil {
			errs.add(file, err)
			continue
		}
		pg.Vendor = old.Vendors[pg.Meta.Vendor]
		fresh[file] = pg
	}
	if err := errs.err(); err != nil {
		return nil, nil, nil, err
	}

	site := &Site{Vendors: old.Vendors}
	changedIDs := map[string]bool{}
	codes := map[string]bool{}
	vendors := map[string]bool{}
	all := false
	var removed []string
	mark := func(pg *Page) {
		changedIDs[pg.ID] = true
		codes[pg.Code()] = true
		if pg.Meta.Code != 0 {
			codes[strconv.Itoa(pg.Meta.Code)] = true
		}
		if pg.Vendor != nil {
			vendors[pg.Vendor.Slug] = true
		}
		all = all || pg.Kind == KindGuide
	}
	for _, pg := range old.Pages {
		nw, changed := fresh[pg.File]
		if !changed {
			site.Pages = append(site.Pages, pg)
			continue
		}
		mark(pg)
		if nw == nil || nw.ID != pg.ID {
			removed = append(removed, pg.URL(), pg.JSONURL())
		}
	}
	for _, nw := range fresh {
		if nw != nil {
			site.Pages = append(site.Pages, nw)
			mark(nw)
		}
	}
	sortPages(site.Pages)
	affected := site.Pages
	if !all {
		affected = nil
		for _, pg := range site.Pages {
			if dependsOn(pg, changedIDs, codes, vendors) {
				affected = append(affected, pg)
			}
		}
	}
	// The pages to render again are also the ones whose references the
	// change can break; the rest were valid and still are.
	if err := validate(site, affected, codes); err != nil {
		return nil, nil, nil, err
	}
	return site, affected, removed, nil
}

// dependsOn reports whether page pg shows any of the changed pages.
func dependsOn(pg *Page, ids, codes, vendors map[string]bool) bool {
	if ids[pg.ID] || codes[pg.Code()] {
		return true
	}
	if pg.Kind == KindOverview && (vendors[pg.Meta.Vendor] || pg.Vendor != nil && pg.Vendor.Family == FamilyIIS && (vendors["iis"] || vendors["arr"])) {
		return true
	}
	for _, r := range pg.Meta.Related {
		if ids[r.ID] {
			return true
		}
	}
	for _, m := range pg.Meta.Meanings {
		if ids[m.Page.ID] {
			return true
		}
	}
	for _, l := range pg.Links {
		if ids[l.Target] {
			return true
		}
	}
	return false
}

// within reports whether file lies in dir, and its slash path inside it.
func within(dir, file string) (string, bool) {
	if dir == "" {
		return "", false
	}
	d, err1 := filepath.Abs(dir)
	f, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil {
		return "", false
	}
	rel, err := filepath.Rel(d, f)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", false
	}
	return filepath.ToSlash(rel), true
}
