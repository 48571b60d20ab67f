package generator

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

// DefaultLang is the language of the notes at the root of the content
// folder; every other language's notes are in a folder named after it
// (content/ru/), and its pages are written under that name (ru/).
const DefaultLang = "en"

// Strings are the templates' own words in one language, by key
// (templates/strings/<lang>.yaml). Keys ending in .one, .few, .many and
// .other are the plural forms of a count.
type Strings struct {
	Lang  string
	words map[string]string
}

// loadStrings reads every language's table. Each must have the keys of
// the default language's, so that no page of any language shows a key.
func loadStrings(fsys fs.FS, label string) (map[string]*Strings, error) {
	names, err := fs.Glob(fsys, "strings/*.yaml")
	if err != nil {
		return nil, err
	}
	tables := map[string]*Strings{}
	var errs List
	for _, name := range names {
		file := joinLabel(label, name)
		data, err := fs.ReadFile(fsys, name)
		if err == nil {
			data, err = readText(file, data)
		}
		if err != nil {
			errs.add(file, sourceError(err))
			continue
		}
		root, err := parseYAML(file, data, 1)
		if err != nil {
			errs.add(file, err)
			continue
		}
		s := &Strings{Lang: strings.TrimSuffix(path.Base(name), ".yaml"), words: map[string]string{}}
		if root != nil {
			if err := root.Decode(&s.words); err != nil {
				errs.add(file, &Error{File: file, Err: err})
				continue
			}
		}
		tables[s.Lang] = s
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	def := tables[DefaultLang]
	if def == nil {
		return nil, &Error{File: joinLabel(label, "strings"), Err: fmt.Errorf("no %s.yaml: the templates' words in %s are required", DefaultLang, DefaultLang)}
	}
	for lang, s := range tables {
		var missing []string
		for k := range def.words {
			if _, ok := s.words[k]; !ok && !isPluralForm(k) {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			file := joinLabel(label, "strings/"+lang+".yaml")
			errs.add(file, errorf(file, 0, "missing %s", strings.Join(missing, ", ")))
		}
	}
	return tables, errs.err()
}

// isPluralForm reports a plural form, which a language has only as it needs.
func isPluralForm(key string) bool {
	return slices.ContainsFunc([]string{".one", ".few", ".many", ".other"}, func(s string) bool { return strings.HasSuffix(key, s) })
}

// Langs lists the languages of the tables, the default first.
func langs(tables map[string]*Strings) []string {
	var out []string
	for l := range tables {
		if l != DefaultLang {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return append([]string{DefaultLang}, out...)
}

// T is the word for key, or the key itself in brackets where a table
// lacks it (loadStrings makes that an error for the tables it checks).
func (s *Strings) T(key string) string {
	if w, ok := s.words[key]; ok {
		return w
	}
	return "[" + key + "]"
}

// F fills the word for key with args, as fmt.Sprintf does.
func (s *Strings) F(key string, args ...any) string { return fmt.Sprintf(s.T(key), args...) }

// HTML fills a word that holds markup (its key ends in _html) with args,
// each escaped.
func (s *Strings) HTML(key string, args ...any) template.HTML {
	esc := make([]any, len(args))
	for i, a := range args {
		esc[i] = template.HTMLEscapeString(fmt.Sprint(a))
	}
	return template.HTML(fmt.Sprintf(s.T(key), esc...))
}

// N is the word for a count of n things in the language's plural form:
// "2 meanings", "2 значения", "5 значений".
func (s *Strings) N(key string, n int) string {
	form := "other"
	switch s.Lang {
	case "ru":
		switch m10, m100 := n%10, n%100; {
		case m10 == 1 && m100 != 11:
			form = "one"
		case m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14):
			form = "few"
		default:
			form = "many"
		}
	default:
		if n == 1 {
			form = "one"
		}
	}
	w, ok := s.words[key+"."+form]
	if !ok {
		w = s.T(key + ".other")
	}
	return fmt.Sprintf(w, n)
}

// JS is the table's words for site.js (keys "js.…"), as JSON text.
func (s *Strings) JS() map[string]string {
	out := map[string]string{}
	for k, v := range s.words {
		if name, ok := strings.CutPrefix(k, "js."); ok {
			out[name] = v
		}
	}
	return out
}
