package generator

import "testing"

func TestPlainText(t *testing.T) {
	md := NewMarkdown()
	cases := []struct{ in, want string }{
		{"Plain words stay.", "Plain words stay."},
		{"The `WWW-Authenticate` header.", "The WWW-Authenticate header."},
		{"**Bold** and *em* and ~~gone~~.", "Bold and em and gone."},
		{"See [403](403#meaning) first.", "See 403 first."},
		{"Read <https://example.org/x> now.", "Read https://example.org/x now."},
		{"Two\nlines join.", "Two lines join."},
		{"A & B < C.", "A & B < C."},
		{"First paragraph.\n\nSecond one.", "First paragraph.\nSecond one."},
		{"Raw <b>html</b> goes.", "Raw html goes."},
		{"Caf&eacute; &amp; more", "Café & more"},
		{"`curl -w '%{http_code}'` prints `000`.", "curl -w '%{http_code}' prints 000."},
	}
	for _, c := range cases {
		if got := md.PlainText(c.in); got != c.want {
			t.Errorf("PlainText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
