package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// File is one file of the site: its path from the site root and content.
type File struct {
	Name string
	Data []byte
}

// SiteFiles are the files made from the whole site rather than from one
// note, in the order a build writes them.
var SiteFiles = []string{"index.html", "404.html", "search.html", "codes.json", "sitemap.xml",
	"robots.txt", SearchIndexFile, SearchDocsFile, "static/search-text.0.js", "static/search-text.1.js",
	"static/search-text.2.js", "static/search-text.3.js", "static/highlight.css"}

// SiteFiles lists the files made from the whole site for a configuration:
// all of SiteFiles, but sitemap.xml only when the site's address is known
// (a sitemap holds absolute addresses).
func (cfg Config) SiteFiles() []string {
	if cfg.BaseURL != "" {
		return SiteFiles
	}
	return slices.DeleteFunc(slices.Clone(SiteFiles), func(name string) bool { return name == "sitemap.xml" })
}

// SiteFile makes one of SiteFiles. bundle is the offline zip the index
// links to, or nil for an index without the link.
func (r *Renderer) SiteFile(name string, cfg Config, bundle *Bundle) ([]byte, error) {
	switch name {
	case "index.html":
		return r.Home(bundle)
	case "404.html":
		return r.NotFound()
	case "search.html":
		return r.Search()
	case "codes.json":
		return r.codesJSON(), nil
	case "sitemap.xml":
		return sitemap(r.Sites, cfg.BaseURL), nil
	case "robots.txt":
		return robots(cfg.BaseURL), nil
	case SearchIndexFile:
		return SearchIndex(r.Index.Site, cfg.SearchLimit)
	case SearchDocsFile:
		docs, _, err := r.searchTextOnce()
		return docs, err
	case "static/highlight.css":
		css, err := HighlightCSS()
		return []byte(css), err
	}
	if n, ok := strings.CutPrefix(name, "static/search-text."); ok {
		var i int
		if _, err := fmt.Sscanf(n, "%d.js", &i); err == nil && i >= 0 && i < textShards {
			_, shards, err := r.searchTextOnce()
			if err != nil {
				return nil, err
			}
			return shards[i], nil
		}
	}
	return nil, fmt.Errorf("no site file %q", name)
}

// PageFiles renders one page and its JSON twin (a number page has none:
// it stands for the page it leads to).
func (r *Renderer) PageFiles(p *Page) ([]File, error) {
	html, err := r.Page(p)
	if err != nil {
		return nil, err
	}
	if p.Kind == KindNumber {
		return []File{{p.URL(), html}}, nil
	}
	data, err := json.MarshalIndent(r.pageJSON(p), "", "  ")
	if err != nil {
		return nil, &Error{File: p.File, Err: err}
	}
	return []File{{p.URL(), html}, {p.JSONURL(), append(data, '\n')}}, nil
}

// pageFileNames are the files PageFiles makes of a page.
func pageFileNames(p *Page) []string {
	if p.Kind == KindNumber {
		return []string{p.URL()}
	}
	return []string{p.URL(), p.JSONURL()}
}

// StaticFiles reads the static folder as files under static/. label is
// the folder as the user typed it, for errors.
func StaticFiles(static fs.FS, label string) ([]File, error) {
	if static == nil {
		return nil, nil
	}
	var files []File
	var errs List
	err := fs.WalkDir(static, ".", func(name string, d fs.DirEntry, err error) error {
		file := joinLabel(label, name)
		if err != nil {
			errs.add(file, sourceError(err))
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			st, err := fs.Stat(static, name)
			if err != nil {
				errs.add(file, sourceError(err))
				return nil
			}
			if st.IsDir() {
				errs.add(file, errors.New("a symlink to a folder: not followed; copy the folder in instead"))
				return nil
			}
		}
		data, err := fs.ReadFile(static, name)
		if err != nil {
			errs.add(file, sourceError(err))
			return nil
		}
		files = append(files, File{path.Join("static", name), data})
		return nil
	})
	errs.add(label, err)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return files, nil
}

// sitemap lists every page of every language for search engines, under
// the site's address; a page with translations names each of them (and
// the default language's as x-default) as an alternate.
func sitemap(sites []*Index, baseURL string) []byte {
	base := strings.TrimSuffix(baseURL, "/") + "/"
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	// versions lists the page's address in each language that has it.
	versions := func(id string, home bool) [][2]string {
		var out [][2]string
		for _, x := range sites {
			lang := x.Site.Lang
			if lang == "" {
				lang = DefaultLang
			}
			switch {
			case home:
				out = append(out, [2]string{lang, langPath(lang, "index.html")})
			case x.ByID[id] != nil && (x.ByID[id].Lang == lang || lang == DefaultLang && x.ByID[id].Lang == ""):
				out = append(out, [2]string{lang, x.ByID[id].URL()})
			}
		}
		return out
	}
	write := func(u string, alts [][2]string) {
		b.WriteString("  <url><loc>" + esc(base+u) + "</loc>")
		if len(alts) > 1 {
			for _, a := range alts {
				fmt.Fprintf(&b, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, a[0], esc(base+a[1]))
				if a[0] == DefaultLang {
					fmt.Fprintf(&b, `<xhtml:link rel="alternate" hreflang="x-default" href="%s"/>`, esc(base+a[1]))
				}
			}
		}
		b.WriteString("</url>\n")
	}
	for _, x := range sites {
		lang := x.Site.Lang
		if lang == "" {
			lang = DefaultLang
		}
		write(langPath(lang, "index.html"), versions("", true))
		for _, p := range x.Site.Pages {
			if p.Lang == lang || lang == DefaultLang && p.Lang == "" {
				write(p.URL(), versions(p.ID, false))
			}
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

func robots(baseURL string) []byte {
	if baseURL == "" {
		return []byte("User-agent: *\nAllow: /\n")
	}
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + strings.TrimSuffix(baseURL, "/") + "/sitemap.xml\n")
}
