package generator

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Highlight styles: the light palette is the default, the dark one applies
// under prefers-color-scheme: dark or the theme toggle.
const (
	LightStyle = "github"
	DarkStyle  = "github-dark"
)

// Markdown is the one goldmark configuration of the site, built once and
// shared by every worker: GitHub tables, heading ids, chroma highlighting
// with CSS classes, and safe mode (raw HTML is dropped, never rendered).
type Markdown struct {
	gm goldmark.Markdown
}

// NewMarkdown builds the site's Markdown converter.
func NewMarkdown() *Markdown {
	return &Markdown{gm: goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			highlighting.NewHighlighting(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true), chromahtml.WithPreWrapper(focusablePre{})),
				highlighting.WithGuessLanguage(false),
			),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)}
}

// focusablePre wraps highlighted code in a <pre> that keyboard users can
// focus, since a wide example scrolls sideways on a phone.
type focusablePre struct{}

func (focusablePre) Start(code bool, styleAttr string) string {
	if !code {
		return `<pre tabindex="0"` + styleAttr + `>`
	}
	return `<pre tabindex="0"` + styleAttr + `><code>`
}

func (focusablePre) End(code bool) string {
	if !code {
		return "</pre>"
	}
	return "</code></pre>"
}

// Parse parses a Markdown document.
func (m *Markdown) Parse(src []byte) ast.Node {
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	return m.gm.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
}

// templateIDs are the ids the page templates give their own elements; a
// heading in a note never takes one of them.
var templateIDs = []string{"main", "q", "q-results", "q-hint", "meanings", "causes", "substatus",
	"source", "related", "all-codes", "guides", "tips", "search-status", "search-page-results"}

// headingIDs makes heading ids the way GitHub does ("## 400 or 422" →
// "400-or-422"), except that an id never starts with a digit (HTML
// validators reject it there), is never one of templateIDs, and repeats
// get a number.
type headingIDs struct {
	used map[string]bool
}

func newHeadingIDs() *headingIDs {
	ids := &headingIDs{used: map[string]bool{}}
	for _, id := range templateIDs {
		ids.used[id] = true
	}
	return ids
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	var b []byte
	for _, r := range strings.ToLower(strings.TrimSpace(string(value))) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r == ' ' || r == '-' || r == '_':
			b = append(b, '-')
		}
	}
	id := string(b)
	if id == "" {
		id = "section"
	} else if id[0] >= '0' && id[0] <= '9' {
		id = "section-" + id
	}
	base := id
	for i := 1; h.used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	h.used[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// Render writes the HTML of a parsed document.
func (m *Markdown) Render(w io.Writer, src []byte, doc ast.Node) error {
	return m.gm.Renderer().Render(w, src, doc)
}

// inline parses a table cell's text; line is where it stands in the note.
func (m *Markdown) inline(s string, line int) *Inline {
	if s == "" {
		return nil
	}
	src := []byte(s)
	return &Inline{Source: src, Doc: m.Parse(src), Line: line}
}

// link is a link written in Markdown, found in a parsed document.
type link struct {
	node   *ast.Link
	dest   string
	line   int
	target string // page id for internal links, "" for external ones
	frag   string
}

// links lists the links of a document and sorts them into external ones
// (with a scheme) and page ids. Image nodes are returned as errors:
// a note has no images, and a remote one would leave the bundle.
func links(src []byte, doc ast.Node, baseLine int) (out []link, errs []nodeError) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			errs = append(errs, nodeError{line: lineOf(src, n, baseLine), msg: fmt.Sprintf("image %q: notes have no images", n.Destination)})
		case *ast.Link:
			l := link{node: n, dest: string(n.Destination), line: lineOf(src, n, baseLine)}
			u, err := url.Parse(l.dest)
			switch {
			case err != nil:
				errs = append(errs, nodeError{line: l.line, msg: fmt.Sprintf("link %q: %v", l.dest, err)})
				return ast.WalkContinue, nil
			case u.Scheme != "" || strings.HasPrefix(l.dest, "//"):
			case strings.HasPrefix(l.dest, "#"):
				l.frag = l.dest
				l.target = "#"
			default:
				l.target, l.frag, _ = strings.Cut(l.dest, "#")
				if l.frag != "" {
					l.frag = "#" + l.frag
				}
			}
			out = append(out, l)
		}
		return ast.WalkContinue, nil
	})
	return out, errs
}

// lineOf finds the line of an inline node from the first text inside it.
// Cell texts are parsed alone, so their lines count from baseLine.
func lineOf(src []byte, n ast.Node, baseLine int) int {
	for c := n; c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			l := bytes.Count(src[:t.Segment.Start], []byte("\n"))
			if baseLine > 0 {
				return baseLine + l
			}
			return l + 1
		}
	}
	return baseLine
}

// relURL is the link from the page at root-relative path `from` to the
// root-relative path `to`.
func relURL(from, to string) string {
	return strings.Repeat("../", strings.Count(from, "/")) + to
}

var tokenClass = regexp.MustCompile(`(?m)^/\*[^*]*\*/ \.chroma \.([a-z0-9]+) \{`)

var cssRule = regexp.MustCompile(`(?m)^(/\*[^*]*\*/ )?([^{}]+?) \{`)

// HighlightCSS returns the stylesheet for highlighted code: the light
// palette by default and the dark one when the reader's system prefers it
// (unless the theme toggle says light) or the toggle says dark.
func HighlightCSS() (string, error) {
	f := chromahtml.New(chromahtml.WithClasses(true))
	var light, dark bytes.Buffer
	if err := f.WriteCSS(&light, styles.Get(LightStyle)); err != nil {
		return "", err
	}
	if err := f.WriteCSS(&dark, styles.Get(DarkStyle)); err != nil {
		return "", err
	}
	// The dark palette does not style every token the light one does; a
	// token it leaves out would keep its light colour, dark on dark. So the
	// dark rules start by resetting every token class of the light palette.
	var reset strings.Builder
	for _, m := range tokenClass.FindAllStringSubmatch(light.String(), -1) {
		reset.WriteString(".chroma ." + m[1] + " { color: inherit; background-color: transparent; font-weight: inherit; font-style: inherit; text-decoration: inherit }\n")
	}
	darkCSS := reset.String() + dark.String()
	scope := func(css, prefix string) string {
		return cssRule.ReplaceAllString(css, "${1}"+prefix+" ${2} {")
	}
	var b strings.Builder
	b.WriteString("/* Generated from chroma styles " + LightStyle + " and " + DarkStyle + ". */\n")
	b.WriteString(light.String())
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	b.WriteString(scope(darkCSS, `html:not([data-theme="light"])`))
	b.WriteString("}\n")
	b.WriteString(scope(darkCSS, `html[data-theme="dark"]`))
	return b.String(), nil
}
