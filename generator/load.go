package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// VendorsFile is the vendor registry inside the content folder.
const VendorsFile = "vendors.yaml"

// ConstantsFile holds the libraries' status constants inside the content
// folder.
const ConstantsFile = "constants.yaml"

// MaxNoteSize is the largest note the build reads. The longest real note
// is 22 KB. goldmark's time grows with the square of a block's length for
// some inputs (thousands of unclosed link destinations, deep nesting), so
// an unbounded note could stall a build or serve; at 48 KB the worst such
// note parses in about a second.
const MaxNoteSize = 48 << 10

// Load reads every note (*.md) and the vendor registry from fsys. label is
// the folder's name as the user typed it, so that errors name real paths
// ("content/codes/401.md:3"). Load checks only what it needs to parse;
// Validate checks the rest. All problems are returned together.
//
// prev holds pages of an earlier load by file (the name errors use) that
// the caller knows have not changed since: their notes are not read again.
// Serve passes the pages of every note its file watcher did not report.
func Load(fsys fs.FS, label string, md *Markdown, prev map[string]*Page) (*Site, error) {
	return load(fsys, label, md, prev, nil)
}

// load is Load with the list of notes given (names in fsys), when the
// caller knows it: listing a folder of 10 000 notes costs more than the
// rest of a serve update. A listed note that is gone is left out.
func load(fsys fs.FS, label string, md *Markdown, prev map[string]*Page, names []string) (*Site, error) {
	site := &Site{VendorsFile: joinLabel(label, VendorsFile)}
	var errs List
	vendors, err := loadVendors(fsys, site.VendorsFile)
	errs.add(site.VendorsFile, err)
	site.Vendors = vendors
	site.Constants, err = loadConstants(fsys, joinLabel(label, ConstantsFile))
	errs.add(joinLabel(label, ConstantsFile), err)
	if root, err := readYAMLFile(fsys, "synonyms.yaml", joinLabel(label, "synonyms.yaml")); err != nil {
		errs.add(joinLabel(label, "synonyms.yaml"), err)
	} else if root != nil {
		if err := root.Decode(&site.Synonyms); err != nil {
			errs.add(joinLabel(label, "synonyms.yaml"), &Error{File: joinLabel(label, "synonyms.yaml"), Err: err})
		}
	}

	notes, listed := names, names != nil
	if !listed {
		err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				errs.add(joinLabel(label, name), sourceError(err))
				return nil
			}
			if d.IsDir() && name != "." && !strings.Contains(name, "/") && isLangFolder(name) {
				return fs.SkipDir // another language's notes: loadTranslations
			}
			if !d.IsDir() && strings.HasSuffix(name, ".md") {
				notes = append(notes, name)
			}
			return nil
		})
	}
	if err != nil {
		errs.add(label, fmt.Errorf("reading the content folder: %w", err))
		return site, errs.err()
	}
	if len(notes) == 0 && len(errs) == 0 {
		errs.add(label, errors.New("no notes (*.md files) in the content folder: is -content right?"))
	}
	sort.Strings(notes)
	notes = slices.Compact(notes)

	pages := make([]*Page, len(notes))
	perFile := make([]error, len(notes))
	parallel(len(notes), func(i int) {
		if old := prev[joinLabel(label, notes[i])]; old != nil {
			pages[i] = old
			if old.Vendor == nil && old.Meta.Vendor != "" { // a note restored from the build cache
				old.Vendor = vendors[old.Meta.Vendor]
			}
			return
		}
		pages[i], perFile[i] = loadNote(fsys, notes[i], label, md)
		if listed && errors.Is(perFile[i], fs.ErrNotExist) {
			perFile[i] = nil // removed since it was listed
		}
		if pages[i] != nil {
			pages[i].Vendor = vendors[pages[i].Meta.Vendor]
		}
	})
	for i, p := range pages {
		errs.add(joinLabel(label, notes[i]), perFile[i])
		if p != nil {
			site.Pages = append(site.Pages, p)
		}
	}
	sortPages(site.Pages)
	return site, errs.err()
}

// joinLabel joins a folder as the user typed it and a slash path in it.
func joinLabel(label, name string) string {
	if label == "" {
		return name
	}
	return path.Join(filepath.ToSlash(label), name)
}

// sourceError explains an error of reading a source folder; the one that
// needs explaining is a symlink that leads outside it, which os.Root
// refuses so that nothing outside the source folders is ever published.
func sourceError(err error) error {
	if err != nil && strings.Contains(err.Error(), "path escapes from parent") {
		return fmt.Errorf("a symlink that leads outside its folder: refused, so that nothing outside the source folders is published (%w)", err)
	}
	return err
}

// readYAMLFile reads an optional YAML file of a source folder (name in
// fsys, file as errors name it); a missing file gives no node and no error.
func readYAMLFile(fsys fs.FS, name, file string) (*yaml.Node, error) {
	data, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &Error{File: file, Err: sourceError(err)}
	}
	if data, err = readText(file, data); err != nil {
		return nil, err
	}
	return parseYAML(file, data, 1)
}

func loadVendors(fsys fs.FS, file string) (map[string]*Vendor, error) {
	vendors := map[string]*Vendor{}
	root, err := readYAMLFile(fsys, VendorsFile, file)
	if err != nil || root == nil {
		return vendors, err
	}
	if root.Kind != yaml.MappingNode {
		return vendors, errorf(file, root.Line, "expected a mapping of vendor slugs")
	}
	var errs List
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		for _, e := range checkNode(val, reflect.TypeOf(Vendor{})) {
			errs.add(file, errorf(file, e.line, "%s: %s", key.Value, e.msg))
		}
		v := &Vendor{Slug: key.Value, Line: key.Line}
		if err := val.Decode(v); err != nil {
			errs.add(file, errorf(file, key.Line, "%s: %v", key.Value, err))
			continue
		}
		vendors[v.Slug] = v
	}
	return vendors, errs.err()
}

// loadConstants reads constants.yaml, if the content folder has one.
func loadConstants(fsys fs.FS, file string) (*Constants, error) {
	c := &Constants{File: file}
	root, err := readYAMLFile(fsys, ConstantsFile, file)
	if err != nil || root == nil {
		return c, err
	}
	var doc struct {
		Libraries []Library                      `yaml:"libraries"`
		Codes     map[string]map[string]Constant `yaml:"codes"`
	}
	if err := root.Decode(&doc); err != nil {
		return c, &Error{File: file, Err: err}
	}
	c.Libraries, c.Codes = doc.Libraries, doc.Codes
	return c, nil
}

// loadNote reads one note: the front matter, decoded strictly, and the
// links of its body and cause cells, each with its line.
func loadNote(fsys fs.FS, name, label string, md *Markdown) (*Page, error) {
	file := joinLabel(label, name)
	if st, err := fs.Stat(fsys, name); err != nil {
		return nil, &Error{File: file, Err: sourceError(err)}
	} else if st.Size() > MaxNoteSize {
		return nil, errorf(file, 0, "%d KB is over the %d KB limit for a note: split it", st.Size()>>10, MaxNoteSize>>10)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &Error{File: file, Err: sourceError(err)}
	}
	if data, err = readText(file, data); err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, errorf(file, 0, "the file is empty")
	}
	front, body, bodyLine, err := splitFrontMatter(data)
	if err != nil {
		return nil, &Error{File: file, Line: 1, Err: err}
	}

	p := &Page{File: file, name: name, Kind: KindCode}
	root, err := parseYAML(file, front, 2)
	if err != nil {
		return nil, err
	}
	if root != nil {
		var errs List
		for _, e := range checkNode(root, reflect.TypeOf(FrontMatter{})) {
			errs = append(errs, errorf(file, e.line, "%s", e.msg))
		}
		if len(errs) > 0 {
			return nil, errs
		}
		if err := root.Decode(&p.Meta); err != nil {
			return nil, &Error{File: file, Line: root.Line, Err: fmt.Errorf("front matter: %w", err)}
		}
		p.keyLines = keyLines(root)
	}

	switch {
	case strings.HasPrefix(name, "guides/"):
		p.Kind = KindGuide
	case p.Meta.Kind != "":
		p.Kind = p.Meta.Kind
	case p.Meta.Error != "":
		p.Kind = KindError
	}
	guideName := strings.TrimSuffix(path.Base(name), ".md")
	p.code = formatCode(p)
	p.ID = pageID(p.Kind, p.Meta.Vendor, p.code, guideName)

	p.Source = append(make([]byte, bodyLine-1), body...)
	for i := range bodyLine - 1 {
		p.Source[i] = '\n'
	}
	var errs List
	found, bad := links(p.Source, md.Parse(p.Source), 0)
	p.Links = append(p.Links, found...)
	for _, e := range bad {
		errs = append(errs, errorf(file, e.line, "%s", e.msg))
	}
	for _, c := range p.Meta.Causes {
		for _, cell := range []string{c.Symptom, c.Cause, c.Fix, c.When} {
			if !mayLink(cell) {
				continue
			}
			src := []byte(cell)
			found, bad := links(src, md.Parse(src), c.Line)
			p.Links = append(p.Links, found...)
			for _, e := range bad {
				errs = append(errs, errorf(file, e.line, "%s", e.msg))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return p, nil
}
