package generator

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Terminal says how to print for a terminal: the width to wrap at,
// whether to use colour (only on a terminal, never with NO_COLOR), and the
// site's address for the link to each page.
type Terminal struct {
	Width   int
	Color   bool
	BaseURL string
}

// Explain prints pages for a terminal: for each, its code and title, its
// class, status and vendor, its summary, the cause → fix table as
// labelled blocks wrapped to the width, and the page's address.
func (r *Renderer) Explain(w io.Writer, pages []*Page, t Terminal) error {
	width := max(t.Width, 40)
	bold, dim, off := "", "", ""
	if t.Color {
		bold, dim, off = "\x1b[1m", "\x1b[2m", "\x1b[0m"
	}
	plain := r.Markdown.PlainText
	var b strings.Builder
	for i, p := range pages {
		if i > 0 {
			b.WriteString("\n")
		}
		head := p.Meta.Title
		if c := p.Code(); c != "" {
			head = c + "  " + head
		}
		fmt.Fprintf(&b, "%s%s%s\n", bold, head, off)
		if facts := r.facts(p); facts != "" {
			fmt.Fprintf(&b, "%s%s%s\n", dim, wrap(facts, width, ""), off)
		}
		b.WriteString(wrap(plain(p.Meta.Summary), width, "") + "\n")
		if len(p.Meta.Aliases) > 0 {
			b.WriteString(wrap("Also known as: "+strings.Join(p.Meta.Aliases, ", "), width, "") + "\n")
		}
		for _, m := range p.Meta.Meanings {
			if mp := r.Index.ByID[m.Page.ID]; mp != nil {
				b.WriteString(wrap("- "+mp.ID+": "+plain(m.Tell), width-2, "  ") + "\n")
			}
		}
		if len(p.Meta.Causes) > 0 {
			fmt.Fprintf(&b, "\n%sCauses and fixes%s\n", bold, off)
		}
		for j, c := range p.Meta.Causes {
			who := strings.Join(c.Who, ", ")
			if c.When != "" {
				who += "; when " + plain(c.When)
			}
			rows := [][2]string{{"You see", plain(c.Symptom)}, {"Why", plain(c.Cause)}, {"Fix", plain(c.Fix)}, {"Who", who}}
			for k, row := range rows {
				label := "   "
				if k == 0 {
					label = fmt.Sprintf("%2d.", j+1)
				}
				prefix := fmt.Sprintf("%s %-8s ", label, row[0])
				b.WriteString(prefix + wrap(row[1], width-len(prefix), strings.Repeat(" ", len(prefix)))[0:] + "\n")
			}
		}
		where := p.URL()
		if t.BaseURL != "" {
			where = strings.TrimSuffix(t.BaseURL, "/") + "/" + where
		}
		fmt.Fprintf(&b, "\n%s%s%s\n", dim, where, off)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// facts is the line under a page's title: class, status, vendor, where
// it is seen, and the statuses an error arrives with.
func (r *Renderer) facts(p *Page) string {
	var f []string
	if c := p.Class(); c != "" {
		f = append(f, c+" "+r.S.T("class."+c))
	}
	switch p.Kind {
	case KindDisambiguation:
		f = append(f, fmt.Sprintf("%d meanings", len(p.Meta.Meanings)))
	case KindError:
		f = append(f, "no HTTP status")
	}
	if p.Meta.Status != "" {
		f = append(f, p.Meta.Status)
	}
	if p.Vendor != nil {
		f = append(f, p.Vendor.Name)
	}
	if p.Meta.Seen == "logs" {
		f = append(f, "seen in logs only")
	}
	for _, h := range p.Meta.HTTP {
		f = append(f, "arrives as "+h.ID)
	}
	if p.Meta.Since != "" {
		f = append(f, "since "+p.Meta.Since)
	}
	return strings.Join(f, " · ")
}

// wrap breaks text into lines of at most width characters at spaces; the
// lines after the first start with indent. A word longer than the width
// stands alone on its line.
func wrap(text string, width int, indent string) string {
	width = max(width, 20)
	var b strings.Builder
	line := 0
	for i, para := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("\n" + indent)
			line = 0
		}
		for _, word := range strings.Fields(para) {
			n := utf8.RuneCountInString(word)
			if line > 0 && line+1+n > width {
				b.WriteString("\n" + indent)
				line = 0
			} else if line > 0 {
				b.WriteByte(' ')
				line++
			}
			b.WriteString(word)
			line += n
		}
	}
	return b.String()
}
