package generator

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// text checks that a file read from a source folder is text the site can
// publish: UTF-8 (a page declares charset=utf-8, so other bytes would ship
// as garbage), without a byte-order mark, with \n line ends.
func readText(file string, data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		line := bytes.Count(data[:i], []byte("\n")) + 1
		return nil, errorf(file, line, "invalid UTF-8 (byte 0x%02X): save the file as UTF-8", data[i])
	}
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), nil
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

// parseYAML parses YAML that starts at line first of file into a node.
// yaml.v3 reports a syntax error only as text ("yaml: line 3: …"), so its
// line is taken from there and made the file's own line.
func parseYAML(file string, data []byte, first int) (*yaml.Node, error) {
	var doc yaml.Node
	err := yaml.Unmarshal(data, &doc)
	if err == nil {
		if len(doc.Content) == 0 {
			return nil, nil
		}
		shift(doc.Content[0], first-1)
		return doc.Content[0], nil
	}
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return nil, &Error{File: file, Err: fmt.Errorf("YAML: %w", err)}
	}
	line, _ := strconv.Atoi(m[1])
	// For an unclosed list, mapping or indentation error yaml.v3 gives
	// the line before the one the problem is on (its mark is zero-based
	// there); the other messages give the line itself.
	if strings.HasPrefix(m[2], "did not find expected") || strings.HasPrefix(m[2], "found a tab character") {
		line++
	}
	return nil, errorf(file, line+first-1, "YAML: %s", m[2])
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// shift moves the line of every node by n, so that YAML cut from the
// middle of a note reports the note's own lines.
func shift(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shift(c, by)
	}
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

// keyLines maps the keys of a YAML mapping to their lines, so that a
// value found wrong later is reported where it was typed.
func keyLines(n *yaml.Node) map[string]int {
	lines := map[string]int{}
	if n == nil || n.Kind != yaml.MappingNode {
		return lines
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		lines[n.Content[i].Value] = n.Content[i].Line
	}
	return lines
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

// UnmarshalYAML keeps the line of the reference.
func (r *Reference) UnmarshalYAML(n *yaml.Node) error {
	type plain Reference
	if err := n.Decode((*plain)(r)); err != nil {
		return err
	}
	r.Line = n.Line
	return nil
}

// UnmarshalYAML accepts a constant's name alone or a mapping.
func (c *Constant) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		c.Name = n.Value
		return nil
	}
	type plain Constant
	return n.Decode((*plain)(c))
}

// UnmarshalYAML keeps the line of the library.
func (l *Library) UnmarshalYAML(n *yaml.Node) error {
	type plain Library
	if err := n.Decode((*plain)(l)); err != nil {
		return err
	}
	l.Line = n.Line
	return nil
}
