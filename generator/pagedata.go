package generator

import (
	"fmt"
	"html/template"
	"strings"
)

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
			if n := x.Number(p.ID); p.Kind == KindNumber && n != nil {
				target = n.URL()
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
