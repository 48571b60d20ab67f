package generator

import (
	"errors"
	"fmt"
	"sort"
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
func (l List) err() error {
	if len(l) == 0 {
		return nil
	}
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		return l[i].Line < l[j].Line
	})
	return l
}
