package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"

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
	"index":            "index.html",
	"404":              "404.html",
	"search":           "search.html",
}

// Templates holds one parsed template set per page kind.
type Templates struct {
	byKind map[string]*template.Template
	label  string
}

// LoadTemplates parses base.html with each page template from fsys. Each
// set is named after its file, so errors carry the file and the line.
func LoadTemplates(fsys fs.FS, label string) (*Templates, error) {
	t := &Templates{byKind: map[string]*template.Template{}, label: label}
	var errs List
	for kind, file := range templateFiles {
		set, err := template.New(file).Funcs(funcs).ParseFS(fsys, "base.html", "partials.html", file)
		if err != nil {
			errs.add(path.Join(label, file), err)
			continue
		}
		t.byKind[kind] = set
	}
	return t, errs.err()
}

// execute runs the template of a page kind into a buffer.
func (t *Templates) execute(kind string, data *PageData) ([]byte, error) {
	var b bytes.Buffer
	file := templateFiles[kind]
	if err := t.byKind[kind].ExecuteTemplate(&b, "base.html", data); err != nil {
		return nil, &Error{File: path.Join(t.label, file), Err: err}
	}
	return b.Bytes(), nil
}

// funcs are the template functions; doc.go lists them.
var funcs = template.FuncMap{
	"className": className,
	"join":      strings.Join,
	"list":      func(v ...any) []any { return v },
}

// className names a status class: "4xx" → "Client error".
func className(class string) string {
	switch class {
	case "1xx":
		return "Informational"
	case "2xx":
		return "Success"
	case "3xx":
		return "Redirection"
	case "4xx":
		return "Client error"
	case "5xx":
		return "Server error"
	}
	return ""
}

// PageData is what a template sees. Link and Asset turn root-relative
// paths into links relative to the page being rendered.
type PageData struct {
	SiteName string
	Page     *Page  // nil on the index and the 404 page
	Path     string // the page's own root-relative URL
	Title    string
	Summary  string
	Body     template.HTML
	Causes   []CauseRow
	Meanings []MeaningRow
	Related  []*Page
	Others   []*Page  // other pages with the same code and sub-status
	Subs     []*Page  // IIS sub-statuses of a base code
	Groups   []*Group // index and overview listings
	Overview *Page    // the vendor's overview page, if there is one
	Guides   []*Page
	Bundle   *Bundle // the offline zip, on the published index only
}

// CauseRow is one rendered row of the cause → fix table.
type CauseRow struct {
	Symptom, Cause, Fix, When template.HTML
	Who                       []string
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
	for _, t := range []string{name + vendor + " · " + d.SiteName, name + vendor, name} {
		if len([]rune(t)) <= titleLimit {
			return t
		}
	}
	cut := string([]rune(name)[:titleLimit-1])
	if i := strings.LastIndex(cut, " "); i > titleLimit/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:–-") + "…"
}

// Link returns the relative link from this page to another page.
func (d *PageData) Link(p *Page) string { return relURL(d.Path, p.URL()) }

// Href returns the relative link from this page to a root-relative path.
func (d *PageData) Href(rootPath string) string { return relURL(d.Path, rootPath) }

// Asset returns the relative link to a file under static/.
func (d *PageData) Asset(name string) string { return relURL(d.Path, "static/"+name) }

// Renderer turns validated pages into HTML. It is built once per build and
// used by every worker; it holds nothing that a page render changes.
type Renderer struct {
	Site      *Site
	Markdown  *Markdown
	Templates *Templates
	SiteName  string

	byCode map[string][]*Page // code pages by "403" / "403.14"
	subs   map[int][]*Page    // sub-status pages by base code
	guides []*Page
}

// NewRenderer indexes the site for the lists that pages derive from it.
func NewRenderer(site *Site, md *Markdown, t *Templates) *Renderer {
	r := &Renderer{Site: site, Markdown: md, Templates: t, SiteName: "HTTP status codes",
		byCode: map[string][]*Page{}, subs: map[int][]*Page{}}
	for _, p := range site.Pages {
		switch {
		case p.Kind == KindGuide:
			r.guides = append(r.guides, p)
		case p.Kind == KindCode && p.Family() != FamilyWarning:
			r.byCode[p.Code()] = append(r.byCode[p.Code()], p)
			if p.Meta.Substatus != nil {
				r.subs[p.Meta.Code] = append(r.subs[p.Meta.Code], p)
			}
		case p.Kind == KindDisambiguation && p.Meta.Substatus != nil:
			r.subs[p.Meta.Code] = append(r.subs[p.Meta.Code], p)
		}
	}
	return r
}

// Page renders one note to HTML.
func (r *Renderer) Page(p *Page) ([]byte, error) {
	d := &PageData{SiteName: r.SiteName, Page: p, Path: p.URL(), Title: p.Meta.Title, Summary: p.Meta.Summary, Guides: r.guides}
	body, err := r.markdown(p, p.Source)
	if err != nil {
		return nil, err
	}
	d.Body = template.HTML(body)
	for _, c := range p.Meta.Causes {
		row := CauseRow{Who: c.Who}
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
		d.Meanings = append(d.Meanings, MeaningRow{Page: r.Site.ByID[m.Page.ID], Tell: tell})
	}
	for _, ref := range p.Meta.Related {
		d.Related = append(d.Related, r.Site.ByID[ref.ID])
	}
	if p.Kind == KindCode || p.Kind == KindDisambiguation {
		for _, o := range r.byCode[p.Code()] {
			if o != p && !listed(p, o) {
				d.Others = append(d.Others, o)
			}
		}
		if bare := r.Site.ByID[p.Code()]; bare != nil && bare != p && bare.Kind == KindDisambiguation {
			d.Others = append([]*Page{bare}, d.Others...)
		}
		if p.Meta.Substatus == nil && p.Vendor == nil {
			d.Subs = r.subs[p.Meta.Code]
		}
	}
	if p.Vendor != nil {
		d.Overview = r.Site.ByID[p.Vendor.Slug+"/index"]
	}
	if p.Kind == KindOverview {
		d.Groups = r.overviewGroups(p)
	}
	return r.Templates.execute(p.Kind, d)
}

// listed reports whether page from names p in its meanings.
func listed(from, p *Page) bool {
	for _, m := range from.Meta.Meanings {
		if m.Page.ID == p.ID {
			return true
		}
	}
	return false
}

// markdown parses and renders Markdown of page p, with its page-id links
// turned into links relative to p.
func (r *Renderer) markdown(p *Page, src []byte) (string, error) {
	doc := r.Markdown.Parse(src)
	linkNodes(src, doc, 0, func(n *ast.Link, l Link) {
		if t := r.Site.ByID[l.Target]; t != nil {
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
	for _, p := range r.Site.Pages {
		if p.Kind == KindOverview || p.Kind == KindGuide {
			continue
		}
		same := p.Vendor == ov.Vendor ||
			(ov.Vendor.Family == FamilyIIS && p.Family() == FamilyIIS)
		if !same {
			continue
		}
		g := byBase[p.Meta.Code]
		if g == nil {
			g = &Group{ID: fmt.Sprintf("c%d", p.Meta.Code), Title: fmt.Sprint(p.Meta.Code)}
			if base := r.Site.ByID[fmt.Sprint(p.Meta.Code)]; base != nil {
				g.Title += " " + base.Meta.Title
			}
			byBase[p.Meta.Code] = g
			groups = append(groups, g)
		}
		g.Pages = append(g.Pages, p)
	}
	return groups
}

// Index renders the home page: every page, by class and then family,
// with the Warning codes and the guides in sections of their own, and a
// download link to the offline bundle when there is one.
func (r *Renderer) Index(bundle *Bundle) ([]byte, error) {
	d := &PageData{SiteName: r.SiteName, Path: "index.html", Title: r.SiteName, Guides: r.guides, Bundle: bundle,
		Summary: "Every HTTP status code: standard, IIS sub-status, vendor and Warning codes, each with its causes and fixes."}
	d.Groups = r.indexGroups()
	return r.Templates.execute("index", d)
}

var familyTitles = map[string]string{
	FamilyStandard: "Standard",
	FamilyIIS:      "IIS sub-status",
	FamilyVendor:   "Vendor and unofficial",
}

func (r *Renderer) indexGroups() []*Group {
	classes := map[string]*Group{}
	var groups []*Group
	var warning, overviews *Group
	for _, p := range r.Site.Pages {
		switch {
		case p.Kind == KindGuide:
			continue
		case p.Kind == KindOverview:
			if overviews == nil {
				overviews = &Group{ID: "overviews", Title: "Vendor overviews"}
			}
			overviews.Pages = append(overviews.Pages, p)
			continue
		case p.Family() == FamilyWarning:
			if warning == nil {
				warning = &Group{ID: "warning", Title: "Warning header codes (obsolete)",
					Note: "Values of the Warning response header, never status codes; RFC 9111 removed the header in 2022."}
			}
			warning.Pages = append(warning.Pages, p)
			continue
		}
		class := p.Class()
		g := classes[class]
		if g == nil {
			g = &Group{ID: "class-" + class, Title: class + " " + className(class)}
			classes[class] = g
			groups = append(groups, g)
		}
		fam := p.Family()
		var sub *Group
		for _, s := range g.Groups {
			if s.ID == g.ID+"-"+fam {
				sub = s
			}
		}
		if sub == nil {
			sub = &Group{ID: g.ID + "-" + fam, Title: familyTitles[fam]}
			g.Groups = append(g.Groups, sub)
		}
		sub.Pages = append(sub.Pages, p)
	}
	for _, g := range groups {
		order := map[string]int{FamilyStandard: 0, FamilyIIS: 1, FamilyVendor: 2}
		slices.SortStableFunc(g.Groups, func(a, b *Group) int {
			return order[strings.TrimPrefix(a.ID, g.ID+"-")] - order[strings.TrimPrefix(b.ID, g.ID+"-")]
		})
	}
	for _, g := range []*Group{warning, overviews} {
		if g != nil {
			groups = append(groups, g)
		}
	}
	return groups
}

// Search renders search.html, whose script reads ?q= and lists results;
// without JavaScript it points to the index, which lists every page.
func (r *Renderer) Search() ([]byte, error) {
	d := &PageData{SiteName: r.SiteName, Path: "search.html", Title: "Search", Guides: r.guides,
		Summary: "Search every status code by number, pattern, name, vendor or cause."}
	return r.Templates.execute("search", d)
}

// NotFound renders 404.html, which hosts serve for missing paths.
func (r *Renderer) NotFound() ([]byte, error) {
	d := &PageData{SiteName: r.SiteName, Path: "404.html", Title: "Page not found", Guides: r.guides,
		Summary: "There is no page at this address."}
	if p := r.Site.ByID["404"]; p != nil {
		d.Related = []*Page{p}
	}
	return r.Templates.execute("404", d)
}
