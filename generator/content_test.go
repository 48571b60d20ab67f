package generator

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestIISScope reads every sub-status code that the two IIS sources name
// and checks that each has a page (under iis/, arr/, or a bare
// disambiguation page where IIS and ARR give the number different meanings).
func TestIISScope(t *testing.T) {
	_, site := buildRealSite(t)
	codes := map[string]bool{}
	re := regexp.MustCompile(`\b[45]0[0-9]\.[0-9]{1,3}\b`)
	for _, f := range []string{"iis-status-codes-kb943891.txt", "globalscape-http-codes-iis6.txt"} {
		data, err := os.ReadFile("../../shared/sources/" + f)
		if err != nil {
			t.Skipf("the sources are not beside the project (../shared): %v", err)
		}
		for _, c := range re.FindAllString(string(data), -1) {
			codes[c] = true
		}
	}
	if len(codes) < 100 {
		t.Fatalf("read only %d sub-status codes from the sources", len(codes))
	}
	for c := range codes {
		if site.ByID["iis/"+c] == nil && site.ByID["arr/"+c] == nil && site.ByID[c] == nil {
			t.Errorf("sub-status %s is in the IIS sources but has no page", c)
		}
	}
}

// TestVendorScope checks the vendor and unofficial codes that issue 5
// names, and the disambiguation pages for numbers with several meanings.
func TestVendorScope(t *testing.T) {
	_, site := buildRealSite(t)
	want := strings.Fields(`nginx/444 nginx/494 nginx/495 nginx/496 nginx/497 nginx/499
		cloudflare/520 cloudflare/521 cloudflare/522 cloudflare/523 cloudflare/524 cloudflare/525
		cloudflare/526 cloudflare/527 cloudflare/530 aws/460 aws/463 aws/561 iis/440 iis/449
		exchange/451 laravel/419 spring/420 twitter/420 shopify/430 windows/450 esri/498 esri/499
		apache/509 qualys/529 pantheon/530 cloudfoundry/526 proxy/598 proxy/599
		warning/110 warning/111 warning/112 warning/113 warning/199 warning/214 warning/299`)
	for _, id := range want {
		p := site.ByID[id]
		if p == nil {
			t.Errorf("no page %s", id)
			continue
		}
		if p.Family() == FamilyWarning && p.Meta.Status != "obsolete" {
			t.Errorf("%s: a Warning code must be marked obsolete, not %q", p.File, p.Meta.Status)
		}
		if len(p.Meta.References) == 0 {
			t.Errorf("%s: no source cited", p.File)
		}
	}
	for _, id := range []string{"420", "499", "526", "530"} {
		if p := site.ByID[id]; p == nil || p.Kind != KindDisambiguation {
			t.Errorf("%s: no disambiguation page", id)
		}
	}
	if p := site.ByID["451"]; p == nil || !slices.ContainsFunc(p.Meta.Meanings, func(m Meaning) bool { return m.Page.ID == "exchange/451" }) {
		t.Errorf("451 does not tell its standard meaning from Exchange's")
	}
}

// TestGuideLinks checks that the code pages of the 401-vs-403 confusion
// link the guide, and that 403 links the visitor / site owner guide.
func TestGuideLinks(t *testing.T) {
	_, site := buildRealSite(t)
	links := func(p *Page, id string) bool {
		return slices.ContainsFunc(p.Meta.Related, func(r Ref) bool { return r.ID == id }) ||
			strings.Contains(string(p.Source), "]("+id+")") || strings.Contains(string(p.Source), "]("+id+"#")
	}
	for _, code := range []string{"401", "403", "404", "407"} {
		if p := site.ByID[code]; p == nil || !links(p, "guides/401-vs-403") {
			t.Errorf("%s does not link guides/401-vs-403", code)
		}
	}
	if p := site.ByID["403"]; p == nil || !links(p, "guides/403-forbidden") {
		t.Errorf("403 does not link guides/403-forbidden")
	}
}
