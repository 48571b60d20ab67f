package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// Template files. base.html is the frame, partials.html holds sections
// several kinds share ("related", "refs"); each page kind has its own file
// that defines the "main" block.
var templateFiles = map[string]string{
	KindCode:           "code.html",
	KindDisambiguation: "disambiguation.html",
	KindOverview:       "overview.html",
	KindGuide:          "guide.html",
	KindError:          "error.html",
	KindNumber:         "number.html",
	"index":            "index.html",
	"404":              "404.html",
	"search":           "search.html",
}

// Templates holds one parsed template set per page kind.
type Templates struct {
	byKind  map[string]*template.Template
	label   string
	strings map[string]*Strings // the templates' words by language
}

// LoadTemplates parses base.html with each page template from fsys. Each
// set is named after its file, so errors carry the file and the line.
func LoadTemplates(fsys fs.FS, label string) (*Templates, error) {
	t := &Templates{byKind: map[string]*template.Template{}, label: label}
	var errs List
	sources := map[string]string{}
	for _, name := range []string{"base.html", "partials.html"} {
		sources[name] = ""
	}
	for _, file := range templateFiles {
		sources[file] = ""
	}
	for name := range sources {
		data, err := fs.ReadFile(fsys, name)
		if err == nil {
			data, err = readText(joinLabel(label, name), data)
		}
		if err != nil {
			errs.add(joinLabel(label, name), sourceError(err))
			continue
		}
		sources[name] = string(data)
	}
	if len(errs) > 0 {
		return nil, errs.err()
	}
	var err error
	if t.strings, err = loadStrings(fsys, label); err != nil {
		return nil, err
	}
	for kind, file := range templateFiles {
		set := template.New(file).Funcs(funcs)
		var err error
		for _, name := range []string{"base.html", "partials.html", file} {
			if set, err = set.New(name).Parse(sources[name]); err != nil {
				errs.add(joinLabel(label, name), err)
				break
			}
		}
		t.byKind[kind] = set
	}
	return t, errs.err()
}

// execute runs the template of a page kind into a buffer; page names what
// is being rendered, for the error.
func (t *Templates) execute(kind, page string, data *PageData) ([]byte, error) {
	var b bytes.Buffer
	if err := t.byKind[kind].ExecuteTemplate(&b, "base.html", data); err != nil {
		return nil, templateError(t.label, templateFiles[kind], page, err)
	}
	return b.Bytes(), nil
}

// funcs are the template functions; doc.go lists them.
var funcs = template.FuncMap{
	"join": strings.Join,
}

// PageData is what a template sees. Link and Asset turn root-relative
// paths into links relative to the page being rendered.
type PageData struct {
	r         *Renderer
	root      string        // the site root as an absolute path (the 404 page), or "" for relative links
	Redirect  string        // a page to send the reader to at once (number pages)
	Lead      template.HTML // the page's summary, rendered inline
	SiteName  string
	Page      *Page  // nil on the index and the 404 page
	Path      string // the page's own root-relative URL
	Title     string
	Summary   string
	Body      template.HTML
	Causes    []CauseRow
	Meanings  []MeaningRow
	Related   []*Page
	Others    []*Page       // other pages with the same code and sub-status
	Subs      []*Page       // IIS sub-statuses of a base code
	Errors    []*Page       // errors without a status that arrive with this code
	Constants []ConstantRow // the code's constants in libraries, on standard code pages
	HTTP      []*Page       // on an error page: the status codes it arrives with
	Groups    []*Group      // index and overview listings
	Overview  *Page         // the vendor's overview page, if there is one
	Guides    []*Page
	Bundle    *Bundle // the offline zip, on the published index only
}

// CauseRow is one rendered row of the cause → fix table.
type CauseRow struct {
	ID                        string // "cause-" and the symptom's first words: stable while the row's text is
	Symptom, Cause, Fix, When template.HTML
	Who                       []string
}

// ConstantRow is one library's constant for a code.
type ConstantRow struct {
	Library Library
	Code    int
	Constant
}

// Shown is the constant as code would name it. Node.js has no constants,
// only the STATUS_CODES table of texts, so its entry is the text there.
func (c ConstantRow) Shown() string {
	if c.Library.Key == "node" {
		q := "'"
		if strings.Contains(c.Name, "'") {
			q = `"`
		}
		return fmt.Sprintf("http.STATUS_CODES[%d] === %s%s%s", c.Code, q, c.Name, q)
	}
	return c.Name
}

// MeaningRow is one rendered meaning of a disambiguation list.
type MeaningRow struct {
	Page *Page
	Tell template.HTML
}

// Group is a titled list of pages on the index or an overview.
type Group struct {
	ID     string
	Title  string
	Note   string
	Pages  []*Page
	Groups []*Group
}

// titleLimit is the longest <title> that search results show whole.
const titleLimit = 70

// DocTitle is the page's <title>: code, name and vendor, then the site's
// name when it fits; a name too long on its own is cut at a word.
func (d *PageData) DocTitle() string {
	name := d.Title
	vendor := ""
	if p := d.Page; p != nil {
		if c := p.Code(); c != "" && !strings.HasPrefix(name, c) {
			name = c + " " + name
		}
		if p.Vendor != nil {
			vendor = " (" + p.Vendor.Name + ")"
		}
	}
	// Measured as written in the page: html-validate counts an escaped
	// apostrophe (&#39;) as five characters.
	length := func(t string) int { return len([]rune(template.HTMLEscapeString(t))) }
	for _, t := range []string{name + vendor + " · " + d.SiteName, name + vendor, name} {
		if length(t) <= titleLimit {
			return t
		}
	}
	cut := string([]rune(name)[:titleLimit-1])
	for length(cut) > titleLimit-1 {
		cut = string([]rune(cut)[:len([]rune(cut))-1])
	}
	if i := strings.LastIndex(cut, " "); i > titleLimit/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:–-") + "…"
}

// Link returns the link from this page to another page: relative, or from
// the site's root path on the not-found page.
func (d *PageData) Link(p *Page) string {
	if d.root != "" {
		return d.root + p.URL()
	}
	return relURL(d.Path, p.URL())
}

// Href returns the relative link from this page to a root-relative path.
// The build checks that the path is a file of the site.
func (d *PageData) Href(rootPath string) string {
	if f, _, _ := strings.Cut(rootPath, "#"); f != "" {
		d.r.linked.Store(f, d.Path)
	}
	if d.root != "" {
		return d.root + rootPath
	}
	return relURL(d.Path, rootPath)
}

// Lang is the language of the page.
func (d *PageData) Lang() string { return d.r.S.Lang }

// T is the templates' word for key in the page's language.
func (d *PageData) T(key string) string { return d.r.S.T(key) }

// F is the word for key filled with args.
func (d *PageData) F(key string, args ...any) string { return d.r.S.F(key, args...) }

// H is a word holding markup, filled with args that are escaped.
func (d *PageData) H(key string, args ...any) template.HTML { return d.r.S.HTML(key, args...) }

// SearchIndex is the root-relative path of the search index of the page's
// language.
func (d *PageData) SearchIndex() string { return d.r.sitePath(SearchIndexFile) }

// Home is the root-relative path of the index of the page's language.
func (d *PageData) Home() string { return d.r.sitePath("index.html") }

// SearchPage is the root-relative path of the search page of the page's
// language.
func (d *PageData) SearchPage() string { return d.r.sitePath("search.html") }

// CodesJSON is the root-relative path of the list of every page of the
// page's language.
func (d *PageData) CodesJSON() string { return d.r.sitePath("codes.json") }

// JSStrings are the words site.js shows, for a JSON script element.
func (d *PageData) JSStrings() map[string]string { return d.r.S.JS() }

// N is the word for a count: "2 meanings".
func (d *PageData) N(key string, n int) string { return d.r.S.N(key, n) }

// Canonical is the page's absolute address, or "" when the site's address
// (-base-url) is not known. A number page's is the page it leads to.
func (d *PageData) Canonical() string {
	if d.r.BaseURL == "" {
		return ""
	}
	path := d.Path
	if p := d.Page; p != nil && p.Kind == KindNumber {
		path = p.Numbered[0].URL()
	}
	if path == "index.html" {
		path = ""
	}
	path = strings.TrimSuffix(path, "index.html")
	return strings.TrimSuffix(d.r.BaseURL, "/") + "/" + path
}

// JSONTwin is the root-relative path of the page's JSON twin: codes.json
// for the pages that are not notes, and for a number page its page's.
func (d *PageData) JSONTwin() string {
	switch p := d.Page; {
	case p == nil:
		return d.CodesJSON()
	case p.Kind == KindNumber:
		return p.Numbered[0].JSONURL()
	}
	return d.Page.JSONURL()
}

// Description is the page's summary as plain text, for the meta
// description and OpenGraph.
func (d *PageData) Description() string { return d.Plain(d.Summary) }

// Plain is a short Markdown text as plain text: summaries in lists.
func (d *PageData) Plain(markdown string) string { return d.r.Markdown.PlainText(markdown) }

// Asset returns the relative link to a file under static/.
func (d *PageData) Asset(name string) string { return d.Href("static/" + name) }

// Refs is the data of the "refs" section: the page's references under the
// title whose key is given.
func (d *PageData) Refs(key string) RefsData { return RefsData{Title: d.T(key), Page: d.Page, Data: d} }

// Entries is the data of an "entries" list: pages listed on this page.
func (d *PageData) Entries(pages []*Page) EntriesData { return EntriesData{Data: d, Pages: pages} }

// Section is the data of a "page-list" section: a list of pages under a
// heading with its id and the key of its title.
func (d *PageData) Section(id, titleKey string, pages []*Page) SectionData {
	return SectionData{Data: d, ID: id, Title: d.T(titleKey), Pages: pages}
}

// SectionData is what the "page-list" template shows.
type SectionData struct {
	Data      *PageData
	ID, Title string
	Pages     []*Page
}

// RefsData is what the "refs" template shows.
type RefsData struct {
	Title string
	Page  *Page
	Data  *PageData
}

// EntriesData is what the "entries" template shows.
type EntriesData struct {
	Data  *PageData
	Pages []*Page
}

// Renderer turns validated pages into HTML. It is built once per build and
// used by every worker; it holds nothing that a page render changes.
type Renderer struct {
	Index     *Index
	Markdown  *Markdown
	Templates *Templates
	S         *Strings // the templates' words in the site's language
	SiteName  string
	// Sites are the sites of every language, the default first, for the
	// links between a page and its translations.
	Sites   []*Index
	BaseURL string // the site's absolute address, or "" when unknown

	linked sync.Map // root-relative paths the templates linked → a page that did
}

// NewRenderer returns the renderer of an indexed, validated site.
func NewRenderer(x *Index, md *Markdown, t *Templates) *Renderer {
	lang := x.Site.Lang
	if lang == "" {
		lang = DefaultLang
	}
	s := t.strings[lang]
	return &Renderer{Index: x, Markdown: md, Templates: t, S: s, SiteName: s.T("site_name"), Sites: []*Index{x}}
}

// Renderers makes the renderer of every language of a front, the default
// language's first; each knows the others' sites.
func Renderers(f *Front, md *Markdown, baseURL string) []*Renderer {
	sites := append([]*Index{f.Index}, f.Translations...)
	var rs []*Renderer
	for _, x := range sites {
		r := NewRenderer(x, md, f.Templates)
		r.BaseURL, r.Sites = baseURL, sites
		rs = append(rs, r)
	}
	return rs
}

// lang is the renderer's language.
func (r *Renderer) lang() string { return r.S.Lang }

// Own reports whether page p is one this renderer writes: a page in its
// language (a translation's site also holds the default language's pages
// it lacks, which the default renderer writes).
func (r *Renderer) Own(p *Page) bool {
	return p.Lang == r.lang() || (p.Lang == "" && r.lang() == DefaultLang)
}

// sitePath is where a file made from the whole site lives for this
// language: "ru/index.html", and the search index "static/search-index.ru.js".
func (r *Renderer) sitePath(name string) string {
	if name == SearchIndexFile && r.lang() != DefaultLang {
		return strings.TrimSuffix(name, ".js") + "." + r.lang() + ".js"
	}
	return langPath(r.lang(), name)
}

// Alternate is the same page in one language, for hreflang links and the
// language switcher.
type Alternate struct {
	Lang, Name, Href string
	Current          bool
}

// Alternates lists the page in every language it exists in; a language
// without the page gets its index instead, for the switcher only.
func (d *PageData) Alternates() []Alternate {
	var out []Alternate
	for _, x := range d.r.Sites {
		lang := x.Site.Lang
		if lang == "" {
			lang = DefaultLang
		}
		name := d.r.Templates.strings[lang].T("lang_name")
		target := ""
		switch p := d.Page; {
		case p == nil:
			target = langPath(lang, strings.TrimPrefix(d.Path, d.r.lang()+"/"))
			if d.r.lang() == DefaultLang {
				target = langPath(lang, d.Path)
			}
		default:
			if t := x.ByID[p.ID]; t != nil && (t.Lang == lang || lang == DefaultLang && t.Lang == "") && t.Kind == p.Kind {
				target = t.URL()
			}
			if p.Kind == KindNumber {
				for _, n := range x.Numbers {
					if n.ID == p.ID {
						target = n.URL()
					}
				}
			}
		}
		out = append(out, Alternate{Lang: lang, Name: name, Href: target, Current: lang == d.r.lang()})
	}
	return out
}

// Switch is where the language switcher leads for language lang: the page
// in that language, or that language's index.
func (d *PageData) Switch(a Alternate) string {
	if a.Href != "" {
		return d.Href(a.Href)
	}
	return d.Href(langPath(a.Lang, "index.html"))
}

// newData starts the template data of the page at root-relative path.
func (r *Renderer) newData(path, title, summary string) *PageData {
	return &PageData{r: r, SiteName: r.SiteName, Path: path, Title: title, Summary: summary, Guides: r.Index.guides}
}

// CheckLinks reports every file the templates linked that the site does
// not have (has says which it has), such as a stylesheet missing from the
// static folder: a site that links it would ship broken.
func (r *Renderer) CheckLinks(label string, has func(name string) bool) error {
	var errs List
	r.linked.Range(func(k, v any) bool {
		if !has(k.(string)) {
			errs.add(label, errorf(label, 0, "%s links %s, which the site does not have: add it to the static folder or fix the template", v, k))
		}
		return true
	})
	return errs.err()
}

// Page renders one note to HTML.
func (r *Renderer) Page(p *Page) ([]byte, error) {
	d := r.newData(p.URL(), p.Meta.Title, p.Meta.Summary)
	d.Page = p
	body, err := r.markdown(p, p.Source)
	if err != nil {
		return nil, err
	}
	d.Body = template.HTML(body)
	if d.Lead, err = r.cell(p, p.Meta.Summary); err != nil {
		return nil, err
	}
	if p.Kind == KindNumber {
		d.Redirect = d.Link(p.Numbered[0])
	}
	ids := map[string]bool{}
	for _, c := range p.Meta.Causes {
		row := CauseRow{ID: causeID(r.Markdown.PlainText(c.Symptom), ids), Who: c.Who}
		cells := []*template.HTML{&row.Symptom, &row.Cause, &row.Fix, &row.When}
		for j, text := range []string{c.Symptom, c.Cause, c.Fix, c.When} {
			if *cells[j], err = r.cell(p, text); err != nil {
				return nil, err
			}
		}
		d.Causes = append(d.Causes, row)
	}
	for _, m := range p.Meta.Meanings {
		tell, err := r.cell(p, m.Tell)
		if err != nil {
			return nil, err
		}
		d.Meanings = append(d.Meanings, MeaningRow{Page: r.Index.ByID[m.Page.ID], Tell: tell})
	}
	for _, ref := range p.Meta.Related {
		d.Related = append(d.Related, r.Index.ByID[ref.ID])
	}
	if p.Kind == KindCode || p.Kind == KindDisambiguation {
		for _, o := range r.Index.byCode[p.Code()] {
			if o != p && !listed(p, o) {
				d.Others = append(d.Others, o)
			}
		}
		if bare := r.Index.ByID[p.Code()]; bare != nil && bare != p && bare.Kind == KindDisambiguation {
			d.Others = append([]*Page{bare}, d.Others...)
		}
		if p.Meta.Substatus == nil && p.Vendor == nil {
			d.Subs = r.Index.subs[p.Meta.Code]
		}
	}
	if p.Kind == KindCode {
		d.Errors = r.Index.Errors(p)
		d.Constants = constantRows(r.Index.Site.Constants, p)
	}
	for _, h := range p.Meta.HTTP {
		d.HTTP = append(d.HTTP, r.Index.ByID[h.ID])
	}
	if p.Vendor != nil {
		d.Overview = r.Index.ByID[p.Vendor.Slug+"/index"]
	}
	if p.Kind == KindOverview {
		d.Groups = r.overviewGroups(p)
	}
	html, err := r.Templates.execute(p.Kind, p.File, d)
	if err != nil {
		return nil, err
	}
	return navigable(html, r.S), nil
}

// markdown parses and renders Markdown of page p, with its page-id links
// turned into links relative to p.
func (r *Renderer) markdown(p *Page, src []byte) (string, error) {
	doc := r.Markdown.Parse(src)
	linkNodes(src, doc, 0, func(n *ast.Link, l Link) {
		if t := r.Index.ByID[l.Target]; t != nil {
			n.Destination = []byte(relURL(p.URL(), t.URL()) + l.Frag)
		}
	}, func(nodeError) {})
	var b bytes.Buffer
	if err := r.Markdown.Render(&b, src, doc); err != nil {
		return "", &Error{File: p.File, Err: fmt.Errorf("rendering Markdown: %w", err)}
	}
	return b.String(), nil
}

// cell renders a short Markdown text (a table cell, a meaning's tell)
// without the paragraph around it. Plain text skips the parser.
func (r *Renderer) cell(p *Page, s string) (template.HTML, error) {
	if s == "" {
		return "", nil
	}
	if plainCell(s) {
		return template.HTML(util.EscapeHTML([]byte(strings.TrimSpace(s)))), nil
	}
	html, err := r.markdown(p, []byte(s))
	return template.HTML(trimParagraph(html)), err
}

// trimParagraph drops the <p> around a one-paragraph cell.
func trimParagraph(html string) string {
	out := strings.TrimSpace(html)
	if inner, ok := strings.CutPrefix(out, "<p>"); ok && strings.Count(out, "<p>") == 1 && strings.HasSuffix(out, "</p>") {
		return strings.TrimSuffix(inner, "</p>")
	}
	return out
}

// overviewGroups lists a vendor's pages by base code. The IIS overview
// also lists ARR's codes and the IIS disambiguation pages: all of them are
// sub-statuses that readers meet in the same logs.
func (r *Renderer) overviewGroups(ov *Page) []*Group {
	var groups []*Group
	byBase := map[int]*Group{}
	for _, p := range r.Index.Site.Pages {
		if p.Kind == KindOverview || p.Kind == KindGuide {
			continue
		}
		same := p.Vendor == ov.Vendor ||
			(ov.Vendor.Family == FamilyIIS && r.Index.Family(p) == FamilyIIS)
		if !same {
			continue
		}
		g := byBase[p.Meta.Code]
		if g == nil {
			g = &Group{ID: fmt.Sprintf("c%d", p.Meta.Code), Title: fmt.Sprint(p.Meta.Code)}
			if base := r.Index.ByID[fmt.Sprint(p.Meta.Code)]; base != nil {
				g.Title += " " + base.Meta.Title
			}
			byBase[p.Meta.Code] = g
			groups = append(groups, g)
		}
		g.Pages = append(g.Pages, p)
	}
	return groups
}

// Home renders the home page: every page, by class and then family,
// with the Warning codes and the guides in sections of their own, and a
// download link to the offline bundle when there is one.
func (r *Renderer) Home(bundle *Bundle) ([]byte, error) {
	d := r.newData(r.sitePath("index.html"), r.SiteName, r.S.T("index_summary"))
	d.Bundle = bundle
	d.Groups = r.indexGroups()
	return r.Templates.execute("index", d.Path, d)
}

// errorGroup is the sub-group of the index's errors section that an error
// page is listed in: its vendor's, titled in vendors.yaml.
func (r *Renderer) errorGroup(p *Page) *Group {
	if p.Vendor == nil {
		return &Group{ID: "errors-none", Title: r.S.T("group_errors_none")}
	}
	title := p.Vendor.Errors
	if title == "" {
		title = p.Vendor.Name
	}
	return &Group{ID: "errors-" + p.Vendor.Slug, Title: title}
}

// add returns g's sub-group with sub's id, adding sub if there is none.
func (g *Group) add(sub *Group) *Group {
	for _, s := range g.Groups {
		if s.ID == sub.ID {
			return s
		}
	}
	g.Groups = append(g.Groups, sub)
	return sub
}

func (r *Renderer) indexGroups() []*Group {
	classes := map[string]*Group{}
	var groups []*Group
	var warning, overviews, errs *Group
	for _, p := range r.Index.Site.Pages {
		switch {
		case p.Kind == KindGuide:
			continue
		case p.Kind == KindError:
			if errs == nil {
				errs = &Group{ID: "errors", Title: r.S.T("group_errors"), Note: r.S.T("group_errors_note")}
			}
			sub := errs.add(r.errorGroup(p))
			sub.Pages = append(sub.Pages, p)
			continue
		case p.Kind == KindOverview:
			if overviews == nil {
				overviews = &Group{ID: "overviews", Title: r.S.T("group_overviews")}
			}
			overviews.Pages = append(overviews.Pages, p)
			continue
		case r.Index.Family(p) == FamilyWarning:
			if warning == nil {
				warning = &Group{ID: "warning", Title: r.S.T("group_warning"), Note: r.S.T("group_warning_note")}
			}
			warning.Pages = append(warning.Pages, p)
			continue
		}
		class := p.Class()
		g := classes[class]
		if g == nil {
			g = &Group{ID: "class-" + class, Title: class + " " + r.S.T("class."+class)}
			classes[class] = g
			groups = append(groups, g)
		}
		fam := r.Index.Family(p)
		sub := g.add(&Group{ID: g.ID + "-" + fam, Title: r.S.T("family." + fam)})
		sub.Pages = append(sub.Pages, p)
	}
	for _, g := range groups {
		order := map[string]int{FamilyStandard: 0, FamilyIIS: 1, FamilyVendor: 2}
		slices.SortStableFunc(g.Groups, func(a, b *Group) int {
			return order[strings.TrimPrefix(a.ID, g.ID+"-")] - order[strings.TrimPrefix(b.ID, g.ID+"-")]
		})
	}
	for _, g := range []*Group{errs, warning, overviews} {
		if g != nil {
			groups = append(groups, g)
		}
	}
	return groups
}

// Search renders search.html, whose script reads ?q= and lists results;
// without JavaScript it points to the index, which lists every page.
func (r *Renderer) Search() ([]byte, error) {
	d := r.newData(r.sitePath("search.html"), r.S.T("search_title"), r.S.T("search_summary"))
	return r.Templates.execute("search", d.Path, d)
}

// NotFound renders 404.html, which hosts serve for missing paths.
func (r *Renderer) NotFound() ([]byte, error) {
	d := r.newData(r.sitePath("404.html"), r.S.T("not_found_title"), r.S.T("not_found_summary"))
	// Hosts serve this page at any missing address, at any depth, so its
	// links start from the root of the site's path ("/docs/"), not from
	// the page; site.js makes them relative again when it is opened from
	// disk.
	d.root = "/"
	if u, err := url.Parse(r.BaseURL); err == nil && u.Path != "" {
		d.root = strings.TrimSuffix(u.Path, "/") + "/"
	}
	if p := r.Index.ByID["404"]; p != nil {
		d.Related = []*Page{p}
	}
	return r.Templates.execute("404", d.Path, d)
}

// Crumb is one step of the breadcrumb trail above a page.
type Crumb struct {
	Name    string
	Href    string // "" for a step without a page of its own
	Current bool   // the page itself
}

// Crumbs is the trail from the index to the page: its class and vendor
// overview for a code, "Guides" for a guide.
func (d *PageData) Crumbs() []Crumb {
	p := d.Page
	trail := []Crumb{{Name: d.T("all_codes"), Href: d.Href(d.Home())}}
	current := p.Code()
	switch p.Kind {
	case KindGuide:
		trail = append(trail, Crumb{Name: d.T("guides")})
		current = p.Meta.Title
	case KindOverview:
		current = p.Meta.Title
	case KindError:
		trail = append(trail, Crumb{Name: d.T("group_errors"), Href: d.Href(d.Home() + "#errors")})
	default:
		if c := p.Class(); c != "" {
			trail = append(trail, Crumb{Name: c + " " + d.T("class."+c), Href: d.Href(d.Home() + "#class-" + c)})
		}
		if d.Overview != nil {
			trail = append(trail, Crumb{Name: d.Overview.Meta.Title, Href: d.Link(d.Overview)})
		}
	}
	return append(trail, Crumb{Name: current, Current: true})
}

// causeID makes a cause row's id from its symptom: "cause-" and the first
// six words, so a link to a row survives edits of other rows and of the
// row's cause and fix. used holds the ids the page already has.
func causeID(symptom string, used map[string]bool) string {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(symptom)) {
		var b strings.Builder
		for _, r := range w {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
		if b.Len() > 0 {
			words = append(words, b.String())
		}
		if len(words) == 6 {
			break
		}
	}
	id := "cause-" + strings.Join(words, "-")
	if len(words) == 0 {
		id = "cause"
	}
	base := id
	for i := 2; used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	used[id] = true
	return id
}

// The on-page navigation of a rendered page: its sections' headings, the
// empty list the templates leave for it, and the link added to each.
var (
	sectionHeading = regexp.MustCompile(`<h([23]) id="([^"]+)">(.*?)</h[23]>`)
	tocPlaceholder = []byte(`<nav class="page-toc" aria-labelledby="toc-title"></nav>`)
	anyTag         = regexp.MustCompile(`<[^>]*>`)
)

// navigable adds the on-page navigation to a rendered page, from the
// headings it actually has: a self-link on every h2 and h3 inside <main>,
// and the "On this page" list of its h2 sections in the place the
// templates left for it (removed when there are fewer than two).
func navigable(page []byte, s *Strings) []byte {
	start := bytes.Index(page, []byte(`<main id="main">`))
	end := bytes.LastIndex(page, []byte(`</main>`))
	if start < 0 || end < start {
		return page
	}
	var toc bytes.Buffer
	sections := 0
	main := sectionHeading.ReplaceAllFunc(page[start:end], func(h []byte) []byte {
		m := sectionHeading.FindSubmatch(h)
		level, id, inner := m[1], m[2], m[3]
		if level[0] == '2' {
			sections++
			fmt.Fprintf(&toc, `<li><a href="#%s">%s</a></li>`, id, anyTag.ReplaceAll(inner, nil))
		}
		return fmt.Appendf(nil, `<h%s id="%s">%s<a class="self-link" href="#%s"><span class="visually-hidden">%s</span><span aria-hidden="true">#</span></a></h%s>`, level, id, inner, id, template.HTMLEscapeString(s.T("link_to_section")), level)
	})
	if sections >= 2 {
		nav := fmt.Appendf(nil, `<nav class="page-toc" aria-labelledby="toc-title"><p class="toc-title" id="toc-title">%s</p><ul>%s</ul></nav>`, template.HTMLEscapeString(s.T("on_this_page")), toc.Bytes())
		main = bytes.Replace(main, tocPlaceholder, nav, 1)
	} else {
		main = bytes.Replace(main, append([]byte("\n  "), tocPlaceholder...), nil, 1)
	}
	out := make([]byte, 0, len(page)+len(main)-(end-start))
	out = append(out, page[:start]...)
	out = append(out, main...)
	return append(out, page[end:]...)
}

// constantRows lists the libraries' constants for a standard code's page,
// in the order of the libraries.
func constantRows(c *Constants, p *Page) []ConstantRow {
	if c == nil || p.Vendor != nil || p.Meta.Substatus != nil {
		return nil
	}
	var rows []ConstantRow
	for _, l := range c.Libraries {
		if k, ok := c.Codes[p.ID][l.Key]; ok {
			rows = append(rows, ConstantRow{Library: l, Code: p.Meta.Code, Constant: k})
		}
	}
	return rows
}
