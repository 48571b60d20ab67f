package generator

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"
)

// Template files. base.html is the frame, partials.html holds sections
// several kinds share ("related", "refs"); each page kind has its own file
// that defines the "main" block.
var templateFiles = map[string]string{
	KindCode:           "code.html",
	KindDisambiguation: "disambiguation.html",
	KindOverview:       "overview.html",
	KindGuide:          "guide.html",
	KindError:          "error.html",
	KindNumber:         "number.html",
	"index":            "index.html",
	"404":              "404.html",
	"search":           "search.html",
}

// Templates holds one parsed template set per page kind.
type Templates struct {
	byKind  map[string]*template.Template
	label   string
	strings map[string]*Strings // the templates' words by language
}

// LoadTemplates parses base.html with each page template from fsys. Each
// set is named after its file, so errors carry the file and the line.
func LoadTemplates(fsys fs.FS, label string) (*Templates, error) {
	t := &Templates{byKind: map[string]*template.Template{}, label: label}
	var errs List
	sources := map[string]string{}
	for _, name := range []string{"base.html", "partials.html"} {
		sources[name] = ""
	}
	for _, file := range templateFiles {
		sources[file] = ""
	}
	for name := range sources {
		data, err := fs.ReadFile(fsys, name)
		if err == nil {
			data, err = readText(joinLabel(label, name), data)
		}
		if err != nil {
			errs.add(joinLabel(label, name), sourceError(err))
			continue
		}
		sources[name] = string(data)
	}
	if len(errs) > 0 {
		return nil, errs.err()
	}
	var err error
	if t.strings, err = loadStrings(fsys, label); err != nil {
		return nil, err
	}
	for kind, file := range templateFiles {
		set := template.New(file).Funcs(funcs)
		var err error
		for _, name := range []string{"base.html", "partials.html", file} {
			if set, err = set.New(name).Parse(sources[name]); err != nil {
				errs.add(joinLabel(label, name), err)
				break
			}
		}
		t.byKind[kind] = set
	}
	return t, errs.err()
}

// execute runs the template of a page kind into a buffer; page names what
// is being rendered, for the error.
func (t *Templates) execute(kind, page string, data *PageData) ([]byte, error) {
	var b bytes.Buffer
	if err := t.byKind[kind].ExecuteTemplate(&b, "base.html", data); err != nil {
		return nil, templateError(t.label, templateFiles[kind], page, err)
	}
	return b.Bytes(), nil
}

// funcs are the template functions; doc.go lists them.
var funcs = template.FuncMap{
	"join": strings.Join,
}
