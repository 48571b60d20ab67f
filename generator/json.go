package generator

import (
	"encoding/json"
	"strings"
)

// The JSON files are an API: keys are snake_case; every Markdown text
// comes with a plain-text twin (key + "_text") whose links are written out
// as URLs; URLs are absolute when the site's address is known, else
// relative to the site's root. static/schema/ holds a JSON Schema for a
// page's twin and for codes.json.

// Identity is what names a page in the JSON files, in the twin and in
// codes.json alike.
type Identity struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Code      int    `json:"code,omitempty"`
	Substatus *int   `json:"substatus,omitempty"`
	Error     string `json:"error,omitempty"`
	Vendor    string `json:"vendor,omitempty"`
}

func identity(p *Page) Identity {
	m := p.Meta
	return Identity{ID: p.ID, Kind: p.Kind, Code: m.Code, Substatus: m.Substatus, Error: m.Error, Vendor: m.Vendor}
}

// PageJSON is the JSON twin of a page.
type PageJSON struct {
	Identity
	VendorName  string          `json:"vendor_name,omitempty"`
	Title       string          `json:"title"`
	Aliases     []string        `json:"aliases,omitempty"`
	Summary     string          `json:"summary"`
	SummaryText string          `json:"summary_text"`
	Status      string          `json:"status,omitempty"`
	Class       string          `json:"class,omitempty"`
	Seen        string          `json:"seen,omitempty"`
	Since       string          `json:"since,omitempty"`
	URL         string          `json:"url"`
	References  []ReferenceJSON `json:"references,omitempty"`
	Related     []LinkJSON      `json:"related,omitempty"`
	HTTP        []LinkJSON      `json:"http,omitempty"`
	Meanings    []MeaningJSON   `json:"meanings,omitempty"`
	Causes      []CauseJSON     `json:"causes,omitempty"`
	Constants   []ConstantJSON  `json:"constants,omitempty"`
}

// ReferenceJSON is a source of the page.
type ReferenceJSON struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// LinkJSON names another page.
type LinkJSON struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// MeaningJSON is a meaning of a disambiguation page.
type MeaningJSON struct {
	Page     string `json:"page"`
	URL      string `json:"url"`
	Tell     string `json:"tell"`
	TellText string `json:"tell_text"`
}

// CauseJSON is a row of the cause → fix table.
type CauseJSON struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Symptom     string   `json:"symptom"`
	SymptomText string   `json:"symptom_text"`
	Cause       string   `json:"cause"`
	CauseText   string   `json:"cause_text"`
	Fix         string   `json:"fix"`
	FixText     string   `json:"fix_text"`
	Who         []string `json:"who"`
	When        string   `json:"when,omitempty"`
	WhenText    string   `json:"when_text,omitempty"`
}

// ConstantJSON is one library's constant for the code.
type ConstantJSON struct {
	Library           string   `json:"library"`
	Language          string   `json:"language"`
	LibraryName       string   `json:"library_name"`
	Version           string   `json:"version"`
	Name              string   `json:"name"`
	Aliases           []string `json:"aliases,omitempty"`
	Deprecated        bool     `json:"deprecated,omitempty"`
	DeprecatedAliases []string `json:"deprecated_aliases,omitempty"`
}

// CodeEntry is one row of codes.json.
type CodeEntry struct {
	Identity
	Title       string `json:"title"`
	Summary     string `json:"summary"`
	SummaryText string `json:"summary_text"`
	Status      string `json:"status,omitempty"`
	Class       string `json:"class,omitempty"`
	URL         string `json:"url"`
	JSONURL     string `json:"json_url"`
	CauseCount  int    `json:"cause_count"`
}

// absolute is a root-relative path as the JSON gives it: under the site's
// address when it is known.
func (r *Renderer) absolute(path string) string {
	if r.BaseURL == "" {
		return path
	}
	return strings.TrimSuffix(r.BaseURL, "/") + "/" + path
}

// text is a Markdown text of page p as plain text, its links written out
// as URLs.
func (r *Renderer) text(p *Page, markdown string) string {
	return r.Markdown.plainText(markdown, func(dest string) string {
		l := Link{Dest: dest}
		switch {
		case strings.HasPrefix(dest, "#"):
			return r.absolute(p.URL()) + dest
		case strings.Contains(dest, "://"):
			return dest
		}
		l.Target, l.Frag, _ = strings.Cut(dest, "#")
		if t := r.Index.ByID[l.Target]; t != nil {
			u := r.absolute(t.URL())
			if l.Frag != "" {
				u += "#" + l.Frag
			}
			return u
		}
		return dest
	})
}

// pageJSON is the JSON twin of page p.
func (r *Renderer) pageJSON(p *Page) PageJSON {
	m := p.Meta
	j := PageJSON{Identity: identity(p), VendorName: p.VendorName(), Title: m.Title, Aliases: m.Aliases, Summary: m.Summary, SummaryText: r.text(p, m.Summary),
		Status: m.Status, Class: p.Class(), Seen: seen(p), Since: m.Since, URL: r.absolute(p.URL())}
	link := func(id string) LinkJSON {
		l := LinkJSON{ID: id}
		if t := r.Index.ByID[id]; t != nil {
			l.URL = r.absolute(t.URL())
		}
		return l
	}
	for _, ref := range m.References {
		j.References = append(j.References, ReferenceJSON{Name: ref.Name, URL: ref.URL})
	}
	for _, ref := range m.Related {
		j.Related = append(j.Related, link(ref.ID))
	}
	for _, h := range m.HTTP {
		j.HTTP = append(j.HTTP, link(h.ID))
	}
	for _, mn := range m.Meanings {
		j.Meanings = append(j.Meanings, MeaningJSON{Page: mn.Page.ID, URL: link(mn.Page.ID).URL, Tell: mn.Tell, TellText: r.text(p, mn.Tell)})
	}
	ids := map[string]bool{}
	for _, c := range m.Causes {
		id := causeID(r.Markdown.PlainText(c.Symptom), ids)
		j.Causes = append(j.Causes, CauseJSON{ID: id, URL: r.absolute(p.URL()) + "#" + id,
			Symptom: c.Symptom, SymptomText: r.text(p, c.Symptom), Cause: c.Cause, CauseText: r.text(p, c.Cause),
			Fix: c.Fix, FixText: r.text(p, c.Fix), Who: c.Who, When: c.When, WhenText: r.text(p, c.When)})
	}
	for _, c := range constantRows(r.Index.Site.Constants, p) {
		j.Constants = append(j.Constants, ConstantJSON{Library: c.Library.Key, Language: c.Library.Language,
			LibraryName: c.Library.Name, Version: c.Library.Version, Name: c.Name, Aliases: c.Aliases,
			Deprecated: c.Deprecated, DeprecatedAliases: c.DeprecatedAliases})
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

// codesJSON lists every page: codes.json.
func (r *Renderer) codesJSON() []byte {
	pages := r.Index.Site.Pages
	entries := make([]CodeEntry, 0, len(pages))
	for _, p := range pages {
		m := p.Meta
		entries = append(entries, CodeEntry{Identity: identity(p), Title: m.Title, Summary: m.Summary, SummaryText: r.text(p, m.Summary), Status: m.Status,
			Class: p.Class(), URL: r.absolute(p.URL()), JSONURL: r.absolute(p.JSONURL()), CauseCount: len(m.Causes)})
	}
	data, _ := json.MarshalIndent(entries, "", "  ") // plain structs: cannot fail
	return append(data, '\n')
}

// Twins returns the JSON twins of pages as one JSON array.
func (r *Renderer) Twins(pages []*Page) []byte {
	twins := make([]PageJSON, len(pages))
	for i, p := range pages {
		twins[i] = r.pageJSON(p)
	}
	data, _ := json.MarshalIndent(twins, "", "  ") // plain structs: cannot fail
	return append(data, '\n')
}
