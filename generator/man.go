package generator

import (
	"fmt"
	"io"
	"strings"
)

// Man writes the site as a manual page in section 7, httpstatus(7): every
// code and error with its summary, grouped as on the index, then the
// guides and SEE ALSO. The roff is plain man(7) macros, so man, mandoc
// and groff all read it.
//
// date is the page's date (YYYY-MM-DD) in its header.
func (r *Renderer) Man(w io.Writer, date string) error {
	plain := r.Markdown.PlainText
	var b strings.Builder
	fmt.Fprintf(&b, ".TH HTTPSTATUS 7 %q \"statuscodes\" \"HTTP status codes\"\n", date)
	b.WriteString(".SH NAME\nhttpstatus \\- HTTP status codes, vendor codes and errors without a status\n")
	b.WriteString(".SH DESCRIPTION\n")
	b.WriteString(roff(fmt.Sprintf("Every status code in the IANA registry, every IIS sub-status, the codes that vendors such as nginx, Cloudflare and AWS define, the obsolete Warning header codes, and errors that carry no status at all (browser network errors, curl exit codes). %d entries. Each entry gives the code, its name and vendor, and one sentence on what it means; statuscodes explain CODE prints its causes and fixes.", r.countEntries())) + "\n")
	for _, g := range r.indexGroups() {
		fmt.Fprintf(&b, ".SH %s\n", roff(strings.ToUpper(g.Title)))
		if g.Note != "" {
			b.WriteString(roff(g.Note) + "\n")
		}
		r.manEntries(&b, g.Pages, plain)
		for _, sub := range g.Groups {
			fmt.Fprintf(&b, ".SS %s\n", roff(sub.Title))
			r.manEntries(&b, sub.Pages, plain)
		}
	}
	if guides := r.Index.Guides(); len(guides) > 0 {
		b.WriteString(".SH GUIDES\n")
		for _, p := range guides {
			fmt.Fprintf(&b, ".TP\n.B %s\n%s\n", roff(p.Meta.Title), roff(plain(p.Meta.Summary)))
		}
	}
	b.WriteString(".SH SEE ALSO\n.BR statuscodes (1),\n.BR curl (1),\n.BR nginx (8)\n.PP\n")
	b.WriteString(roff("RFC 9110, HTTP Semantics, section 15 (status codes); the IANA HTTP Status Code Registry; Microsoft KB 943891 (IIS status codes).") + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// manEntries writes one tagged paragraph per page: code, title and vendor,
// then the summary.
func (r *Renderer) manEntries(b *strings.Builder, pages []*Page, plain func(string) string) {
	for _, p := range pages {
		head := p.Meta.Title
		if c := p.Code(); c != "" && !strings.HasPrefix(head, c) {
			head = c + " " + head
		}
		if p.Vendor != nil {
			head += " (" + p.Vendor.Name + ")"
		}
		fmt.Fprintf(b, ".TP\n.B %s\n%s\n", roff(head), roff(plain(p.Meta.Summary)))
	}
}

// countEntries is the number of codes and errors the page lists.
func (r *Renderer) countEntries() int {
	n := 0
	for _, p := range r.Index.Site.Pages {
		if p.Kind != KindGuide && p.Kind != KindOverview {
			n++
		}
	}
	return n
}

// roff escapes text for roff lines: a backslash is written \e, a minus
// \-, anything beyond ASCII as a Unicode escape (groff and mandoc both
// read it), and the text is broken into lines of at most 78 bytes, none
// starting with a control character. Fill mode joins them again.
func roff(s string) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		var e strings.Builder
		for _, c := range word {
			switch {
			case c == '\\':
				e.WriteString(`\e`)
			case c == '-':
				e.WriteString(`\-`)
			case c > 0x7e || c < ' ':
				fmt.Fprintf(&e, `\[u%04X]`, c)
			default:
				e.WriteRune(c)
			}
		}
		w := e.String()
		if line != "" && len(line)+1+len(w) > 78 {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}
