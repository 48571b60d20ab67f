package generator

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Edit `web.config`, then restart.", []string{"edit", "web.config", "then", "restart"}},
		{"client_max_body_size 1m;", []string{"client_max_body_size", "1m"}},
		{"HRESULT 0x80070005 (access denied)", []string{"hresult", "0x80070005", "access", "denied"}},
		{"-- ... --", nil},
	}
	for _, c := range cases {
		if got := tokens(c.in); !slices.Equal(got, c.want) {
			t.Errorf("tokens(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestSearchIndex checks the record layout that static/site.js reads and
// that an oversized index fails the build instead of shipping.
func TestSearchIndex(t *testing.T) {
	sub := 14
	v := &Vendor{Slug: "iis", Name: "Microsoft IIS", Family: FamilyIIS}
	site := &Site{Pages: []*Page{{ID: "iis/403.14", Kind: KindCode, Vendor: v,
		Meta: FrontMatter{Code: 403, Substatus: &sub, Vendor: "iis", Title: "Directory listing denied",
			Aliases: []string{"a", "b"}, Summary: "s", Status: "unofficial"}}}}
	js, err := SearchIndex(site, SearchIndexLimit)
	if err != nil {
		t.Fatal(err)
	}
	body, ok := strings.CutPrefix(string(js), "window.STATUS_SEARCH=")
	if !ok {
		t.Fatalf("index does not set window.STATUS_SEARCH: %.60s", js)
	}
	var idx struct {
		V map[string]string
		P [][7]string
	}
	if err := json.Unmarshal([]byte(strings.TrimSuffix(body, ";\n")), &idx); err != nil {
		t.Fatal(err)
	}
	want := [7]string{"iis/403.14.html", "403.14", "iis", "Directory listing denied", "a; b", "s", "unofficial"}
	if len(idx.P) != 1 || idx.P[0] != want || idx.V["iis"] != "Microsoft IIS" {
		t.Errorf("index = %+v; want one record %q and vendor iis", idx, want)
	}

	for i := range 3000 {
		site.Pages = append(site.Pages, &Page{ID: fmt.Sprint(100 + i%500), Kind: KindCode,
			Meta: FrontMatter{Code: 100 + i%500, Title: "Padding", Summary: strings.Repeat("words ", 20)}})
	}
	if _, err := SearchIndex(site, SearchIndexLimit); err == nil || !strings.Contains(err.Error(), "over the 300 KB limit") {
		t.Errorf("an index over the limit gave %v; want an error", err)
	}
	if _, err := SearchIndex(site, 0); err != nil {
		t.Errorf("with no limit: %v", err)
	}
}

// TestRussianStems checks the forms the Russian index maps to stems: word
// forms of one word share a stem, "ё" is read as "е", and stop words and
// Latin words are left out.
func TestRussianStems(t *testing.T) {
	same := [][]string{
		{"сертификат", "сертификата", "сертификатом", "сертификаты"},
		{"ошибка", "ошибки", "ошибку", "ошибкой"},
		{"запрещён", "запрещен"},
		{"каталогов", "каталог", "каталоги"},
	}
	for _, words := range same {
		want := russianStem(words[0])
		for _, w := range words[1:] {
			if got := russianStem(w); got != want || got == "" {
				t.Errorf("%s stems to %q, %s to %q", w, got, words[0], want)
			}
		}
	}
	for _, w := range []string{"и", "не", "error", "404"} {
		if st := russianStem(w); st != "" {
			t.Errorf("%q stems to %q; want none", w, st)
		}
	}
	c := newDocCutter(textForms.Add(1))
	c.add("Сертификата нет, сертификата нет", 1)
	if len(c.out.forms) != 1 || c.out.forms[0].word != "сертификата" {
		t.Errorf("forms recorded: %v; want сертификата once", c.out.forms)
	}
}

// TestPostingsText checks that postingsLen measures what appendPostings
// writes.
func TestPostingsText(t *testing.T) {
	var list []byte
	for _, v := range []uint64{0, 9, 10, 99, 100, 127, 128, 16383, 16384, 1 << 40} {
		list = binary.AppendUvarint(list, v)
	}
	want := "0,9,10,99,100,127,128,16383,16384,1099511627776"
	if got := string(appendPostings(nil, list)); got != want {
		t.Errorf("appendPostings = %s, want %s", got, want)
	}
	if got := postingsLen(list); got != len(want) {
		t.Errorf("postingsLen = %d, want %d", got, len(want))
	}
	if got := postingsLen(nil); got != 0 {
		t.Errorf("postingsLen(nil) = %d, want 0", got)
	}
}

// TestSnippetText checks the texts of the docs file: spaces collapsed as
// strings.Fields would, and cuts at a word boundary by characters, not
// bytes.
func TestSnippetText(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		"  one \t two\n\u00a0three ": "one two three",
		"a\u2028b\xffc  d":           "a b\xffc d",
	} {
		if got := collapseSpace(in); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", in, got, want)
		}
	}
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{" short ", 10, "short"},
		{"ошибка доступа запрещён", 12, "ошибка…"},
		{"one two three four", 13, "one two…"},
		{"abcdefghij", 5, "abcde…"},
		{"one, two", 5, "one…"},
	} {
		if got := cutTo(c.in, c.n); got != c.want {
			t.Errorf("cutTo(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
