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
	Kinds    = []string{KindCode, KindDisambiguation, KindOverview, KindError}
	Families = []string{FamilyIIS, FamilyVendor, FamilyWarning, FamilyError}
)

// Validate checks an indexed site: required keys, allowed values, unique
// identities, and that every page id a note names exists. It reports every
// problem it finds and changes nothing.
//
// pages limits the per-page checks to those pages and the check for
// clashing numbers to their codes (nil: the whole site); serve's updates
// check just the pages a change touches.
func Validate(x *Index, pages []*Page) error {
	var errs List
	site := x.Site
	file := site.VendorsFile
	for _, v := range site.Vendors {
		if v.Name == "" {
			errs.add(file, errorf(file, v.Line, "vendor %s: missing name", v.Slug))
		}
		if !slices.Contains(Families, v.Family) {
			errs.add(file, errorf(file, v.Line, "vendor %s: family %q is not one of %s", v.Slug, v.Family, strings.Join(Families, ", ")))
		}
	}
	if c := site.Constants; c != nil && pages == nil {
		libs := map[string]bool{}
		for _, l := range c.Libraries {
			if l.Key == "" || l.Language == "" || l.Version == "" {
				errs.add(c.File, errorf(c.File, l.Line, "library %q: key, language and version are required", l.Key))
			}
			libs[l.Key] = true
		}
		for code, byLib := range c.Codes {
			if p := x.ByID[code]; p == nil || p.Kind != KindCode {
				errs.add(c.File, errorf(c.File, 0, "constants for %s: there is no standard page %s", code, code))
			}
			for lib, k := range byLib {
				if !libs[lib] {
					errs.add(c.File, errorf(c.File, 0, "constants for %s: no library %q in libraries", code, lib))
				}
				if k.Name == "" {
					errs.add(c.File, errorf(c.File, 0, "constants for %s: %s has no name", code, lib))
				}
			}
		}
	}
	for _, p := range site.Pages {
		if first := x.ByID[p.ID]; first != p {
			errs.add(p.File, errorf(p.File, 1, "duplicate page %s: %s has the same identity", p.ID, first.File))
		}
	}
	var codes map[string]bool
	if pages == nil {
		pages = site.Pages
	} else {
		codes = map[string]bool{}
		for _, p := range pages {
			codes[p.Code()] = true
		}
	}
	for _, p := range pages {
		for _, e := range checkPage(x, p) {
			err := errorf(p.File, e.line, "%s", e.msg)
			if e.noPage {
				err.Err = &NoPageError{e.msg}
			}
			errs.add(p.File, err)
		}
	}
	checkClashes(x, codes, &errs)
	return errs.err()
}

// checkPage checks one page's keys against its kind, and its references.
func checkPage(x *Index, p *Page) []nodeError {
	var errs []nodeError
	// bad reports a problem with a key, at the key's line (line 1 when
	// the key is missing).
	bad := func(key, format string, args ...any) {
		errs = append(errs, nodeError{line: p.line(key), msg: fmt.Sprintf(format, args...)})
	}
	m := &p.Meta
	if strings.TrimSpace(m.Title) == "" {
		bad("title", "missing title")
	}
	if strings.TrimSpace(m.Summary) == "" {
		bad("summary", "missing summary")
	}
	if m.Vendor != "" && p.Vendor == nil {
		errs = append(errs, nodeError{line: p.line("vendor"), msg: fmt.Sprintf("vendor %q is not in %s", m.Vendor, VendorsFile), noPage: true})
	}

	switch p.Kind {
	case KindGuide:
		if m.Code != 0 || m.Substatus != nil || m.Vendor != "" || m.Kind != "" || m.Status != "" ||
			m.Seen != "" || m.Since != "" || len(m.Causes) > 0 || len(m.Meanings) > 0 || len(m.Aliases) > 0 {
			bad("", "a guide takes only title, summary, references and related")
		}
	case KindOverview:
		if m.Vendor == "" {
			bad("", "an overview needs a vendor")
		}
		if m.Code != 0 || m.Substatus != nil || len(m.Causes) > 0 || m.Status != "" {
			bad("", "an overview has no code, sub-status, status or causes")
		}
	case KindError:
		switch e := strings.TrimSpace(m.Error); {
		case e == "":
			bad("error", "missing error: the error's name or number as software prints it")
		case e != m.Error || strings.ContainsAny(e, "/#?\\ ") || strings.HasPrefix(e, "."):
			bad("error", "error %q: a name or number without spaces, slashes, # or ?", m.Error)
		}
		if m.Code != 0 || m.Substatus != nil || m.Status != "" || len(m.Meanings) > 0 {
			bad("", "an error page has no code, sub-status, status or meanings: link the status pages it arrives with in http")
		}
		if len(m.Causes) == 0 {
			bad("causes", "an error page lists its causes")
		}
	case KindCode, KindDisambiguation:
		if m.Error != "" {
			bad("error", "error is for pages of errors that are not HTTP status codes: leave out code, or error")
		}
		switch {
		case m.Code == 0:
			bad("code", "missing code")
		case m.Code < 100 || m.Code > 599:
			bad("code", "code %d is outside 100–599", m.Code)
		}
		if m.Substatus != nil && *m.Substatus < 0 {
			bad("substatus", "sub-status %d is negative", *m.Substatus)
		}
	default:
		bad("kind", "kind %q is not one of %s", m.Kind, strings.Join(Kinds, ", "))
	}

	if p.Kind == KindCode {
		if !slices.Contains(Statuses, m.Status) {
			if m.Status == "" {
				bad("status", "missing status (one of %s)", strings.Join(Statuses, ", "))
			} else {
				bad("status", "status %q is not one of %s", m.Status, strings.Join(Statuses, ", "))
			}
		}
		if m.Substatus != nil && m.Vendor == "" {
			bad("substatus", "a sub-status needs a vendor (iis or arr)")
		}
		if m.Vendor == "" && m.Status == "unofficial" {
			bad("status", "an unofficial code needs a vendor")
		}
	}
	if m.Seen != "" && !slices.Contains(Seen, m.Seen) {
		bad("seen", "seen %q is not one of %s", m.Seen, strings.Join(Seen, ", "))
	}

	if p.Kind == KindDisambiguation {
		if m.Vendor != "" {
			bad("vendor", "a disambiguation page has no vendor: it stands for the bare number")
		}
		if len(m.Meanings) < 2 {
			bad("meanings", "a disambiguation page lists at least two meanings")
		}
		if len(m.Causes) > 0 || m.Status != "" {
			bad("", "a disambiguation page has no causes or status: its meanings do")
		}
	}

	for _, r := range m.References {
		u, err := url.Parse(r.URL)
		switch {
		case r.Name == "":
			errs = append(errs, nodeError{line: r.Line, msg: fmt.Sprintf("references: %q: missing name", r.URL)})
		case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
			errs = append(errs, nodeError{line: r.Line, msg: fmt.Sprintf("references: %q: url %q is not an absolute http(s) URL", r.Name, r.URL)})
		}
	}
	for _, r := range m.Related {
		if x.ByID[r.ID] == nil {
			errs = append(errs, nodeError{line: r.Line, msg: fmt.Sprintf("related: no page %q", r.ID), noPage: true})
		} else if r.ID == p.ID {
			errs = append(errs, nodeError{line: r.Line, msg: "related: a page does not relate to itself"})
		}
	}
	for _, h := range m.HTTP {
		switch target := x.ByID[h.ID]; {
		case p.Kind != KindError:
			errs = append(errs, nodeError{line: h.Line, msg: "http: only error pages name the status codes they arrive with"})
		case target == nil:
			errs = append(errs, nodeError{line: h.Line, msg: fmt.Sprintf("http: no page %q", h.ID), noPage: true})
		case target.Kind != KindCode:
			errs = append(errs, nodeError{line: h.Line, msg: fmt.Sprintf("http: %s is not the page of a status code", h.ID)})
		}
	}
	for _, mn := range m.Meanings {
		target := x.ByID[mn.Page.ID]
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

	return append(errs, checkLinks(x, p.Links)...)
}

// checkLinks reports links in Markdown that name no page, or that are
// written as paths instead of page ids.
func checkLinks(x *Index, links []Link) []nodeError {
	var errs []nodeError
	for _, l := range links {
		switch {
		case l.Target == "" || l.Target == "#":
		case strings.HasPrefix(l.Target, "/") || strings.HasSuffix(l.Target, ".html") || strings.HasPrefix(l.Target, "."):
			errs = append(errs, nodeError{line: l.Line, msg: fmt.Sprintf("link %q: write a page id such as \"iis/403.14\", not a path", l.Dest)})
		case x.ByID[l.Target] == nil:
			errs = append(errs, nodeError{line: l.Line, msg: fmt.Sprintf("link to a page that does not exist: %q", l.Target), noPage: true})
		}
	}
	return errs
}

// checkClashes requires a page for the bare number wherever several pages
// share a code and sub-status, so readers who search the number alone can
// tell the meanings apart; and it requires that page to list them all.
func checkClashes(x *Index, only map[string]bool, errs *List) {
	var order []string
	for _, p := range x.Site.Pages {
		if c := p.Code(); (only == nil || only[c]) && len(x.byCode[c]) > 0 && x.byCode[c][0] == p {
			order = append(order, c)
		}
	}
	for _, c := range order {
		pages := x.byCode[c]
		bare := x.ByID[c]
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
