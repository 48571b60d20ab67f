package generator

import "encoding/json"

// PageJSON is the JSON twin of a page.
type PageJSON struct {
	ID         string        `json:"id"`
	Kind       string        `json:"kind"`
	Code       int           `json:"code,omitempty"`
	Substatus  *int          `json:"substatus,omitempty"`
	Vendor     string        `json:"vendor,omitempty"`
	Title      string        `json:"title"`
	Aliases    []string      `json:"aliases,omitempty"`
	Summary    string        `json:"summary"`
	Status     string        `json:"status,omitempty"`
	Class      string        `json:"class,omitempty"`
	Seen       string        `json:"seen,omitempty"`
	Since      string        `json:"since,omitempty"`
	URL        string        `json:"url"`
	References []Reference   `json:"references,omitempty"`
	Related    []string      `json:"related,omitempty"`
	Meanings   []MeaningJSON `json:"meanings,omitempty"`
	Causes     []CauseJSON   `json:"causes,omitempty"`
}

// MeaningJSON is a meaning of a disambiguation page.
type MeaningJSON struct {
	Page string `json:"page"`
	Tell string `json:"tell"`
}

// CauseJSON is a cause row, its texts in Markdown.
type CauseJSON struct {
	Symptom string   `json:"symptom"`
	Cause   string   `json:"cause"`
	Fix     string   `json:"fix"`
	Who     []string `json:"who"`
	When    string   `json:"when,omitempty"`
}

func pageJSON(p *Page) PageJSON {
	m := p.Meta
	j := PageJSON{ID: p.ID, Kind: p.Kind, Code: m.Code, Substatus: m.Substatus, Vendor: m.Vendor,
		Title: m.Title, Aliases: m.Aliases, Summary: m.Summary, Status: m.Status, Class: p.Class(),
		Seen: seen(p), Since: m.Since, URL: p.URL(), References: m.References}
	for _, r := range m.Related {
		j.Related = append(j.Related, r.ID)
	}
	for _, mn := range m.Meanings {
		j.Meanings = append(j.Meanings, MeaningJSON{Page: mn.Page.ID, Tell: mn.Tell})
	}
	for _, c := range m.Causes {
		j.Causes = append(j.Causes, CauseJSON{Symptom: c.Symptom, Cause: c.Cause, Fix: c.Fix, Who: c.Who, When: c.When})
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

// CodeEntry is one row of codes.json.
type CodeEntry struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Code      int    `json:"code,omitempty"`
	Substatus *int   `json:"substatus,omitempty"`
	Vendor    string `json:"vendor,omitempty"`
	Title     string `json:"title"`
	Summary   string `json:"summary"`
	Status    string `json:"status,omitempty"`
	Class     string `json:"class,omitempty"`
	URL       string `json:"url"`
	Causes    int    `json:"causes"`
}

func codesJSON(site *Site) []byte {
	entries := make([]CodeEntry, 0, len(site.Pages))
	for _, p := range site.Pages {
		m := p.Meta
		entries = append(entries, CodeEntry{ID: p.ID, Kind: p.Kind, Code: m.Code, Substatus: m.Substatus,
			Vendor: m.Vendor, Title: m.Title, Summary: m.Summary, Status: m.Status, Class: p.Class(),
			URL: p.URL(), Causes: len(m.Causes)})
	}
	data, _ := json.MarshalIndent(entries, "", "  ") // plain structs: cannot fail
	return append(data, '\n')
}

// Twins returns the JSON twins of pages as one JSON array.
func Twins(pages []*Page) []byte {
	twins := make([]PageJSON, len(pages))
	for i, p := range pages {
		twins[i] = pageJSON(p)
	}
	data, _ := json.MarshalIndent(twins, "", "  ") // plain structs: cannot fail
	return append(data, '\n')
}
