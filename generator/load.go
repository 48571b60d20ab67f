package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// VendorsFile is the vendor registry inside the content folder.
const VendorsFile = "vendors.yaml"

// Load reads every note (*.md) and the vendor registry from fsys. label is
// the folder's name as the user typed it, so that errors name real paths
// ("content/codes/401.md:3"). Load checks only what it needs to parse;
// Validate checks the rest. All problems are returned together.
func Load(fsys fs.FS, label string, md *Markdown) (*Site, error) {
	site := &Site{Vendors: map[string]*Vendor{}, ByID: map[string]*Page{}}
	var errs List
	vendors, err := loadVendors(fsys, label)
	errs.add(path.Join(label, VendorsFile), err)
	site.Vendors = vendors

	var files []string
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(name, ".md") {
			files = append(files, name)
		}
		return nil
	})
	if err != nil {
		errs.add(label, fmt.Errorf("reading content folder: %w", err))
		return site, errs.err()
	}
	sort.Strings(files)

	pages := make([]*Page, len(files))
	perFile := make([]error, len(files))
	parallel(len(files), func(i int) {
		pages[i], perFile[i] = loadNote(fsys, files[i], label, md)
	})
	for i, p := range pages {
		errs.add(path.Join(label, files[i]), perFile[i])
		if p != nil {
			p.Vendor = site.Vendors[p.Meta.Vendor]
			site.Pages = append(site.Pages, p)
		}
	}
	sortPages(site.Pages)
	return site, errs.err()
}

// parallel calls f(0) … f(n-1) on as many goroutines as there are CPUs.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// parallelPages runs f for every page in parallel and collects the errors,
// each under its page's file.
func parallelPages(pages []*Page, f func(i int) error) List {
	var (
		mu   sync.Mutex
		errs List
	)
	parallel(len(pages), func(i int) {
		if err := f(i); err != nil {
			mu.Lock()
			errs.add(pages[i].File, err)
			mu.Unlock()
		}
	})
	return errs
}

func loadVendors(fsys fs.FS, label string) (map[string]*Vendor, error) {
	file := path.Join(label, VendorsFile)
	vendors := map[string]*Vendor{}
	data, err := fs.ReadFile(fsys, VendorsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return vendors, nil
	}
	if err != nil {
		return vendors, &Error{File: file, Err: err}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return vendors, &Error{File: file, Err: err}
	}
	if len(doc.Content) == 0 {
		return vendors, nil
	}
	root := doc.Content[0]
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

// loadNote reads one note: the front matter, decoded strictly, and the
// Markdown of its body and cause cells.
func loadNote(fsys fs.FS, name, label string, md *Markdown) (*Page, error) {
	file := path.Join(label, name)
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &Error{File: file, Err: err}
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errorf(file, 0, "the file is empty")
	}
	front, body, bodyLine, err := splitFrontMatter(data)
	if err != nil {
		return nil, &Error{File: file, Line: 1, Err: err}
	}

	p := &Page{File: file, Kind: KindCode}
	// One newline in front of the YAML makes the parser's line numbers
	// the note's own.
	var doc yaml.Node
	if err := yaml.Unmarshal(append([]byte("\n"), front...), &doc); err != nil {
		return nil, &Error{File: file, Err: fmt.Errorf("front matter: %w", err)}
	}
	if len(doc.Content) > 0 {
		root := doc.Content[0]
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
	}

	if strings.HasPrefix(name, "guides/") {
		p.Kind = KindGuide
	} else if p.Meta.Kind != "" {
		p.Kind = p.Meta.Kind
	}
	guideName := strings.TrimSuffix(path.Base(name), ".md")
	p.code = formatCode(p)
	p.ID = pageID(p.Kind, p.Meta.Vendor, p.code, guideName)

	p.Source = append(bytes.Repeat([]byte("\n"), bodyLine-1), body...)
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

// splitFrontMatter cuts a note into the YAML between its two "---" lines
// and the body after them; bodyLine is the body's first line number.
func splitFrontMatter(data []byte) (front, body []byte, bodyLine int, err error) {
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, nil, 0, errors.New("no front matter: a note starts with a line \"---\", then YAML, then \"---\"")
	}
	rest := data[4:]
	line := 2
	for len(rest) > 0 {
		end := bytes.IndexByte(rest, '\n')
		var cur []byte
		if end < 0 {
			cur, end = rest, len(rest)-1
		} else {
			cur = rest[:end]
		}
		if string(bytes.TrimRight(cur, " \t")) == "---" {
			front = data[4 : len(data)-len(rest)]
			return front, rest[end+1:], line + 1, nil
		}
		rest = rest[end+1:]
		line++
	}
	return nil, nil, 0, errors.New("front matter is not closed: no second \"---\" line")
}

// nodeError is a problem at a line of a note.
type nodeError struct {
	line   int
	msg    string
	noPage bool // a reference to a page id that does not exist
}

var (
	refType   = reflect.TypeOf(Ref{})
	rolesType = reflect.TypeOf(Roles{})
)

// checkNode compares a YAML node with the Go type it will be decoded into
// and reports unknown keys and values of the wrong shape, each at its own
// line. Decoding after a clean check cannot fail on shape.
func checkNode(n *yaml.Node, t reflect.Type) []nodeError {
	if n.Kind == yaml.AliasNode || n.Tag == "!!null" {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == refType:
		if n.Kind != yaml.ScalarNode {
			return []nodeError{{line: n.Line, msg: "expected a page id"}}
		}
		return nil
	case t == rolesType:
		if n.Kind == yaml.ScalarNode {
			return nil
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return []nodeError{{line: n.Line, msg: fmt.Sprintf("expected a mapping of keys, found %s", describe(n))}}
		}
		fields := yamlFields(t)
		var errs []nodeError
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			f, ok := fields[key.Value]
			if !ok {
				errs = append(errs, nodeError{line: key.Line, msg: fmt.Sprintf("unknown key %q (known keys: %s)", key.Value, knownKeys(fields))})
				continue
			}
			for _, e := range checkNode(val, f) {
				e.msg = key.Value + ": " + e.msg
				errs = append(errs, e)
			}
		}
		return errs
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return []nodeError{{line: n.Line, msg: fmt.Sprintf("expected a list, found %s", describe(n))}}
		}
		var errs []nodeError
		for _, item := range n.Content {
			errs = append(errs, checkNode(item, t.Elem())...)
		}
		return errs
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			return []nodeError{{line: n.Line, msg: fmt.Sprintf("expected a whole number, found %s", describe(n))}}
		}
		if _, err := strconv.Atoi(n.Value); err != nil {
			return []nodeError{{line: n.Line, msg: fmt.Sprintf("%q is not a whole number", n.Value)}}
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return []nodeError{{line: n.Line, msg: fmt.Sprintf("expected text, found %s", describe(n))}}
		}
	}
	return nil
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

// yamlFields maps the yaml keys of a struct type to their field types.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fields[name] = f.Type
	}
	return fields
}

func knownKeys(fields map[string]reflect.Type) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// UnmarshalYAML keeps the line of the page id.
func (r *Ref) UnmarshalYAML(n *yaml.Node) error {
	r.ID, r.Line = n.Value, n.Line
	return nil
}

// UnmarshalYAML accepts one role or a list of roles.
func (r *Roles) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*r = Roles{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*r = list
	return nil
}

// UnmarshalYAML keeps the line of the cause row.
func (c *Cause) UnmarshalYAML(n *yaml.Node) error {
	type plain Cause
	if err := n.Decode((*plain)(c)); err != nil {
		return err
	}
	c.Line = n.Line
	return nil
}
