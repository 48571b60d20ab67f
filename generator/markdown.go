package generator

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
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
		// Attributes let a translated heading keep the id of its original
		// ("## Как выбрать {#decision}"), so links to it work in both
		// languages.
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute()),
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
	"source", "related", "all-codes", "guides", "tips", "search-status", "search-page-results", "errors", "arrives-as", "toc-title", "in-code"}

// reservedIDs is templateIDs as a set.
var reservedIDs = func() map[string]bool {
	m := map[string]bool{}
	for _, id := range templateIDs {
		m[id] = true
	}
	return m
}()

// headingIDs makes heading ids the way GitHub does ("## 400 or 422" →
// "400-or-422"), except that an id never starts with a digit (HTML
// validators reject it there), is never one of templateIDs, and repeats
// get a number.
type headingIDs struct {
	used map[string]bool // made at the first heading: most texts parsed (table cells) have none
}

func newHeadingIDs() *headingIDs { return &headingIDs{} }

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	var b []byte
	for _, r := range strings.ToLower(strings.TrimSpace(string(value))) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r == ' ' || r == '-' || r == '_':
			b = append(b, '-')
		case cyrillic[r] != "":
			b = append(b, cyrillic[r]...)
		}
	}

	id := string(b)
	if id == "" {
		id = "section"
	} else if id[0] >= '0' && id[0] <= '9' {
		id = "section-" + id
	}
	base := id
	for i := 1; reservedIDs[id] || h.used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	h.Put([]byte(id))
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) {
	if h.used == nil {
		h.used = map[string]bool{}
	}
	h.used[string(value)] = true
}

// cyrillic spells Russian letters in Latin ones for heading ids, so that
// a link to a section of a Russian page stays readable when it is pasted
// ("#chto-eto-znachit").
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "iu", 'я': "ia",
}

// Render writes the HTML of a parsed document.
func (m *Markdown) Render(w io.Writer, src []byte, doc ast.Node) error {
	if b, ok := w.(*bytes.Buffer); ok {
		w = bufferWriter{b}
	}
	return m.gm.Renderer().Render(w, src, doc)
}

// bufferWriter hands goldmark a bytes.Buffer as the buffered writer it
// wants: given any other writer, it wraps it in a bufio.Writer of its own,
// 4 KB, at every call (many per page: the body and each table cell).
type bufferWriter struct{ *bytes.Buffer }

func (bufferWriter) Flush() error  { return nil }
func (bufferWriter) Buffered() int { return 0 } // every byte is in the buffer already

// mayLink reports whether a cell's text can hold a link or an image; one
// that cannot is not parsed at load.
func mayLink(s string) bool {
	return strings.Contains(s, "](") || strings.Contains(s, "]:") || strings.Contains(s, "<")
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
// (with a scheme) and page ids. Images and script links are returned as
// errors: a note has no images (a remote one would leave the bundle), and
// a javascript:, vbscript: or data: link is never what a note means.
func links(src []byte, doc ast.Node, baseLine int) (out []Link, errs []nodeError) {
	linkNodes(src, doc, baseLine, func(_ *ast.Link, l Link) { out = append(out, l) }, func(e nodeError) { errs = append(errs, e) })
	return out, errs
}

// unsafeSchemes are link schemes that run code or hide content; goldmark
// drops such links silently (href=""), the build reports them.
var unsafeSchemes = []string{"javascript", "vbscript", "data"}

// linkNodes calls found for each link of a parsed document, with its node,
// and bad for each image, unsafe or unparsable destination.
func linkNodes(src []byte, doc ast.Node, baseLine int, found func(*ast.Link, Link), bad func(nodeError)) {
	lines := newLineIndex(src, baseLine)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			bad(nodeError{line: lines.of(n), msg: fmt.Sprintf("image %q: notes have no images", n.Destination)})
		case *ast.AutoLink:
			if u := string(n.URL(src)); unsafeScheme(u) {
				bad(nodeError{line: lines.find(src, n, u), msg: fmt.Sprintf("link %q: %s links are not allowed", u, scheme(u))})
			}
		case *ast.Link:
			l := Link{Dest: string(n.Destination), Line: lines.of(n)}
			u, err := url.Parse(l.Dest)
			switch {
			case unsafeScheme(l.Dest):
				bad(nodeError{line: l.Line, msg: fmt.Sprintf("link %q: %s links are not allowed", l.Dest, scheme(l.Dest))})
				return ast.WalkContinue, nil
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

// scheme is the lower-case scheme of a link as a browser reads it:
// browsers drop ASCII whitespace and control characters from a URL, so
// "java\tscript:" is still javascript.
func scheme(dest string) string {
	var b strings.Builder
	for _, r := range dest {
		if r == ':' {
			return strings.ToLower(b.String())
		}
		if r > ' ' && r != 0x7f {
			b.WriteRune(r)
		}
	}
	return ""
}

func unsafeScheme(dest string) bool { return slices.Contains(unsafeSchemes, scheme(dest)) }

// lineIndex finds the line of an offset by binary search over the line
// starts, so finding the lines of all links costs n log n, not n².
type lineIndex struct {
	starts []int // offset of the first byte of each line
	base   int   // the line of the first line, for cells parsed alone
}

func newLineIndex(src []byte, baseLine int) *lineIndex {
	x := &lineIndex{starts: []int{0}, base: max(baseLine, 1)}
	for i, c := range src {
		if c == '\n' {
			x.starts = append(x.starts, i+1)
		}
	}
	return x
}

// find finds the line of an inline node that holds no text node (an
// autolink) by looking for its text from the start of its block.
func (x *lineIndex) find(src []byte, n ast.Node, text string) int {
	b := n.Parent()
	for b != nil && b.Type() != ast.TypeBlock {
		b = b.Parent()
	}
	if b == nil || b.Lines().Len() == 0 {
		return x.base
	}
	from := b.Lines().At(0).Start
	i := bytes.Index(src[from:], []byte(text))
	if i < 0 {
		return x.line(from)
	}
	return x.line(from + i)
}

// line is the line of a byte offset.
func (x *lineIndex) line(offset int) int {
	i, found := slices.BinarySearch(x.starts, offset)
	if !found {
		i--
	}
	return x.base + i
}

// of finds the line of an inline node from the first text inside it, or
// the base line when it holds none.
func (x *lineIndex) of(n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return x.line(t.Segment.Start)
		}
	}
	return x.base
}

// relURL is the link from the page at root-relative path `from` to the
// root-relative path `to`.
func relURL(from, to string) string {
	return strings.Repeat("../", strings.Count(from, "/")) + to
}
