package generator

import (
	"errors"
	"io/fs"
	"path"
	"reflect"
	"sort"
	"strings"
)

// Translation is the front matter of a note in another language than the
// default: its texts only. Codes, statuses, vendors, references' URLs and
// related pages come from the default language's note, so the languages
// cannot disagree on facts.
type Translation struct {
	Title      string          `yaml:"title"`
	Aliases    []string        `yaml:"aliases"`
	Summary    string          `yaml:"summary"`
	Causes     []CauseText     `yaml:"causes"`
	References []ReferenceName `yaml:"references"`
	Meanings   []MeaningTell   `yaml:"meanings"`
}

// CauseText is the text of a cause row in another language, in the same
// order as the default language's rows.
type CauseText struct {
	Symptom string `yaml:"symptom"`
	Cause   string `yaml:"cause"`
	Fix     string `yaml:"fix"`
	When    string `yaml:"when"`
}

// ReferenceName is a reference's name in another language.
type ReferenceName struct {
	Name string `yaml:"name"`
}

// MeaningTell is how a reader tells a meaning apart, in another language.
type MeaningTell struct {
	Tell string `yaml:"tell"`
}

// isLangFolder reports whether a top-level folder of the content holds
// another language's notes: its name is a two-letter language code.
func isLangFolder(name string) bool {
	return len(name) == 2 && name[0] >= 'a' && name[0] <= 'z' && name[1] >= 'a' && name[1] <= 'z'
}

// loadTranslations makes the site of another language from the default
// one: every page whose note has a twin at <lang>/<same path> is
// translated, the others stay in the default language (their pages link
// there). A note with no twin in the default language is an error.
func loadTranslations(fsys fs.FS, label, lang string, def *Site, md *Markdown) (*Site, error) {
	site := &Site{Lang: lang, Vendors: def.Vendors, VendorsFile: def.VendorsFile, Constants: def.Constants, Synonyms: def.Synonyms}
	var errs List
	byName := map[string]*Page{}
	for _, p := range def.Pages {
		byName[p.name] = p
	}
	var names []string
	err := fs.WalkDir(fsys, lang, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.add(joinLabel(label, name), sourceError(err))
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(name, ".md") {
			names = append(names, name)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs.add(joinLabel(label, lang), err)
	}
	sort.Strings(names)
	translated := map[string]*Page{}
	pages := make([]*Page, len(names))
	perFile := make([]error, len(names))
	parallel(len(names), func(i int) {
		rel := strings.TrimPrefix(names[i], lang+"/")
		orig := byName[rel]
		if orig == nil {
			perFile[i] = errorf(joinLabel(label, names[i]), 1, "no note %s in the default language to translate", joinLabel(label, rel))
			return
		}
		pages[i], perFile[i] = translateNote(fsys, names[i], label, lang, orig, md)
	})
	for i, p := range pages {
		errs.add(joinLabel(label, names[i]), perFile[i])
		if p != nil {
			translated[p.ID] = p
		}
	}
	for _, p := range def.Pages {
		if t := translated[p.ID]; t != nil {
			site.Pages = append(site.Pages, t)
		} else {
			site.Pages = append(site.Pages, p)
		}
	}
	return site, errs.err()
}

// translateNote reads one translated note and makes its page: the default
// language's page with the translated texts and body.
func translateNote(fsys fs.FS, name, label, lang string, orig *Page, md *Markdown) (*Page, error) {
	file := joinLabel(label, name)
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &Error{File: file, Err: sourceError(err)}
	}
	if len(data) > MaxNoteSize {
		return nil, errorf(file, 0, "%d KB is over the %d KB limit for a note: split it", len(data)>>10, MaxNoteSize>>10)
	}
	if data, err = readText(file, data); err != nil {
		return nil, err
	}
	front, body, bodyLine, err := splitFrontMatter(data)
	if err != nil {
		return nil, &Error{File: file, Line: 1, Err: err}
	}
	root, err := parseYAML(file, front, 2)
	if err != nil {
		return nil, err
	}
	var tr Translation
	var errs List
	if root != nil {
		for _, e := range checkNode(root, reflect.TypeOf(Translation{})) {
			msg := e.msg
			if strings.HasPrefix(msg, "unknown key") {
				msg += ": a translation has only texts; codes, statuses, vendors, links and related pages come from " + orig.File
			}
			errs = append(errs, errorf(file, e.line, "%s", msg))
		}
		if len(errs) > 0 {
			return nil, errs
		}
		if err := root.Decode(&tr); err != nil {
			return nil, &Error{File: file, Line: root.Line, Err: err}
		}
	}
	lines := keyLines(root)
	line := func(key string) int {
		if l := lines[key]; l > 0 {
			return l
		}
		return 1
	}
	p := *orig
	p.File, p.Lang, p.keyLines = file, lang, lines
	m := &p.Meta
	if strings.TrimSpace(tr.Title) == "" || strings.TrimSpace(tr.Summary) == "" {
		errs = append(errs, errorf(file, 1, "a translation needs its title and summary"))
	}
	m.Title, m.Summary = tr.Title, tr.Summary
	if tr.Aliases != nil {
		if orig.Kind == KindGuide {
			errs = append(errs, errorf(file, line("aliases"), "a guide has no aliases"))
		}
		m.Aliases = tr.Aliases
	}
	count := func(key string, got, want int) bool {
		if got != want {
			errs = append(errs, errorf(file, line(key), "%s: %d here, %d in %s: translate every one, in the same order", key, got, want, orig.File))
			return false
		}
		return true
	}
	if count("causes", len(tr.Causes), len(orig.Meta.Causes)) {
		m.Causes = make([]Cause, len(tr.Causes))
		for i, c := range tr.Causes {
			o := orig.Meta.Causes[i]
			if (c.When == "") != (o.When == "") {
				errs = append(errs, errorf(file, line("causes"), "causes[%d]: when is in one language and not the other", i+1))
			}
			m.Causes[i] = Cause{Symptom: c.Symptom, Cause: c.Cause, Fix: c.Fix, When: c.When, Who: o.Who, Line: o.Line}
		}
	}
	if tr.References != nil && count("references", len(tr.References), len(orig.Meta.References)) {
		m.References = make([]Reference, len(tr.References))
		for i, r := range tr.References {
			m.References[i] = Reference{Name: r.Name, URL: orig.Meta.References[i].URL}
		}
	}
	if tr.Meanings != nil && count("meanings", len(tr.Meanings), len(orig.Meta.Meanings)) {
		m.Meanings = make([]Meaning, len(tr.Meanings))
		for i, mn := range tr.Meanings {
			m.Meanings[i] = Meaning{Page: orig.Meta.Meanings[i].Page, Tell: mn.Tell}
		}
	}
	p.Source = append(make([]byte, bodyLine-1), body...)
	for i := range bodyLine - 1 {
		p.Source[i] = '\n'
	}
	p.Links = nil
	found, bad := links(p.Source, md.Parse(p.Source), 0)
	p.Links = append(p.Links, found...)
	for _, e := range bad {
		errs = append(errs, errorf(file, e.line, "%s", e.msg))
	}
	for _, c := range m.Causes {
		for _, cell := range []string{c.Symptom, c.Cause, c.Fix, c.When} {
			if mayLink(cell) {
				src := []byte(cell)
				found, bad := links(src, md.Parse(src), 0)
				p.Links = append(p.Links, found...)
				for _, e := range bad {
					errs = append(errs, errorf(file, line("causes"), "%s", e.msg))
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return &p, nil
}

// langPath is a root-relative path in a language's part of the site:
// "ru/codes/404.html"; the default language's are at the root.
func langPath(lang, p string) string {
	if lang == "" || lang == DefaultLang {
		return p
	}
	return path.Join(lang, p)
}

// untranslated lists the pages of a language's site still in the default
// language, by their notes.
func untranslated(site *Site) []string {
	var out []string
	for _, p := range site.Pages {
		if p.Lang != site.Lang {
			out = append(out, p.File)
		}
	}
	return out
}
