package generator

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// FuzzLoadNote feeds arbitrary bytes to the note loader: front matter,
// Markdown and link extraction. It must never panic; it returns a page or
// errors that name the note; every line it reports lies inside the note;
// and a page it accepts has valid UTF-8 text and no script links. The seed
// corpus is in testdata/fuzz/FuzzLoadNote.
func FuzzLoadNote(f *testing.F) {
	f.Add([]byte("---\ncode: 404\ntitle: Not Found\nsummary: s\nstatus: standard\n---\n\nSee [403](403) and <https://example.org>.\n"))
	f.Add([]byte("---\ncode: 403\nsubstatus: 14\nvendor: iis\ntitle: t\nsummary: s\nstatus: standard\ncauses:\n  - symptom: \"[a](javascript:x)\"\n    cause: b\n    fix: c\n    who: [visitor, developer]\n---\n"))
	md := NewMarkdown()
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"codes/x.md": {Data: data}}
		p, err := loadNote(fsys, "codes/x.md", "content", md)
		lines := bytes.Count(data, []byte("\n")) + 1
		if err != nil {
			var list List
			var one *Error
			switch {
			case errors.As(err, &list):
			case errors.As(err, &one):
				list = List{one}
			default:
				t.Fatalf("an error of type %T, not *Error or List: %v", err, err)
			}
			for _, e := range list {
				if e.File != "content/codes/x.md" {
					t.Errorf("error names %q, not the note: %v", e.File, e)
				}
				if e.Line < 0 || e.Line > lines+1 {
					t.Errorf("error at line %d of a %d-line note: %v", e.Line, lines, e)
				}
			}
			return
		}
		if p == nil {
			t.Fatal("no page and no error")
		}
		if !utf8.Valid(p.Source) {
			t.Error("accepted a note that is not UTF-8")
		}
		for _, l := range p.Links {
			if l.Line < 1 || l.Line > lines+1 {
				t.Errorf("link %q at line %d of a %d-line note", l.Dest, l.Line, lines)
			}
			if unsafeScheme(l.Dest) || strings.HasPrefix(strings.ToLower(strings.TrimSpace(l.Dest)), "javascript:") {
				t.Errorf("accepted a script link %q", l.Dest)
			}
		}
	})
}
