package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

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

	// docs, when set, keeps the search docs of pages from build to build.
	docs *docCache

	linked sync.Map // root-relative paths the templates linked → a page that did
	full   struct { // the full-text index, made once
		once   sync.Once
		docs   []byte
		shards [][]byte
		err    error
	}
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
	if strings.HasPrefix(name, "static/") && strings.HasSuffix(name, ".js") && r.lang() != DefaultLang {
		return strings.TrimSuffix(name, ".js") + "." + r.lang() + ".js"
	}
	return langPath(r.lang(), name)
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
