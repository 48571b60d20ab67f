package generator

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Allowed values of the enumerated front-matter keys.
var (
	Statuses = []string{"standard", "unofficial", "obsolete", "temporary", "unused", "deprecated"}
	Seen     = []string{"client", "logs", "both"}
	RolesAll = []string{"visitor", "developer", "site owner", "administrator"}
	Kinds    = []string{KindCode, KindDisambiguation, KindOverview}
	Families = []string{FamilyIIS, FamilyVendor, FamilyWarning}
)

// Validate checks the loaded site as a whole: required keys, allowed
// values, unique identities, and that every page id a note names exists.
// It reports every problem it finds. It also indexes the pages by id and
// derives the family of disambiguation pages, which rendering relies on.
func Validate(site *Site) error {
	return validate(site, site.Pages, nil)
}

// validate checks the vendors and the identities of every page, and the
// keys and references of the given pages only; codes limits the check for
// clashing numbers to those codes (nil: every code). An update of a large
// site checks just the pages that the changed notes touch.
func validate(site *Site, pages []*Page, codes map[string]bool) error {
	var errs List
	for _, v := range site.Vendors {
		file := "vendors.yaml"
		if v.Name == "" {
			errs.add(file, errorf(file, v.Line, "vendor %s: missing name", v.Slug))
		}
		if !slices.Contains(Families, v.Family) {
			errs.add(file, errorf(file, v.Line, "vendor %s: family %q is not one of %s", v.Slug, v.Family, strings.Join(Families, ", ")))
		}
	}

	site.ByID = make(map[string]*Page, len(site.Pages))
	for _, p := range site.Pages {
		if first, dup := site.ByID[p.ID]; dup {
			errs.add(p.File, errorf(p.File, 1, "duplicate page %s: %s has the same identity", p.ID, first.File))
			continue
		}
		site.ByID[p.ID] = p
	}
	for _, p := range pages {
		for _, e := range checkPage(site, p) {
			err := errorf(p.File, e.line, "%s", e.msg)
			if e.noPage {
				err.Err = &NoPageError{e.msg}
			}
			errs.add(p.File, err)
		}
	}
	checkClashes(site, codes, &errs)
	return errs.err()
}

// NoPageError is a reference to a page id that does not exist. After a
// load error it may only mean that the page failed to load, so Build leaves
// it out then, rather than bury the real error under its echoes.
type NoPageError struct{ msg string }

func (e *NoPageError) Error() string { return e.msg }

// checkPage checks one page's keys against its kind, and its references.
func checkPage(site *Site, p *Page) []nodeError {
	var errs []nodeError
	bad := func(format string, args ...any) {
		errs = append(errs, nodeError{line: 1, msg: fmt.Sprintf(format, args...)})
	}
	m := &p.Meta
	if strings.TrimSpace(m.Title) == "" {
		bad("missing title")
	}
	if strings.TrimSpace(m.Summary) == "" {
		bad("missing summary")
	}
	if m.Vendor != "" && p.Vendor == nil {
		bad("vendor %q is not in %s", m.Vendor, VendorsFile)
	}

	switch p.Kind {
	case KindGuide:
		if m.Code != 0 || m.Substatus != nil || m.Vendor != "" || m.Kind != "" || m.Status != "" ||
			m.Seen != "" || m.Since != "" || len(m.Causes) > 0 || len(m.Meanings) > 0 || len(m.Aliases) > 0 {
			bad("a guide takes only title, summary, references and related")
		}
	case KindOverview:
		if m.Vendor == "" {
			bad("an overview needs a vendor")
		}
		if m.Code != 0 || m.Substatus != nil || len(m.Causes) > 0 || m.Status != "" {
			bad("an overview has no code, sub-status, status or causes")
		}
	case KindCode, KindDisambiguation:
		switch {
		case m.Code == 0:
			bad("missing code")
		case m.Code < 100 || m.Code > 599:
			bad("code %d is outside 100–599", m.Code)
		}
		if m.Substatus != nil && *m.Substatus < 0 {
			bad("sub-status %d is negative", *m.Substatus)
		}
	default:
		bad("kind %q is not one of %s", m.Kind, strings.Join(Kinds, ", "))
	}

	if p.Kind == KindCode {
		if !slices.Contains(Statuses, m.Status) {
			if m.Status == "" {
				bad("missing status (one of %s)", strings.Join(Statuses, ", "))
			} else {
				bad("status %q is not one of %s", m.Status, strings.Join(Statuses, ", "))
			}
		}
		if m.Substatus != nil && m.Vendor == "" {
			bad("a sub-status needs a vendor (iis or arr)")
		}
		if m.Vendor == "" && m.Status == "unofficial" {
			bad("an unofficial code needs a vendor")
		}
	}
	if m.Seen != "" && !slices.Contains(Seen, m.Seen) {
		bad("seen %q is not one of %s", m.Seen, strings.Join(Seen, ", "))
	}

	if p.Kind == KindDisambiguation {
		if m.Vendor != "" {
			bad("a disambiguation page has no vendor: it stands for the bare number")
		}
		if len(m.Meanings) < 2 {
			bad("a disambiguation page lists at least two meanings")
		}
		if len(m.Causes) > 0 || m.Status != "" {
			bad("a disambiguation page has no causes or status: its meanings do")
		}
	}

	for _, r := range m.References {
		u, err := url.Parse(r.URL)
		switch {
		case r.Name == "":
			bad("reference %q: missing name", r.URL)
		case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
			bad("reference %q: url %q is not an absolute http(s) URL", r.Name, r.URL)
		}
	}
	for _, r := range m.Related {
		if site.ByID[r.ID] == nil {
			errs = append(errs, nodeError{line: r.Line, msg: fmt.Sprintf("related: no page %q", r.ID), noPage: true})
		} else if r.ID == p.ID {
			errs = append(errs, nodeError{line: r.Line, msg: "related: a page does not relate to itself"})
		}
	}
	for _, mn := range m.Meanings {
		target := site.ByID[mn.Page.ID]
		switch {
		case target == nil:
			errs = append(errs, nodeError{line: mn.Page.Line, msg: fmt.Sprintf("meanings: no page %q", mn.Page.ID), noPage: true})
		case target.Code() != p.Code():
			errs = append(errs, nodeError{line: mn.Page.Line, msg: fmt.Sprintf("meanings: %s is code %s, not %s", mn.Page.ID, target.Code(), p.Code())})
		}
		if strings.TrimSpace(mn.Tell) == "" {
			errs = append(errs, nodeError{line: mn.Page.Line, msg: fmt.Sprintf("meanings: %s: missing tell (how a reader tells this meaning apart)", mn.Page.ID)})
		}
	}
	if p.Kind == KindDisambiguation && len(m.Meanings) > 0 {
		if first := site.ByID[m.Meanings[0].Page.ID]; first != nil {
			p.family = first.Family()
		}
	}

	for i, c := range m.Causes {
		row := fmt.Sprintf("causes[%d]", i+1)
		for _, f := range []struct{ key, val string }{{"symptom", c.Symptom}, {"cause", c.Cause}, {"fix", c.Fix}} {
			if strings.TrimSpace(f.val) == "" {
				errs = append(errs, nodeError{line: c.Line, msg: fmt.Sprintf("%s: missing %s", row, f.key)})
			}
		}
		if len(c.Who) == 0 {
			errs = append(errs, nodeError{line: c.Line, msg: fmt.Sprintf("%s: missing who (%s)", row, strings.Join(RolesAll, ", "))})
		}
		for _, r := range c.Who {
			if !slices.Contains(RolesAll, r) {
				errs = append(errs, nodeError{line: c.Line, msg: fmt.Sprintf("%s: who %q is not one of %s", row, r, strings.Join(RolesAll, ", "))})
			}
		}
	}

	return append(errs, checkLinks(site, p.Links)...)
}

// checkLinks reports links in Markdown that name no page, or that are
// written as paths instead of page ids.
func checkLinks(site *Site, links []Link) []nodeError {
	var errs []nodeError
	for _, l := range links {
		switch {
		case l.Target == "" || l.Target == "#":
		case strings.HasPrefix(l.Target, "/") || strings.HasSuffix(l.Target, ".html") || strings.HasPrefix(l.Target, "."):
			errs = append(errs, nodeError{line: l.Line, msg: fmt.Sprintf("link %q: write a page id such as \"iis/403.14\", not a path", l.Dest)})
		case site.ByID[l.Target] == nil:
			errs = append(errs, nodeError{line: l.Line, msg: fmt.Sprintf("link to a page that does not exist: %q", l.Target), noPage: true})
		}
	}
	return errs
}

// checkClashes requires a page for the bare number wherever several pages
// share a code and sub-status, so readers who search the number alone can
// tell the meanings apart; and it requires that page to list them all.
func checkClashes(site *Site, only map[string]bool, errs *List) {
	byCode := map[string][]*Page{}
	var order []string
	for _, p := range site.Pages {
		if p.Kind != KindCode || p.Family() == FamilyWarning {
			continue
		}
		c := p.Code()
		if only != nil && !only[c] {
			continue
		}
		if byCode[c] == nil {
			order = append(order, c)
		}
		byCode[c] = append(byCode[c], p)
	}
	for _, c := range order {
		pages := byCode[c]
		bare := site.ByID[c]
		if bare == nil && len(pages) > 1 {
			ids := make([]string, len(pages))
			for i, p := range pages {
				ids[i] = p.ID
			}
			errs.add(pages[0].File, errorf(pages[0].File, 1, "%s has several meanings (%s) and no page %q: add a disambiguation note", c, strings.Join(ids, ", "), c))
			continue
		}
		if bare == nil || bare.Kind != KindDisambiguation {
			continue
		}
		for _, p := range pages {
			if !listed(bare, p) {
				errs.add(bare.File, errorf(bare.File, 1, "meanings: %s is missing (it has the same code)", p.ID))
			}
		}
	}
}
