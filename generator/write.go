package generator

import (
	"archive/zip"
	"io/fs"
	"path"
	"slices"
	"sync/atomic"
)

// Write renders every language's pages and writes the whole site into
// out: the pages and their JSON twins, each language's site files, the
// static files, and the offline zip of all of them. It fails if a
// template links a file the site does not have. The counts it returns are
// of the files it wrote.
//
// With last, the pages it says to keep are not rendered: their files stay
// as the last build wrote them, and their entries of the offline zip are
// copied from its zip.
func Write(out *Output, rs []*Renderer, static fs.FS, cfg Config, last *lastBuild) (Result, error) {
	staticFiles, err := StaticFiles(static, cfg.Static)
	if err != nil {
		return Result{}, err
	}
	dirs := map[string]bool{"static": true}
	for _, r := range rs {
		dirs[path.Dir(r.sitePath("index.html"))] = true
		for _, p := range r.pages() {
			dirs[path.Dir(p.URL())] = true
		}
	}
	for _, f := range staticFiles {
		dirs[path.Dir(f.Name)] = true
	}
	for d := range dirs {
		if err := out.MkdirAll(d); err != nil {
			return Result{}, err
		}
	}
	var zipped *bundleWriter // nil: no offline zip
	if !cfg.NoBundle {
		if zipped, err = newBundleWriter(out); err != nil {
			return Result{}, err
		}
		defer zipped.abort()
	}
	for _, r := range rs {
		if err := writePages(out, r, zipped, last); err != nil {
			return Result{}, err
		}
	}
	if err := writeSiteFiles(out, rs, zipped, cfg, staticFiles); err != nil {
		return Result{}, err
	}
	for _, r := range rs {
		if err := r.CheckLinks(cfg.Templates, out.Has); err != nil {
			return Result{}, err
		}
	}
	return Result{Pages: out.Count(".html"), Files: out.Count("")}, nil
}

// pages are the pages this renderer writes: its language's pages and
// number pages.
func (r *Renderer) pages() []*Page {
	var out []*Page
	for _, p := range r.Index.Site.Pages {
		if r.Own(p) {
			out = append(out, p)
		}
	}
	return append(out, r.Index.Numbers...)
}

// writePages renders the pages on every CPU; each worker writes its page
// and JSON twin and compresses them, and one goroutine appends them to the
// zip in page order as they become ready, so the zip is the same for the
// same site.
func writePages(out *Output, r *Renderer, zipped *bundleWriter, last *lastBuild) error {
	pages := slices.Clip(r.pages())
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
			if err == nil && zipped != nil {
				err = zipped.add(entries[i]...)
			}
			entries[i] = nil
		}
		zipDone <- err
	}()
	errs := parallelPages(pages, func(i int) error {
		defer close(ready[i])
		if e, ok, err := last.keep(out, pages[i], zipped); ok || err != nil {
			entries[i] = e
			return err
		}
		files, err := r.PageFiles(pages[i])
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := out.WriteFile(f.Name, f.Data); err != nil {
				return err
			}
			if zipped == nil {
				continue
			}
			e, err := zipped.compress(f.Name, f.Data)
			if err != nil {
				return err
			}
			entries[i] = append(entries[i], e)
		}
		return nil
	})
	if err := <-zipDone; err != nil {
		errs.add(BundleName, err)
	}
	return errs.err()
}

// lastBuild is what an incremental build keeps of the last one: the
// pages whose fingerprint has not changed, and the old offline zip.
type lastBuild struct {
	unchanged map[string]bool      // page URLs
	zip       map[string]*zip.File // the old zip's entries by name
	zipFile   *zip.ReadCloser
	kept      atomic.Int64 // pages kept
}

// close closes the old zip.
func (l *lastBuild) close() {
	if l != nil && l.zipFile != nil {
		l.zipFile.Close()
		l.zipFile = nil
	}
}

// keep keeps an unchanged page's files and returns its entries of the
// offline zip; ok is false for a page to render: changed, new, or missing
// from the old zip.
func (l *lastBuild) keep(out *Output, p *Page, zipped *bundleWriter) (entries []bundleEntry, ok bool, err error) {
	if l == nil || !l.unchanged[p.URL()] {
		return nil, false, nil
	}
	names := pageFileNames(p)
	if zipped != nil {
		for _, name := range names {
			e, ok, err := zipped.reuse(l.zip, name)
			if !ok || err != nil {
				return nil, false, err
			}
			entries = append(entries, e)
		}
	}
	for _, name := range names {
		out.Keep(name)
	}
	l.kept.Add(1)
	return entries, true, nil
}

// writeSiteFiles writes each language's site files and the static files,
// closes the zip, and writes the published indexes last: a zipped index
// has no link to the zip that holds it, a published one has.
func writeSiteFiles(out *Output, rs []*Renderer, zipped *bundleWriter, cfg Config, static []File) error {
	var errs List
	for i, r := range rs {
		for _, name := range cfg.SiteFiles() {
			if i > 0 && !perLanguage(name) {
				continue
			}
			data, err := r.SiteFile(name, cfg, nil)
			if err != nil {
				errs.add(name, err)
				continue
			}
			static = append(static, File{r.sitePath(name), data})
		}
	}
	if err := errs.err(); err != nil {
		return err
	}
	for _, f := range static {
		if err := out.WriteFile(f.Name, f.Data); err != nil {
			return err
		}
		if zipped == nil {
			continue
		}
		if err := zipped.file(f.Name, f.Data); err != nil {
			return err
		}
	}
	var bundle *Bundle
	if zipped != nil {
		var err error
		if bundle, err = zipped.close(); err != nil {
			return err
		}
	}
	for _, r := range rs {
		index, err := r.Home(bundle)
		if err != nil {
			return err
		}
		if err := out.WriteFile(r.sitePath("index.html"), index); err != nil {
			return err
		}
	}
	return nil
}

// perLanguage reports whether each language has its own copy of a site
// file; the sitemap, robots.txt and the highlighting stylesheet serve all.
func perLanguage(name string) bool {
	return name != "sitemap.xml" && name != "robots.txt" && name != "static/highlight.css"
}
