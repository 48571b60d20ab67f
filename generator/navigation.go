package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"strings"
)

// causeID makes a cause row's id from its symptom: "cause-" and the first
// six words, so a link to a row survives edits of other rows and of the
// row's cause and fix. used holds the ids the page already has.
func causeID(symptom string, used map[string]bool) string {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(symptom)) {
		var b strings.Builder
		for _, r := range w {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
		if b.Len() > 0 {
			words = append(words, b.String())
		}
		if len(words) == 6 {
			break
		}
	}
	id := "cause-" + strings.Join(words, "-")
	if len(words) == 0 {
		id = "cause"
	}
	base := id
	for i := 2; used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	used[id] = true
	return id
}

// The on-page navigation of a rendered page: its sections' headings, the
// empty list the templates leave for it, and the link added to each.
var (
	sectionHeading = regexp.MustCompile(`<h([23]) id="([^"]+)">(.*?)</h[23]>`)
	tocPlaceholder = []byte(`<nav class="page-toc" aria-labelledby="toc-title"></nav>`)
	anyTag         = regexp.MustCompile(`<[^>]*>`)
)

// navigable adds the on-page navigation to a rendered page, from the
// headings it actually has: a self-link on every h2 and h3 inside <main>,
// and the "On this page" list of its h2 sections in the place the
// templates left for it (removed when there are fewer than two).
func navigable(page []byte, s *Strings) []byte {
	start := bytes.Index(page, []byte(`<main id="main">`))
	end := bytes.LastIndex(page, []byte(`</main>`))
	if start < 0 || end < start {
		return page
	}
	var toc bytes.Buffer
	sections := 0
	main := sectionHeading.ReplaceAllFunc(page[start:end], func(h []byte) []byte {
		m := sectionHeading.FindSubmatch(h)
		level, id, inner := m[1], m[2], m[3]
		if level[0] == '2' {
			sections++
			fmt.Fprintf(&toc, `<li><a href="#%s">%s</a></li>`, id, anyTag.ReplaceAll(inner, nil))
		}
		return fmt.Appendf(nil, `<h%s id="%s">%s<a class="self-link" href="#%s"><span class="visually-hidden">%s</span><span aria-hidden="true">#</span></a></h%s>`, level, id, inner, id, template.HTMLEscapeString(s.T("link_to_section")), level)
	})
	if sections >= 2 {
		nav := fmt.Appendf(nil, `<nav class="page-toc" aria-labelledby="toc-title"><p class="toc-title" id="toc-title">%s</p><ul>%s</ul></nav>`, template.HTMLEscapeString(s.T("on_this_page")), toc.Bytes())
		main = bytes.Replace(main, tocPlaceholder, nav, 1)
	} else {
		main = bytes.Replace(main, append([]byte("\n  "), tocPlaceholder...), nil, 1)
	}
	out := make([]byte, 0, len(page)+len(main)-(end-start))
	out = append(out, page[:start]...)
	out = append(out, main...)
	return append(out, page[end:]...)
}
