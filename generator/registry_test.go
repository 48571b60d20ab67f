package generator

import (
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// registryRow is one assigned code of the IANA registry.
type registryRow struct {
	code      int
	name      string
	reference string // the first bracketed reference: "RFC9110, Section 15.5.4"
	status    string // the status a note must have
}

// readRegistry reads data/iana-status-codes.csv, skipping unassigned ranges.
func readRegistry(t *testing.T) []registryRow {
	t.Helper()
	f, err := os.Open("../data/iana-status-codes.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []registryRow
	for _, r := range records[1:] {
		code, err := strconv.Atoi(r[0])
		if err != nil || r[1] == "Unassigned" {
			continue // a range such as 418-420
		}
		row := registryRow{code: code, name: r[1], status: "standard"}
		ref := strings.TrimPrefix(r[2], "[")
		row.reference, _, _ = strings.Cut(ref, "]")
		switch {
		case strings.Contains(r[1], "TEMPORARY"):
			row.status = "temporary"
		case strings.Contains(r[1], "OBSOLETED"):
			row.status = "obsolete"
		case r[1] == "(Unused)":
			row.status = "unused"
		}
		row.name, _, _ = strings.Cut(row.name, " (")
		if row.status == "unused" {
			row.name = "" // the note names the code as readers know it
		}
		rows = append(rows, row)
	}
	return rows
}

// normRef makes "RFC 9110, Section 15.5.4" and "RFC9110, Section 15.5.4"
// comparable.
func normRef(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// TestRegistry checks the standard notes against the IANA registry: every
// assigned code has a note, its name and status agree, and its first
// reference is the registry's.
func TestRegistry(t *testing.T) {
	_, site := buildRealSite(t)
	rows := readRegistry(t)
	// The 2025-09-15 registry assigns 64 codes, 306 and 418 included.
	if len(rows) != 64 {
		t.Fatalf("read %d assigned codes from the registry; want 64", len(rows))
	}
	for _, row := range rows {
		id := strconv.Itoa(row.code)
		p := site.ByID[id]
		if p == nil || p.Kind != KindCode {
			t.Errorf("%d %s: no note for this registered code", row.code, row.name)
			continue
		}
		if row.name != "" && p.Meta.Title != row.name {
			t.Errorf("%s: title %q; the registry names it %q", p.File, p.Meta.Title, row.name)
		}
		// Where the registry marks a code, the note must say the same; an
		// unmarked code may still be deprecated (305) or obsolete (102)
		// by a later RFC, which the note then explains.
		if row.status != "standard" && p.Meta.Status != row.status ||
			row.status == "standard" && !slices.Contains([]string{"standard", "deprecated", "obsolete"}, p.Meta.Status) {
			t.Errorf("%s: status %q; the registry makes it %q", p.File, p.Meta.Status, row.status)
		}
		if len(p.Meta.References) == 0 {
			t.Errorf("%s: no references; the registry cites %s", p.File, row.reference)
			continue
		}
		got, want := normRef(p.Meta.References[0].Name), normRef(row.reference)
		rest, ok := strings.CutPrefix(got, want)
		if !ok || (rest != "" && strings.Contains("0123456789.", rest[:1])) {
			t.Errorf("%s: first reference %q; the registry cites %q", p.File, p.Meta.References[0].Name, row.reference)
		}
	}
}

// TestCauseTables checks the cause → fix tables of the standard error
// codes: at least two rows each, and four for the codes people look up most.
func TestCauseTables(t *testing.T) {
	_, site := buildRealSite(t)
	most := map[int]bool{400: true, 401: true, 403: true, 404: true, 405: true, 408: true, 413: true,
		414: true, 429: true, 500: true, 502: true, 503: true, 504: true}
	for _, row := range readRegistry(t) {
		p := site.ByID[strconv.Itoa(row.code)]
		if p == nil || row.code < 400 {
			continue
		}
		want := 2
		if most[row.code] {
			want = 4
		}
		if n := len(p.Meta.Causes); n < want {
			t.Errorf("%s: %d cause rows; want at least %d", p.File, n, want)
		}
	}
}
