package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	_ "modernc.org/sqlite"
)

// TestExplain runs explain as a reader would, on the site the binary
// carries: each query finds the pages it names, wrapped to the width, with
// no colour when the output is not a terminal.
func TestExplain(t *testing.T) {
	cases := []struct {
		args   []string
		status int
		want   []string // in stdout, in this order
		stderr string
	}{
		{[]string{"404"}, 0, []string{"404  Not Found", "4xx Client error · standard", "Causes and fixes", " 1. You see", "\ncodes/404.html\n"}, ""},
		{[]string{"499"}, 0, []string{"499  nginx or Esri?", "499  Token Required", "Esri ArcGIS", "499  Client Closed Request", "seen in logs only", "nginx/499.html"}, ""},
		{[]string{"nginx/499"}, 0, []string{"499  Client Closed Request", "nginx/499.html"}, ""},
		{[]string{"403.14"}, 0, []string{"403.14  ", "Microsoft IIS", "iis/403.14.html"}, ""},
		{[]string{"ERR_CONNECTION_REFUSED"}, 0, []string{"ERR_CONNECTION_REFUSED  Connection refused", "no HTTP status · Browser", "browser/ERR_CONNECTION_REFUSED.html"}, ""},
		{[]string{"net::ERR_CONNECTION_REFUSED"}, 0, []string{"ERR_CONNECTION_REFUSED  Connection refused"}, ""},
		{[]string{"err_connection_refused"}, 0, []string{"ERR_CONNECTION_REFUSED  Connection refused"}, ""},
		{[]string{"curl", "7"}, 0, []string{"7  Failed to connect", "curl/7.html"}, ""},
		{[]string{"1020"}, 0, []string{"1020  Access denied", "arrives as 403", "cloudflare/1020.html"}, ""},
		{[]string{"-base-url", "https://example.org/docs/", "401"}, 0, []string{"https://example.org/docs/codes/401.html"}, ""},
		{[]string{"4044"}, 1, nil, `no code or error "4044"; did you mean 404, `},
		{[]string{"ERR_CONECTION_REFUSED"}, 1, nil, "did you mean ERR_CONNECTION_REFUSED?"},
		{nil, 2, nil, "usage: statuscodes explain"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := run(append([]string{"explain"}, tc.args...), &stdout, &stderr); got != tc.status {
				t.Fatalf("exit status %d, want %d; stderr %s", got, tc.status, stderr.String())
			}
			out := stdout.String()
			rest := out
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("stdout lacks %q (in order):\n%s", w, out)
				}
				rest = rest[i+len(w):]
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tc.stderr)
			}
			if strings.Contains(out, "\x1b[") {
				t.Error("colour codes in output that is not a terminal")
			}
		})
	}
}

// TestExplainWidth checks that every line fits the width asked for.
func TestExplainWidth(t *testing.T) {
	for _, width := range []int{50, 72, 100} {
		var stdout, stderr bytes.Buffer
		if run([]string{"explain", "-width", strconv.Itoa(width), "500.19"}, &stdout, &stderr) != 0 {
			t.Fatal(stderr.String())
		}
		for i, line := range strings.Split(stdout.String(), "\n") {
			// A URL or a long identifier may not fit; nothing else may overflow.
			if n := utf8.RuneCountInString(line); n > width && strings.Contains(strings.TrimSpace(line), " ") {
				t.Errorf("width %d, line %d is %d wide: %q", width, i+1, n, line)
			}
		}
	}
}

// TestExplainJSON checks that -json prints the pages' twins.
func TestExplainJSON(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if run([]string{"explain", "499", "-json"}, &stdout, &stderr) != 0 {
		t.Fatal(stderr.String())
	}
	var twins []struct {
		ID     string `json:"id"`
		Causes []any  `json:"causes"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &twins); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tw := range twins {
		ids = append(ids, tw.ID)
	}
	if strings.Join(ids, " ") != "499 esri/499 nginx/499" {
		t.Errorf("twins %v, want 499 esri/499 nginx/499", ids)
	}
}

// TestExplainOutsideRepository builds the binary and runs it from an
// empty folder: the site it explains is the one embedded in it.
func TestExplainOutsideRepository(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "statuscodes")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "explain", "502.3")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "502.3  ") || !strings.Contains(string(out), "Causes and fixes") {
		t.Errorf("explain outside the repository: %v\n%s", err, out)
	}
}

// TestMan lints the manual page with mandoc and checks that it lists every
// code, error and guide.
func TestMan(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if run([]string{"man"}, &stdout, &stderr) != 0 {
		t.Fatal(stderr.String())
	}
	page := stdout.String()
	if !strings.HasPrefix(page, ".TH HTTPSTATUS 7 ") || !strings.Contains(page, "\n.SH SEE ALSO\n") {
		t.Error("not a section 7 page with SEE ALSO")
	}
	for _, entry := range []string{".B 404 Not Found\n", ".B 499 Client Closed Request (nginx)\n", ".B ERR_CONNECTION_REFUSED Connection refused (Browser)\n", ".B 403.14 ", ".B 1020 Access denied (Cloudflare)\n"} {
		if !strings.Contains(page, entry) {
			t.Errorf("the page lacks %q", entry)
		}
	}
	mandoc, err := exec.LookPath("mandoc")
	if err != nil {
		t.Skip("mandoc is not installed (.ci/run installs it): the roff is not linted")
	}
	cmd := exec.Command(mandoc, "-T", "lint", "-W", "style")
	cmd.Stdin = strings.NewReader(page)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("mandoc -T lint: %v\n%s", err, out)
	}
}

// TestDocset writes the docset twice (the second replaces the first) and
// opens its index: every entry's page exists, and every page is indexed.
func TestDocset(t *testing.T) {
	dir := t.TempDir()
	for range 2 {
		var stdout, stderr bytes.Buffer
		if run([]string{"docset", "-out", dir}, &stdout, &stderr) != 0 {
			t.Fatal(stderr.String())
		}
	}
	root := filepath.Join(dir, "StatusCodes.docset", "Contents")
	plist, err := os.ReadFile(filepath.Join(root, "Info.plist"))
	if err != nil || !strings.Contains(string(plist), "<key>dashIndexFilePath</key>") {
		t.Fatalf("Info.plist: %v", err)
	}
	docs := filepath.Join(root, "Resources", "Documents")
	db, err := sql.Open("sqlite", filepath.Join(root, "Resources", "docSet.dsidx"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name, type, path FROM searchIndex`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	indexed := map[string]bool{}
	types := map[string]bool{"Value": true, "Error": true, "Guide": true, "Category": true, "Entry": true}
	for rows.Next() {
		var name, typ, path string
		if err := rows.Scan(&name, &typ, &path); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(docs, filepath.FromSlash(path))); err != nil {
			t.Errorf("%s (%s): %v", name, typ, err)
		}
		if !types[typ] {
			t.Errorf("%s: entry type %q", name, typ)
		}
		indexed[path] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	pages := 0
	err = filepath.WalkDir(docs, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(docs, p)
		rel = filepath.ToSlash(rel)
		if base := path.Base(rel); base == "index.html" && path.Dir(rel) == "." || path.Dir(rel) == "ru" && (base == "index.html" || base == "404.html" || base == "search.html") || rel == "404.html" || rel == "search.html" {
			return nil
		}
		if data, err := os.ReadFile(p); err != nil || strings.Contains(string(data), `http-equiv="refresh"`) {
			return err // a number page, which leads to an indexed page
		}
		pages++
		if !indexed[rel] {
			t.Errorf("%s: a page the index does not list", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 290 || len(indexed) != pages {
		t.Errorf("%d pages, %d indexed", pages, len(indexed))
	}
	if _, err := os.Stat(filepath.Join(docs, "statuscodes-offline.zip")); err == nil {
		t.Error("the docset carries the offline zip")
	}
}
