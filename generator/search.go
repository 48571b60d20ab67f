package generator

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball"
	"github.com/kljensen/snowball/russian"
)

// Search index limits. The index is one script that every page may load,
// so it must stay small; the build fails rather than ship a bloated one.
const (
	SearchIndexFile  = "static/search-index.js"
	SearchIndexLimit = 300 << 10 // the default of Config.SearchLimit
)

// SearchIndex builds a language's first search index (static/search-index.js,
// static/search-index.ru.js), loaded when the search box takes focus: a
// plain script (no fetch, no modules: both fail over file://) that sets
// window.STATUS_SEARCH to
//
//	{v: {slug: vendor name}, p: [[url, code, vendor, title, aliases, summary, status], …], s: [[phrase, …], …]}
//
// with one record per page, in the order of the full-text index's pages
// (searchtext.go), and the language's synonym groups. An index over limit
// bytes is an error.
func SearchIndex(site *Site, limit int) ([]byte, error) {
	vendors := map[string]string{}
	records := make([][7]string, 0, len(site.Pages))
	for _, p := range site.Pages {
		if p.Vendor != nil {
			vendors[p.Vendor.Slug] = p.Vendor.Name
		}
		summary := strings.ReplaceAll(p.Meta.Summary, "`", "")
		records = append(records, [7]string{p.URL(), p.Code(), p.Meta.Vendor, p.Meta.Title,
			strings.Join(p.Meta.Aliases, "; "), summary, p.Meta.Status})
	}
	lang := site.Lang
	if lang == "" {
		lang = DefaultLang
	}
	var groups [][]string
	if site.Synonyms != nil {
		for _, g := range site.Synonyms[lang] {
			var norm []string
			for _, s := range g {
				norm = append(norm, strings.Join(tokens(strings.ReplaceAll(s, "ё", "е")), " "))
			}
			groups = append(groups, norm)
		}
	}
	data, err := json.Marshal(struct {
		V map[string]string `json:"v"`
		P [][7]string       `json:"p"`
		S [][]string        `json:"s,omitempty"`
	}{vendors, records, groups})
	if err != nil {
		return nil, err
	}
	js := append([]byte("window.STATUS_SEARCH="), data...)
	js = append(js, ";\n"...)
	if limit > 0 && len(js) > limit {
		return nil, fmt.Errorf("the search index (%s) is %d KB, over the %d KB limit: trim summaries", langPath(site.Lang, "pages"), len(js)>>10, limit>>10)
	}
	return js, nil
}

// russianStem is the Snowball stem of a Russian word ("ё" read as "е");
// "" for a stop word or a word that is not Cyrillic.
func russianStem(word string) string {
	w := strings.ReplaceAll(word, "ё", "е")
	if !strings.ContainsFunc(w, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
		return ""
	}
	if russian.IsStopWord(w) {
		return ""
	}
	st, err := snowball.Stem(w, "russian", false)
	if err != nil {
		return ""
	}
	return st
}

// tokens splits text into lower-case words, keeping dots, dashes and
// underscores inside a word (web.config, client_max_body_size, 0x80070005).
func tokens(s string) []string {
	var out []string
	for {
		var tok string
		if tok, s = nextToken(s); tok == "" {
			return out
		}
		out = append(out, strings.ToLower(tok))
	}
}

// nextToken returns the first word of s as written, not lower-cased, and
// what follows it; tok is "" when s has no word. A word is a run of
// letters, digits, dots, dashes and underscores, less the dots, dashes
// and underscores at its ends. A letter's lower case is a letter too, so
// the words of s are those of its lower case.
func nextToken(s string) (tok, rest string) {
	start := -1 // where the current run began
	for i, r := range s {
		if wordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if tok := strings.Trim(s[start:i], ".-_"); tok != "" {
				return tok, s[i:]
			}
			start = -1
		}
	}
	if start >= 0 {
		return strings.Trim(s[start:], ".-_"), ""
	}
	return "", ""
}

// wordRune reports whether r belongs in a word.
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '_' || r == '-'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
