package generator

import (
	"sort"
	"strconv"
	"strings"
)

// Index is every relation between the pages of a site, derived once from
// the loaded notes and never changed after: pages by id and by code, the
// sub-statuses of a base code, the guides, the family of disambiguation
// pages, and which pages show which (for serve's updates). Validate and
// render only read it.
type Index struct {
	Site *Site
	ByID map[string]*Page // the first page of each id; Validate reports the others

	byCode map[string][]*Page // code pages (not Warning codes) by "403" / "403.14"
	subs   map[int][]*Page    // sub-status pages by base code
	guides []*Page
	family map[*Page]string   // disambiguation pages: the family of their first meaning
	errors map[string][]*Page // status page id → the error pages that arrive with it
	// Numbers are the number pages: one for every code that has pages but
	// no page of its own id, in code order.
	Numbers []*Page
	numbers map[string]*Page // Numbers by id
}

// NewIndex derives the relations of a loaded site.
func NewIndex(site *Site) *Index {
	x := &Index{Site: site, ByID: make(map[string]*Page, len(site.Pages)),
		byCode: map[string][]*Page{}, subs: map[int][]*Page{}, family: map[*Page]string{}, errors: map[string][]*Page{},
		numbers: map[string]*Page{}}
	for _, p := range site.Pages {
		if _, dup := x.ByID[p.ID]; !dup {
			x.ByID[p.ID] = p
		}
		switch {
		case p.Kind == KindGuide:
			x.guides = append(x.guides, p)
		case p.Kind == KindCode && p.Family() != FamilyWarning:
			x.byCode[p.Code()] = append(x.byCode[p.Code()], p)
			if p.Meta.Substatus != nil {
				x.subs[p.Meta.Code] = append(x.subs[p.Meta.Code], p)
			}
		case p.Kind == KindDisambiguation && p.Meta.Substatus != nil:
			x.subs[p.Meta.Code] = append(x.subs[p.Meta.Code], p)
		}
	}
	for _, p := range site.Pages {
		for _, h := range p.Meta.HTTP {
			x.errors[h.ID] = append(x.errors[h.ID], p)
		}
		if c := p.Code(); p.Kind == KindCode && x.ByID[c] == nil && len(x.byCode[c]) > 0 && x.byCode[c][0] == p {
			n := numberPage(c, x.byCode[c], site.Lang)
			x.Numbers = append(x.Numbers, n)
			x.numbers[n.ID] = n
		}
		if p.Kind == KindDisambiguation && len(p.Meta.Meanings) > 0 {
			if first := x.ByID[p.Meta.Meanings[0].Page.ID]; first != nil {
				x.family[p] = first.Family()
			}
		}
	}
	return x
}

// numberPage makes the page of a number that only vendors' pages have.
func numberPage(code string, pages []*Page, lang string) *Page {
	first := pages[0]
	p := &Page{Kind: KindNumber, ID: code, code: code, Numbered: pages, Vendor: first.Vendor, Lang: lang,
		Meta: FrontMatter{Code: first.Meta.Code, Substatus: first.Meta.Substatus, Title: first.Meta.Title}}
	var names []string
	for _, q := range pages {
		names = append(names, q.VendorName()+" "+q.Meta.Title)
	}
	p.Meta.Summary = code + ": " + strings.Join(names, "; ")
	return p
}

// Number is the number page of a code, or nil when the code has none.
func (x *Index) Number(code string) *Page { return x.numbers[code] }

// Family is the index group of a page: its own family, or for a
// disambiguation page the family of its first meaning.
func (x *Index) Family(p *Page) string {
	if f, ok := x.family[p]; ok {
		return f
	}
	return p.Family()
}

// Errors are the error pages that name page p in their http list: the
// errors that arrive with p's status.
func (x *Index) Errors(p *Page) []*Page { return x.errors[p.ID] }

// Guides are the guide pages, in site order.
func (x *Index) Guides() []*Page { return x.guides }

// depKey is what a page shows of other pages: a page shows itself, every
// page with its number (the "same code" list, the disambiguation page),
// the pages it relates, lists or links, and an overview shows its
// vendor's pages.
type depKey struct {
	kind byte // 'i' page id, 'c' code, 'v' vendor, 'e' the errors that arrive with a status page, 'n' numbers
	name string
}

// numbersKey stands for the pages of bare numbers ("401", "499"), whose
// titles head the groups of a vendor's overview.
var numbersKey = depKey{'n', ""}

func idKey(id string) depKey         { return depKey{'i', id} }
func codeKey(code string) depKey     { return depKey{'c', code} }
func vendorKey(vendor string) depKey { return depKey{'v', vendor} }
func errorsKey(id string) depKey     { return depKey{'e', id} }

// showKeys are what page p shows of other pages, as keys: a change to a
// page with one of these change keys changes p's output. These are the
// dependency edges of the site; they are read from the page where they are
// written, which costs less than keeping a reverse map of a large site.
func showKeys(p *Page) []depKey {
	return append(contentKeys(p), linkKeys(p)...)
}

// contentKeys are the keys of showKeys whose pages p shows some of the
// content of: titles, summaries, lists.
func contentKeys(p *Page) []depKey {
	keys := []depKey{idKey(p.ID), errorsKey(p.ID)}
	if p.Code() != "" {
		keys = append(keys, codeKey(p.Code()))
	}
	if p.Vendor != nil { // the vendor's overview heads the page
		keys = append(keys, idKey(p.Vendor.Slug+"/index"))
	}
	if p.Kind == KindOverview && p.Vendor != nil {
		keys = append(keys, vendorKey(p.Vendor.Slug), numbersKey)
		if p.Vendor.Family == FamilyIIS {
			keys = append(keys, vendorKey("iis"), vendorKey("arr"))
		}
	}
	for _, r := range p.Meta.Related {
		keys = append(keys, idKey(r.ID))
	}
	for _, h := range p.Meta.HTTP { // an error page names its statuses, with their titles
		keys = append(keys, idKey(h.ID))
	}
	for _, m := range p.Meta.Meanings {
		keys = append(keys, idKey(m.Page.ID))
	}
	return keys
}

// linkKeys are the pages p's Markdown links to. A link shows only where
// its target is, not what it says, so a build's fingerprints hash the
// target's address for these (see fingerprints); serve takes them as
// showKeys, to validate the linking page again when its target goes.
func linkKeys(p *Page) []depKey {
	var keys []depKey
	for _, l := range p.Links {
		if l.Target != "" && l.Target != "#" {
			keys = append(keys, idKey(l.Target))
		}
	}
	return keys
}

// shows reports whether page p shows anything matching one of keys.
func shows(p *Page, keys map[depKey]bool) bool {
	for _, k := range showKeys(p) {
		if keys[k] {
			return true
		}
	}
	return false
}

// changeKeys are the keys a change to page p touches: its id, its code
// and base code (the base page lists its sub-statuses), its vendor, and
// the status pages it arrives with (they list it).
func changeKeys(p *Page) []depKey {
	keys := []depKey{idKey(p.ID)}
	for _, h := range p.Meta.HTTP {
		keys = append(keys, errorsKey(h.ID))
	}
	if c := p.Code(); c != "" && p.Kind != KindError {
		keys = append(keys, codeKey(c), codeKey(strconv.Itoa(p.Meta.Code)))
	}
	if p.Vendor != nil {
		keys = append(keys, vendorKey(p.Vendor.Slug))
	}
	if _, err := strconv.Atoi(p.ID); err == nil {
		keys = append(keys, numbersKey)
	}
	return keys
}

// Affected lists, in site order, the pages whose output a change to the
// given pages (added, edited or removed) can change. A guide is in every
// page's navigation, so a changed guide affects them all.
func (x *Index) Affected(changed []*Page) []*Page {
	keys := map[depKey]bool{}
	for _, c := range changed {
		if c.Kind == KindGuide {
			return x.Site.Pages
		}
		for _, k := range changeKeys(c) {
			keys[k] = true
		}
	}
	var out []*Page
	for _, p := range x.Site.Pages {
		if shows(p, keys) {
			out = append(out, p)
		}
	}
	return out
}

// listed reports whether page from names p in its meanings.
func listed(from, p *Page) bool {
	for _, m := range from.Meta.Meanings {
		if m.Page.ID == p.ID {
			return true
		}
	}
	return false
}

// Lookup finds the pages a reader means by a code, name or page id, as
// they would type it in a terminal: "404", "403.14", "nginx/499",
// "ERR_CONNECTION_REFUSED", "net::ERR_CONNECTION_REFUSED", "curl 7". A
// bare number gives every page that shares it (its disambiguation page
// first), as the disambiguation pages list them. Case does not matter.
func (x *Index) Lookup(query string) []*Page {
	q := strings.TrimSpace(query)
	if p := x.ByID[q]; p != nil && strings.Contains(q, "/") {
		return []*Page{p}
	}
	if vendor, name, ok := strings.Cut(q, " "); ok { // "curl 7", "iis 403.14"
		if p := x.ByID[strings.ToLower(vendor)+"/"+strings.TrimSpace(name)]; p != nil {
			return []*Page{p}
		}
	}
	var out []*Page
	for _, p := range x.Site.Pages {
		if p.Kind == KindGuide || p.Kind == KindOverview {
			continue
		}
		if strings.EqualFold(p.Code(), q) || strings.EqualFold(p.ID, q) {
			out = append(out, p)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, p := range x.Site.Pages {
		for _, a := range p.Meta.Aliases {
			if strings.EqualFold(a, q) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// Nearest suggests up to n codes, names or ids close to a query that
// Lookup did not find: those within a few edits of it, closest first.
func (x *Index) Nearest(query string, n int) []string {
	q := strings.ToLower(strings.TrimSpace(query))
	type cand struct {
		s    string
		dist int
	}
	seen := map[string]bool{}
	var cands []cand
	for _, p := range x.Site.Pages {
		if p.Kind == KindGuide || p.Kind == KindOverview {
			continue
		}
		for _, s := range []string{p.Code(), p.ID} {
			if s == "" || seen[s] {
				continue
			}
			seen[s] = true
			limit := max(1, min(3, len(q)/4))
			if d := editDistance(q, strings.ToLower(s)); d <= limit {
				cands = append(cands, cand{s, d})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	var out []string
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.s)
	}
	return out
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
