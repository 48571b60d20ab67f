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
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
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
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(newCodeBlocks(), 100))),
	)}
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

// mayLink reports whether a cell's text can hold a link or an image; one
// that cannot is not parsed at load.
func mayLink(s string) bool {
	return strings.Contains(s, "](") || strings.Contains(s, "]:")
}

// plainCell reports whether a table cell is plain text that Markdown would
// render unchanged but for escaping, so that rendering can skip the parser:
// no inline syntax, no line break, no block marker, nothing that Linkify
// would turn into a link.
func plainCell(s string) bool {
	if strings.ContainsAny(s, "`*_[]<>&\\!#|~\n@") || strings.Contains(s, "://") || strings.Contains(s, "www.") {
		return false
	}
	t := strings.TrimSpace(s)
	if t == "" || strings.ContainsAny(t[:1], "-+=0123456789") {
		return false
	}
	return true
}

// links lists the links of a document and sorts them into external ones
// (with a scheme) and page ids. Image nodes are returned as errors:
// a note has no images, and a remote one would leave the bundle.
func links(src []byte, doc ast.Node, baseLine int) (out []Link, errs []nodeError) {
	linkNodes(src, doc, baseLine, func(_ *ast.Link, l Link) { out = append(out, l) }, func(e nodeError) { errs = append(errs, e) })
	return out, errs
}

// linkNodes calls found for each link of a parsed document, with its node,
// and bad for each image or unparsable destination.
func linkNodes(src []byte, doc ast.Node, baseLine int, found func(*ast.Link, Link), bad func(nodeError)) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			bad(nodeError{line: lineOf(src, n, baseLine), msg: fmt.Sprintf("image %q: notes have no images", n.Destination)})
		case *ast.Link:
			l := Link{Dest: string(n.Destination), Line: lineOf(src, n, baseLine)}
			u, err := url.Parse(l.Dest)
			switch {
			case err != nil:
				bad(nodeError{line: l.Line, msg: fmt.Sprintf("link %q: %v", l.Dest, err)})
				return ast.WalkContinue, nil
			case u.Scheme != "" || strings.HasPrefix(l.Dest, "//"):
			case strings.HasPrefix(l.Dest, "#"):
				l.Frag = l.Dest
				l.Target = "#"
			default:
				l.Target, l.Frag, _ = strings.Cut(l.Dest, "#")
				if l.Frag != "" {
					l.Frag = "#" + l.Frag
				}
			}
			found(n, l)
		}
		return ast.WalkContinue, nil
	})
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
