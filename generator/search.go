package generator

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/kljensen/snowball"
	"github.com/kljensen/snowball/russian"
)

// Search index limits. The index is one script that every page may load,
// so it must stay small; the build fails rather than ship a bloated one.
const (
	SearchIndexFile  = "static/search-index.js"
	SearchIndexLimit = 400 << 10 // the default of Config.SearchLimit: a translation's index adds its word forms
	causeWordsBudget = 240       // bytes of cause keywords per page
)

// SearchIndex builds a language's search index (static/search-index.js,
// static/search-index.ru.js): a plain script (no fetch, no modules: both
// fail over file://) that sets window.STATUS_SEARCH to
//
//	{v: {slug: vendor name}, p: [[url, code, vendor, title, aliases, summary, words, status], …](, f: {form: stem})}
//
// with one compact record per page. An index over limit bytes is an error.
// words is a bag of distinct keywords from the cause table that do not
// already stand in the title, aliases or summary, trimmed to a fixed
// budget. For Russian, whose words change their endings, f maps every word
// form of the index to its Snowball stem, so that the page's script
// compares stems and finds "сертификата" for "сертификат" without a
// stemmer of its own.
func SearchIndex(site *Site, limit int) ([]byte, error) {
	vendors := map[string]string{}
	stems := site.Lang == "ru"
	forms := map[string]string{}
	stemsOf := func(text string) string {
		var out []string
		seen := map[string]bool{}
		for _, w := range tokens(text) {
			st := russianStem(w, forms)
			if st != "" && !seen[st] {
				seen[st] = true
				out = append(out, st)
			}
		}
		return strings.Join(out, " ")
	}
	records := make([][]string, 0, len(site.Pages))
	for _, p := range site.Pages {
		if p.Vendor != nil {
			vendors[p.Vendor.Slug] = p.Vendor.Name
		}
		summary := strings.ReplaceAll(p.Meta.Summary, "`", "")
		rec := []string{p.URL(), p.Code(), p.Meta.Vendor, p.Meta.Title,
			strings.Join(p.Meta.Aliases, "; "), summary, causeWords(p), p.Meta.Status}
		if stems {
			stemsOf(p.Meta.Title + " " + strings.Join(p.Meta.Aliases, " ") + " " + summary + " " + rec[6])
		}
		records = append(records, rec)
	}
	index := struct {
		V map[string]string `json:"v"`
		P [][]string        `json:"p"`
		F map[string]string `json:"f,omitempty"`
	}{vendors, records, nil}
	if stems {
		index.F = forms
	}
	data, err := json.Marshal(index)
	if err != nil {
		return nil, err
	}
	js := append([]byte("window.STATUS_SEARCH="), data...)
	js = append(js, ";\n"...)
	if limit > 0 && len(js) > limit {
		return nil, fmt.Errorf("the search index (%s) is %d KB, over the %d KB limit: trim summaries or the keyword budget", langPath(site.Lang, "pages"), len(js)>>10, limit>>10)
	}
	return js, nil
}

// russianStem is the Snowball stem of a Russian word ("ё" read as "е"),
// recorded in forms when it differs from the word; "" for a stop word or
// a word that is not Cyrillic.
func russianStem(word string, forms map[string]string) string {
	w := strings.ReplaceAll(word, "ё", "е")
	if !strings.ContainsFunc(w, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
		return ""
	}
	if russian.IsStopWord(w) {
		return ""
	}
	st, err := snowball.Stem(w, "russian", false)
	if err != nil || st == "" {
		return ""
	}
	if st != w {
		forms[w] = st
	}
	return st
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
