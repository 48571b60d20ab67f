package generator

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Page kinds. A note's kind decides its template and which keys it needs.
const (
	KindCode           = "code"
	KindDisambiguation = "disambiguation"
	KindOverview       = "overview"
	KindGuide          = "guide"
	KindError          = "error" // an error that is not an HTTP status: ERR_CONNECTION_REFUSED, curl 7
	// KindNumber is a page the index makes, not a note: codes/NNN.html for
	// a number whose only pages are vendors' (522, 444, 403.14), so that a
	// guessed codes/522.html works.
	KindNumber = "number"
)

// Families group pages on the index.
const (
	FamilyStandard = "standard"
	FamilyIIS      = "iis"
	FamilyVendor   = "vendor"
	FamilyWarning  = "warning"
	FamilyGuide    = "guide"
	FamilyError    = "error" // vendors whose pages are all errors without a status (browsers, curl)
)

// Site is everything loaded from the content folder: the vendors and the
// pages, sorted in reading order (by code, sub-status, vendor; guides last).
type Site struct {
	Lang        string // "" or DefaultLang for the default language
	Vendors     map[string]*Vendor
	Pages       []*Page
	VendorsFile string // vendors.yaml as errors name it: "content/vendors.yaml"
	Constants   *Constants
	Synonyms    map[string][][]string // search synonyms by language (synonyms.yaml)
}

// Constants are the status-code constants of programming languages'
// libraries (constants.yaml), shown on each standard code's page.
type Constants struct {
	File      string // as errors name it: "content/constants.yaml"
	Libraries []Library
	Codes     map[string]map[string]Constant // code → library key → its constant
}

// Library is one library whose constants the site lists, with the version
// they were read from.
type Library struct {
	Key      string `yaml:"key"`
	Language string `yaml:"language"`
	Name     string `yaml:"name"`
	Version  string `yaml:"version"`
	Source   string `yaml:"source"`
	Line     int    `yaml:"-"`
}

// Constant is one library's name for a code.
type Constant struct {
	Name              string   `yaml:"name"`
	Aliases           []string `yaml:"aliases"`
	Deprecated        bool     `yaml:"deprecated"`
	DeprecatedAliases []string `yaml:"deprecated_aliases"`
}

// Vendor is one entry of vendors.yaml.
type Vendor struct {
	Slug   string `yaml:"-"`
	Name   string `yaml:"name"`
	Family string `yaml:"family"`
	URL    string `yaml:"url"`
	Errors string `yaml:"errors"` // the title of its error pages' group on the index
	Line   int    `yaml:"-"`
}

// Page is one note: its front matter, its parsed body and what is derived
// from them. Its ID is how notes name it: "401", "iis/403.14", "guides/x".
type Page struct {
	File string // path as shown in errors: "content/codes/401.md"
	name string // path in the content folder: "codes/401.md" (the default language's note)
	Lang string // "" for the default language, else the language of a translated page
	Kind string
	ID   string
	Meta FrontMatter

	// Source is the Markdown body, padded with newlines so that offsets
	// map to the note's own line numbers. It is parsed again when the page
	// is rendered: keeping every page's syntax tree from load to render
	// would multiply a large build's memory.
	Source []byte
	// Links are the links of the body and the cause cells, found at load,
	// for Validate to check.
	Links []Link

	Vendor   *Vendor        // nil for standard codes, disambiguation pages and guides
	Numbered []*Page        // on a number page: the pages with its number
	code     string         // Code(), kept
	keyLines map[string]int // front-matter key → its line, for errors
}

// line is the line of a front-matter key, or 1 when the key is missing.
func (p *Page) line(key string) int {
	if l := p.keyLines[key]; l > 0 {
		return l
	}
	return 1
}

// FrontMatter is the YAML header of a note. doc.go documents every key.
type FrontMatter struct {
	Code       int         `yaml:"code"`
	Error      string      `yaml:"error"`
	Substatus  *int        `yaml:"substatus"`
	Vendor     string      `yaml:"vendor"`
	Kind       string      `yaml:"kind"`
	Title      string      `yaml:"title"`
	Aliases    []string    `yaml:"aliases"`
	Summary    string      `yaml:"summary"`
	Status     string      `yaml:"status"`
	Seen       string      `yaml:"seen"`
	Since      string      `yaml:"since"`
	References []Reference `yaml:"references"`
	Related    []Ref       `yaml:"related"`
	HTTP       []Ref       `yaml:"http"`
	Meanings   []Meaning   `yaml:"meanings"`
	Causes     []Cause     `yaml:"causes"`
}

// Reference is a specification section or a vendor document.
type Reference struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
	Line int    `yaml:"-" json:"-"`
}

// Ref is a page id written in front matter, with the line it stands on so
// that a dangling reference can be reported where it was typed.
type Ref struct {
	ID   string
	Line int
}

// Meaning is one entry of a disambiguation list.
type Meaning struct {
	Page Ref    `yaml:"page"`
	Tell string `yaml:"tell"`
}

// Cause is one row of the cause → fix table.
type Cause struct {
	Symptom string `yaml:"symptom"`
	Cause   string `yaml:"cause"`
	Fix     string `yaml:"fix"`
	Who     Roles  `yaml:"who"`
	When    string `yaml:"when"`
	Line    int    `yaml:"-"`
}

// Roles is the `who` of a cause: one role or a list of them.
type Roles []string

// Link is a link written in a note's Markdown.
type Link struct {
	Dest   string // as written
	Target string // page id for a link inside the site, "#" for a fragment of the page, "" for an external link
	Frag   string // "#fragment" or ""
	Line   int
}

// Code formats the code with its sub-status: "403.14", "404.0", "499"; an
// error page's code is the error as software prints it: "1020",
// "ERR_CONNECTION_REFUSED".
// Load stores it, since lists, links and updates ask for it all the time.
func (p *Page) Code() string {
	if p.code != "" {
		return p.code
	}
	return formatCode(p)
}

func formatCode(p *Page) string {
	if p.Meta.Error != "" {
		return p.Meta.Error
	}
	if p.Meta.Code == 0 {
		return ""
	}
	s := strconv.Itoa(p.Meta.Code)
	if p.Meta.Substatus != nil {
		s += "." + strconv.Itoa(*p.Meta.Substatus)
	}
	return s
}

// URL is the page's path relative to the site root. Pages whose id has no
// folder (standard codes and bare-number disambiguation pages) live in
// codes/, which keeps every page one folder deep and leaves the root's
// 404.html to the not-found page that static hosts serve.
func (p *Page) URL() string { return langPath(p.Lang, p.path()+".html") }

// JSONURL is the path of the page's JSON twin.
func (p *Page) JSONURL() string { return langPath(p.Lang, p.path()+".json") }

func (p *Page) path() string {
	if !strings.Contains(p.ID, "/") {
		return "codes/" + p.ID
	}
	return p.ID
}

// Class is the status class derived from the code ("4xx"); Warning codes,
// which are header values and not statuses, have none.
func (p *Page) Class() string {
	if p.Meta.Code == 0 || p.Family() == FamilyWarning {
		return ""
	}
	return fmt.Sprintf("%dxx", p.Meta.Code/100)
}

// Family is the index group the page's own identity gives it. The index
// moves a disambiguation page to the family of its first meaning
// (Index.Family), so a bare 502.2 sits with the IIS codes.
func (p *Page) Family() string {
	switch {
	case p.Kind == KindGuide:
		return FamilyGuide
	case p.Vendor != nil:
		return p.Vendor.Family
	case p.Meta.Substatus != nil:
		return FamilyIIS
	}
	return FamilyStandard
}

// VendorName is the vendor's display name, or "" for standard pages.
func (p *Page) VendorName() string {
	if p.Vendor == nil {
		return ""
	}
	return p.Vendor.Name
}

// lessError orders error pages by vendor (the no-status pages first),
// then by number where both are numbers (curl 3 before 16), else by name.
func lessError(a, b *Page) bool {
	if a.Meta.Vendor != b.Meta.Vendor {
		return a.Meta.Vendor < b.Meta.Vendor
	}
	x, errA := strconv.Atoi(a.Meta.Error)
	y, errB := strconv.Atoi(b.Meta.Error)
	if errA == nil && errB == nil && x != y {
		return x < y
	}
	return a.ID < b.ID
}

// pageID derives a page's id from its identity.
func pageID(kind, vendor, code, guideName string) string {
	switch kind {
	case KindGuide:
		return "guides/" + guideName
	case KindOverview:
		return vendor + "/index"
	}
	if vendor != "" {
		return vendor + "/" + code
	}
	return code
}

// sortPages orders pages by code, sub-status (none first) and vendor (none
// first); then the errors without a status, overviews and guides.
func sortPages(pages []*Page) {
	rank := func(p *Page) int {
		switch p.Kind {
		case KindGuide:
			return 3
		case KindOverview:
			return 2
		case KindError:
			return 1
		}
		return 0
	}
	sub := func(p *Page) int {
		if p.Meta.Substatus == nil {
			return -1
		}
		return *p.Meta.Substatus
	}
	sort.SliceStable(pages, func(i, j int) bool {
		a, b := pages[i], pages[j]
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		if a.Kind == KindError {
			return lessError(a, b)
		}
		if a.Meta.Code != b.Meta.Code {
			return a.Meta.Code < b.Meta.Code
		}
		if sub(a) != sub(b) {
			return sub(a) < sub(b)
		}
		return a.ID < b.ID
	})
}
