package generator

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Error is a problem in one input file, at a line where it is known.
type Error struct {
	File string
	Line int
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// errorf returns an *Error for file at line.
func errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}

// List collects every problem of a stage, so that one failed build reports
// all of them rather than the first.
type List []*Error

func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// add appends err, flattening lists and wrapping foreign errors.
func (l *List) add(file string, err error) {
	if err == nil {
		return
	}
	var list List
	var e *Error
	switch {
	case errors.As(err, &list):
		*l = append(*l, list...)
	case errors.As(err, &e):
		*l = append(*l, e)
	default:
		*l = append(*l, &Error{File: file, Err: err})
	}
}

// err returns the list sorted by file and line, or nil when it is empty.
// A template error that every page of a kind hits is kept once.
func (l List) err() error {
	if len(l) == 0 {
		return nil
	}
	l = l.collapse()
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		return l[i].Line < l[j].Line
	})
	return l
}

// collapse keeps one of the errors that differ only in the page being
// rendered, and says how many other pages failed the same way.
func (l List) collapse() List {
	type key struct {
		file string
		line int
		msg  string
	}
	seen := map[key]*renderError{}
	out := l[:0:0]
	for _, e := range l {
		var re *renderError
		if !errors.As(e.Err, &re) {
			out = append(out, e)
			continue
		}
		k := key{e.File, e.Line, re.Err.Error()}
		if first := seen[k]; first != nil {
			first.others++
			continue
		}
		seen[k] = re
		out = append(out, e)
	}
	return out
}

// renderError is a template that failed while rendering one page.
type renderError struct {
	Page   string // the note's file, or the site file ("index.html")
	Err    error
	others int // other pages that failed with the same error
}

func (e *renderError) Error() string {
	if e.others > 0 {
		return fmt.Sprintf("rendering %s (and %s): %v", e.Page, plural(e.others, "other page"), e.Err)
	}
	return fmt.Sprintf("rendering %s: %v", e.Page, e.Err)
}

func (e *renderError) Unwrap() error { return e.Err }

// templatePos finds the template file and line in an html/template error,
// which carries them only in its text ("template: code.html:12:3: …").
var templatePos = regexp.MustCompile(`template: ([\w.-]+\.html):(\d+):`)

// templateError wraps a template execution error with the page being
// rendered, at the template file and line the error names.
func templateError(dir, file, page string, err error) *Error {
	line := 0
	if m := templatePos.FindStringSubmatch(err.Error()); m != nil {
		file = m[1]
		line, _ = strconv.Atoi(m[2])
	}
	return &Error{File: joinLabel(dir, file), Line: line, Err: &renderError{Page: page, Err: err}}
}

// nodeError is a problem at a line of a note.
type nodeError struct {
	line   int
	msg    string
	noPage bool // a reference to a page id that does not exist
}

// NoPageError is a reference to a page id or vendor that does not exist.
// After a load error it may only mean that the page or vendors.yaml failed
// to load, so the build leaves it out then, rather than bury the real
// error under its echoes.
type NoPageError struct{ msg string }

func (e *NoPageError) Error() string { return e.msg }

// joinErrors reports load and validation errors together, leaving out
// references to missing pages when notes failed to load: the missing page
// is most likely one of them.
func joinErrors(loadErr, validErr error) error {
	var all, valid List
	all.add("", loadErr)
	valid.add("", validErr)
	for _, e := range valid {
		var noPage *NoPageError
		if loadErr != nil && errors.As(e, &noPage) {
			continue
		}
		all = append(all, e)
	}
	return all.err()
}

// plural counts things in English: "1 error", "3 errors".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}
