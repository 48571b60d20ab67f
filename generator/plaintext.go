package generator

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// PlainText turns a short Markdown text (a summary, a table cell) into
// plain text for places that show no HTML: the terminal, the man page and
// the JSON twins. Emphasis and code marks go, a link keeps its text, and
// an autolink its address; paragraphs become lines.
func (m *Markdown) PlainText(s string) string { return m.plainText(s, nil) }

// plainText is PlainText that writes a link's URL, as resolve gives it,
// after the link's text: "see 403 (codes/403.html)".
func (m *Markdown) plainText(s string, resolve func(dest string) string) string {
	if plainCell(s) {
		return strings.TrimSpace(s)
	}
	src := []byte(s)
	var b strings.Builder
	code := 0 // inside a code span, where escapes and entities stay as written
	_ = ast.Walk(m.Parse(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.CodeSpan:
			if entering {
				code++
			} else {
				code--
			}
		case *ast.Text:
			if entering {
				v := n.Value(src)
				if code == 0 {
					v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
				}
				b.Write(v)
				if n.HardLineBreak() {
					b.WriteByte('\n')
				} else if n.SoftLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *ast.Link:
			if !entering && resolve != nil {
				b.WriteString(" (" + resolve(string(n.Destination)) + ")")
			}
		case *ast.AutoLink:
			if entering {
				b.Write(n.URL(src))
			}
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.Heading, *ast.ListItem, *extast.TableRow:
			if !entering && n.NextSibling() != nil {
				b.WriteByte('\n')
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if entering {
				lines := n.Lines()
				for i := range lines.Len() {
					seg := lines.At(i)
					b.Write(seg.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
