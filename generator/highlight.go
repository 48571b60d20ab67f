package generator

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Highlight styles: the light palette is the default, the dark one applies
// under prefers-color-scheme: dark or the theme toggle.
const (
	LightStyle = "github"
	DarkStyle  = "github-dark"
)

// codeBlocks renders fenced code blocks with chroma, using CSS classes and
// one formatter shared by every worker. It stands in for
// goldmark-highlighting for one reason: an "http" block that holds a
// request and its response is highlighted as two messages, where chroma
// alone reads the response as the request's body and leaves it plain.
type codeBlocks struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style
}

func newCodeBlocks() *codeBlocks {
	return &codeBlocks{
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithPreWrapper(focusablePre{})),
		style:     styles.Get(LightStyle), // with classes, the style only names the classes
	}
}

// RegisterFuncs implements renderer.NodeRenderer.
func (c *codeBlocks) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, c.render)
}

func (c *codeBlocks) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	block := n.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := 0; i < block.Lines().Len(); i++ {
		line := block.Lines().At(i)
		code.Write(line.Value(src))
	}
	lexer := lexers.Get(strings.ToLower(string(block.Language(src))))
	if lexer == nil {
		w.WriteString(`<pre tabindex="0"><code>`)
		w.Write(util.EscapeHTML(code.Bytes()))
		w.WriteString("</code></pre>\n")
		return ast.WalkSkipChildren, nil
	}
	lexer = chroma.Coalesce(lexer)
	var tokens []chroma.Token
	text := code.String()
	for _, part := range messages(lexer, text) {
		it, err := lexer.Tokenise(nil, part)
		if err != nil {
			return ast.WalkStop, err
		}
		tokens = append(tokens, it.Tokens()...)
	}
	if err := c.formatter.Format(w, c.style, chroma.Literator(tokens...)); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

// messages splits an HTTP example into its messages where a blank line is
// followed by a status line; other code stays whole.
func messages(lexer chroma.Lexer, code string) []string {
	if lexer.Config().Name != "HTTP" {
		return []string{code}
	}
	var parts []string
	for {
		i := strings.Index(code, "\n\nHTTP/")
		if i < 0 {
			return append(parts, code)
		}
		parts = append(parts, code[:i+2])
		code = code[i+2:]
	}
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
