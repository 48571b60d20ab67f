package generator

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// Search index limits. The index is one script that every page may load,
// so it must stay small; the build fails rather than ship a bloated one.
const (
	SearchIndexFile  = "static/search-index.js"
	SearchIndexLimit = 300 << 10 // the default of Config.SearchLimit
	causeWordsBudget = 240       // bytes of cause keywords per page
)

// SearchIndex builds static/search-index.js: a plain script (no fetch, no
// modules: both fail over file://) that sets window.STATUS_SEARCH to
//
//	{v: {slug: vendor name}, p: [[url, code, vendor, title, aliases, summary, words, status], …]}
//
// with one compact record per page. An index over limit bytes is an error. words is a bag of distinct keywords
// from the cause table that do not already stand in the title, aliases or
// summary, trimmed to a fixed budget.
func SearchIndex(site *Site, limit int) ([]byte, error) {
	vendors := map[string]string{}
	records := make([][8]string, 0, len(site.Pages))
	for _, p := range site.Pages {
		if p.Vendor != nil {
			vendors[p.Vendor.Slug] = p.Vendor.Name
		}
		records = append(records, [8]string{
			p.URL(), p.Code(), p.Meta.Vendor, p.Meta.Title,
			strings.Join(p.Meta.Aliases, "; "), p.Meta.Summary, causeWords(p), p.Meta.Status,
		})
	}
	data, err := json.Marshal(struct {
		V map[string]string `json:"v"`
		P [][8]string       `json:"p"`
	}{vendors, records})
	if err != nil {
		return nil, err
	}
	js := append([]byte("window.STATUS_SEARCH="), data...)
	js = append(js, ";\n"...)
	if limit > 0 && len(js) > limit {
		return nil, fmt.Errorf("%s is %d KB, over the %d KB limit: trim summaries or the keyword budget", SearchIndexFile, len(js)>>10, limit>>10)
	}
	return js, nil
}

// commonWords are left out of the cause keywords only: they match nearly
// every page. Titles, aliases and summaries keep every word.
var commonWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the and for with that this from are was were has have had not but
		you your can its it's into when then than they them their there which what who will would
		should could does did doing been being also only just more most some such any all each one
		two per via use used using set sets may might must our out off own same other over under
		about after before again until while because both either every very`) {
		commonWords[w] = true
	}
}

// causeWords lists the distinct keywords of a page's causes.
func causeWords(p *Page) string {
	known := map[string]bool{}
	for _, w := range tokens(p.Meta.Title + " " + strings.Join(p.Meta.Aliases, " ") + " " + p.Meta.Summary) {
		known[w] = true
	}
	var b strings.Builder
	for _, c := range p.Meta.Causes {
		for _, w := range tokens(c.Symptom + " " + c.Cause + " " + c.Fix) {
			if known[w] || commonWords[w] || len(w) < 3 {
				continue
			}
			if b.Len()+len(w)+1 > causeWordsBudget {
				return b.String()
			}
			known[w] = true
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
	}
	return b.String()
}

// tokens splits text into lower-case words, keeping dots, dashes and
// underscores inside a word (web.config, client_max_body_size, 0x80070005).
func tokens(s string) []string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '_' && r != '-'
	})
	out := words[:0]
	for _, w := range words {
		w = strings.Trim(w, ".-_")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}
