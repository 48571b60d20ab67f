package generator

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/statuscodes/site/internal/testfiles"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testConfig is the one configuration of the tests: the given content
// folder ("../content" for the real site, "testdata/site/content" for the
// small one) with the repository's templates and static files, built into
// a temporary folder.
func testConfig(t testing.TB, content string) Config {
	t.Helper()
	return Config{Content: content, Templates: "../templates", Static: "../static",
		Out: filepath.Join(t.TempDir(), "public"), BaseURL: "https://example.org/docs/", SearchLimit: SearchIndexLimit}
}

// TestGolden compares every file of the built test site with
// testdata/golden. Run `go test ./generator -update` after a deliberate
// change to the templates or the renderer, and review the diff.
func TestGolden(t *testing.T) {
	cfg := testConfig(t, "testdata/site/content")
	res, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 24 {
		t.Errorf("built %d pages, want 24 (12 notes, 2 number pages, the index, search.html and 404.html; in Russian 2 notes, 2 number pages and the same 3)", res.Pages)
	}
	golden := "testdata/golden"
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		testfiles.Copy(t, cfg.Out, golden)
		for _, name := range []string{BundleName, OutputMarker} {
			if err := os.Remove(filepath.Join(golden, name)); err != nil {
				t.Fatal(err)
			}
		}
		err := filepath.WalkDir(golden, func(p string, d fs.DirEntry, err error) error {
			rel, _ := filepath.Rel(golden, p)
			if err == nil && !d.IsDir() && copiedStatic(rel) {
				return os.Remove(p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	built := map[string]bool{}
	err = filepath.WalkDir(cfg.Out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(cfg.Out, path)
		if rel == BundleName || rel == OutputMarker || copiedStatic(rel) {
			return nil // the zip: TestBundle; the marker: TestOutputOwnership; verbatim copies of static/: checked below
		}
		built[rel] = true
		got, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		want, err := os.ReadFile(filepath.Join(golden, rel))
		if err != nil {
			t.Errorf("%s: built, but there is no golden file (run with -update)", rel)
			return nil
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its golden file:\n%s", rel, firstDiff(string(want), string(got)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"favicon.svg", "site.js", "style.css", "theme.js"} {
		got, err1 := os.ReadFile(filepath.Join(cfg.Out, "static", name))
		want, err2 := os.ReadFile(filepath.Join("../static", name))
		if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
			t.Errorf("static/%s is not a copy of ../static/%s (%v, %v)", name, name, err1, err2)
		}
	}
	err = filepath.WalkDir(golden, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(golden, path)
		if !built[rel] {
			t.Errorf("%s: golden file, but the build no longer writes it", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// copiedStatic reports a file copied unchanged from static/ (the golden
// files hold only what the build makes).
func copiedStatic(rel string) bool {
	rel = filepath.ToSlash(rel)
	return strings.HasPrefix(rel, "static/") && rel != "static/highlight.css" && rel != SearchIndexFile
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + a + "\n  got:  " + b
		}
	}
	return ""
}

// TestBuildErrors breaks a copy of the test site in one way per case and
// checks that the build fails with the file and line, and that the
// previously published folder is left exactly as it was.
func TestBuildErrors(t *testing.T) {
	const note410 = "---\ncode: 410\ntitle: Gone\nsummary: Removed for good.\nstatus: standard\n---\n\nGone.\n"
	note1020, note000 := readNote(t, "errors/cloudflare/1020.md"), readNote(t, "errors/status/000.md")
	noteRU := readNote(t, "ru/codes/401.md")
	cases := []struct {
		name  string
		files map[string]string              // content files to write ("" removes)
		tmpl  map[string]string              // template files to write
		setup func(t *testing.T, dir string) // anything else, in the copy's folder
		cfg   func(*Config)
		want  []string // substrings of the error, paths relative to the content copy
	}{
		{name: "malformed YAML",
			files: map[string]string{"codes/410.md": "---\ncode: 410\ntitle: [Gone\n---\n"},
			want:  []string{"codes/410.md:3: YAML: did not find expected ',' or ']'"}},
		{name: "missing title",
			files: map[string]string{"codes/410.md": strings.Replace(note410, "title: Gone\n", "", 1)},
			want:  []string{"codes/410.md:1: missing title"}},
		{name: "missing code",
			files: map[string]string{"codes/410.md": strings.Replace(note410, "code: 410\n", "", 1)},
			want:  []string{"codes/410.md:1: missing code"}},
		{name: "unknown key",
			files: map[string]string{"codes/410.md": strings.Replace(note410, "status:", "stauts:", 1)},
			want:  []string{`codes/410.md:5: unknown key "stauts"`}},
		{name: "unknown key in a cause",
			files: map[string]string{"codes/410.md": strings.Replace(note410, "---\n\n", "causes:\n  - symptom: a\n    cause: b\n    fix: c\n    who: visitor\n    wen: d\n---\n", 1)},
			want:  []string{`codes/410.md:11: causes: unknown key "wen"`}},
		{name: "wrong type",
			files: map[string]string{"codes/410.md": strings.Replace(note410, "code: 410", "code: four-ten", 1)},
			want:  []string{`codes/410.md:2: code: expected a whole number, found "four-ten"`}},
		{name: "duplicate identity",
			files: map[string]string{"codes/401-again.md": strings.Replace(note410, "410", "401", 1)},
			want:  []string{"codes/401.md:1: duplicate page 401", "401-again.md has the same identity"}},
		{name: "related page that does not exist",
			files: map[string]string{"codes/410.md": strings.Replace(note410, "---\n\n", "related: [404, \"401\"]\n---\n", 1)},
			want:  []string{`codes/410.md:6: related: no page "404"`}},
		{name: "body link to a page that does not exist",
			files: map[string]string{"codes/410.md": note410 + "\nSee [the nginx page](nginx/444).\n"},
			want:  []string{`codes/410.md:10: link to a page that does not exist: "nginx/444"`}},
		{name: "link written as a path",
			files: map[string]string{"codes/410.md": note410 + "\nSee [403](../403.html).\n"},
			want:  []string{`codes/410.md:10: link "../403.html": write a page id`}},
		{name: "empty file",
			files: map[string]string{"codes/410.md": "\n  \n"},
			want:  []string{"codes/410.md: the file is empty"}},
		{name: "no front matter",
			files: map[string]string{"codes/410.md": "# Gone\n\nNo header.\n"},
			want:  []string{"codes/410.md:1: no front matter"}},
		{name: "front matter not closed",
			files: map[string]string{"codes/410.md": "---\ncode: 410\ntitle: Gone\n"},
			want:  []string{"codes/410.md:1: front matter is not closed"}},
		{name: "bad values",
			files: map[string]string{"codes/410.md": strings.Replace(note410, "standard", "official", 1) +
				""},
			want: []string{`codes/410.md:5: status "official" is not one of`}},
		{name: "two meanings and no disambiguation",
			files: map[string]string{"codes/499.md": ""},
			want:  []string{`499 has several meanings (esri/499, nginx/499) and no page "499"`}},
		{name: "unknown vendor",
			files: map[string]string{"vendors/nginx/499.md": "---\ncode: 499\nvendor: ngnix\ntitle: x\nsummary: y\nstatus: unofficial\n---\n"},
			want:  []string{`vendors/nginx/499.md:3: vendor "ngnix" is not in vendors.yaml`}},
		{name: "every error at once",
			files: map[string]string{
				"codes/410.md": strings.Replace(note410, "title: Gone\n", "", 1),
				"codes/411.md": "no front matter\n",
			},
			want: []string{"codes/410.md:1: missing title", "codes/411.md:1: no front matter"}},
		{name: "template that fails to execute",
			tmpl: map[string]string{"guide.html": `{{define "main"}}{{.Page.Meta.Nope}}{{end}}`},
			want: []string{"templates/guide.html:1: rendering ", "content/guides/access.md: template: guide.html:1:", "can't evaluate field Nope"}},
		{name: "template that does not parse",
			tmpl: map[string]string{"code.html": `{{define "main"}}{{if}}{{end}}`},
			want: []string{"code.html", "missing value for if"}},
		{name: "missing static folder",
			cfg:  func(c *Config) { c.Static = filepath.Join(filepath.Dir(c.Content), "no-such-folder") },
			want: []string{"no-such-folder: static folder: stat ", "no such file or directory"}},
		{name: "no notes",
			setup: func(t *testing.T, dir string) {
				if err := os.RemoveAll(filepath.Join(dir, "content")); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"content: no notes (*.md files) in the content folder"}},
		{name: "template links a static file the site does not have",
			setup: func(t *testing.T, dir string) {
				testfiles.Edit(t, filepath.Join(dir, "templates", "base.html"), `{{.Asset "style.css"}}`, `{{.Asset "styles.css"}}`)
			},
			want: []string{"templates: ", ".html links static/styles.css, which the site does not have: add it to the static folder or fix the template"}},
		{name: "no static folder while templates link static files",
			cfg:  func(c *Config) { c.Static = "" },
			want: []string{"links static/style.css, which the site does not have"}},
		{name: "invalid UTF-8",
			files: map[string]string{"codes/410.md": note410 + "\nCaf\xe9 latin-1.\n"},
			want:  []string{"codes/410.md:10: invalid UTF-8 (byte 0xE9): save the file as UTF-8"}},
		{name: "invalid UTF-8 in a template",
			tmpl: map[string]string{"guide.html": "{{define \"main\"}}\n\xff{{end}}"},
			want: []string{"guide.html:2: invalid UTF-8 (byte 0xFF)"}},
		{name: "javascript link",
			files: map[string]string{"codes/410.md": note410 + "\n[x](javascript:alert(1))\n"},
			want:  []string{`codes/410.md:10: link "javascript:alert(1)": javascript links are not allowed`}},
		{name: "vbscript and data links in a cause",
			files: map[string]string{"codes/410.md": strings.Replace(note410, "---\n\n", "causes:\n  - symptom: a\n    cause: \"<vbscript:msgbox>\"\n    fix: \"[c](data:text/html,x)\"\n    who: visitor\n---\n", 1)},
			want:  []string{`codes/410.md:7: link "vbscript:msgbox": vbscript links are not allowed`, `codes/410.md:7: link "data:text/html,x": data links are not allowed`}},
		{name: "note over the size limit",
			files: map[string]string{"codes/410.md": note410 + strings.Repeat("[a](", MaxNoteSize/4)},
			want:  []string{"codes/410.md: 48 KB is over the 48 KB limit for a note: split it"}},
		{name: "note that is a symlink out of the content folder",
			setup: func(t *testing.T, dir string) {
				secret := filepath.Join(dir, "secret.md")
				testfiles.Write(t, secret, note410)
				if err := os.Symlink(secret, filepath.Join(dir, "content", "codes", "410.md")); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"content/codes/410.md: a symlink that leads outside its folder: refused"}},
		{name: "static file that is a symlink out of the static folder",
			setup: func(t *testing.T, dir string) {
				if err := os.Symlink("/etc/passwd", filepath.Join(dir, "static", "passwd.txt")); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"static/passwd.txt: a symlink that leads outside its folder: refused"}},
		{name: "malformed vendors.yaml",
			setup: func(t *testing.T, dir string) {
				testfiles.Edit(t, filepath.Join(dir, "content", "vendors.yaml"), "nginx:\n", "nginx:\n  tags: [a\n")
			},
			want: []string{"content/vendors.yaml:6: YAML: did not find expected"}},
		{name: "vendor without a name",
			setup: func(t *testing.T, dir string) {
				testfiles.Edit(t, filepath.Join(dir, "content", "vendors.yaml"), "nginx:\n  name: nginx\n", "nginx:\n")
			},
			want: []string{"content/vendors.yaml:", "vendor nginx: missing name"}},
		{name: "reference with a bad URL",
			files: map[string]string{"codes/410.md": strings.Replace(note410, "---\n\n", "references:\n  - name: RFC\n    url: https://example.org/\n  - name: Bad\n    url: ftp.example.org\n---\n", 1)},
			want:  []string{`codes/410.md:9: references: "Bad": url "ftp.example.org" is not an absolute http(s) URL`}},
		{name: "template that fails on every code page, reported once",
			tmpl: map[string]string{"code.html": `{{define "main"}}{{.Page.Meta.Nope}}{{end}}`},
			want: []string{"templates/code.html:1: rendering ", "(and 6 other pages): template: code.html:1:"}},
		{name: "error page that also has a code",
			files: map[string]string{"errors/cloudflare/1020.md": strings.Replace(note1020, "vendor: cloudflare\n", "vendor: cloudflare\ncode: 403\n", 1)},
			want:  []string{"errors/cloudflare/1020.md:1: an error page has no code, sub-status, status or meanings"}},
		{name: "error page without causes",
			files: map[string]string{"errors/status/000.md": "---\nerror: \"000\"\ntitle: t\nsummary: s\n---\n"},
			want:  []string{"errors/status/000.md:1: an error page lists its causes"}},
		{name: "error name with a slash",
			files: map[string]string{"errors/status/000.md": strings.Replace(note000, `error: "000"`, `error: "a/b"`, 1)},
			want:  []string{`errors/status/000.md:2: error "a/b": a name or number without spaces, slashes, # or ?`}},
		{name: "http names a page that is not a status code",
			files: map[string]string{"errors/cloudflare/1020.md": strings.Replace(note1020, `http: ["403"]`, `http: ["000"]`, 1)},
			want:  []string{"errors/cloudflare/1020.md:7: http: 000 is not the page of a status code"}},
		{name: "http names no page",
			files: map[string]string{"errors/cloudflare/1020.md": strings.Replace(note1020, `http: ["403"]`, `http: ["429"]`, 1)},
			want:  []string{`errors/cloudflare/1020.md:7: http: no page "429"`}},
		{name: "http on a status code page",
			files: map[string]string{"codes/410.md": strings.Replace(note410, "---\n\n", "http: [\"403\"]\n---\n", 1)},
			want:  []string{"codes/410.md:6: http: only error pages name the status codes they arrive with"}},
		{name: "translation that sets a code",
			files: map[string]string{"ru/codes/401.md": strings.Replace(noteRU, "title: Не авторизован\n", "title: Не авторизован\ncode: 402\n", 1)},
			want:  []string{`ru/codes/401.md:3: unknown key "code"`, "a translation has only texts; codes, statuses, vendors, links and related pages come from"}},
		{name: "translation that sets a status and related pages",
			files: map[string]string{"ru/codes/401.md": strings.Replace(noteRU, "title: Не авторизован\n", "title: Не авторизован\nstatus: unofficial\nrelated: [\"403\"]\n", 1)},
			want:  []string{`ru/codes/401.md:3: unknown key "status"`, `ru/codes/401.md:4: unknown key "related"`}},
		{name: "translation that changes who",
			files: map[string]string{"ru/codes/401.md": strings.Replace(noteRU, "    when: у клиента есть токен обновления\n", "    when: у клиента есть токен обновления\n    who: visitor\n", 1)},
			want:  []string{`unknown key "who"`}},
		{name: "translation with a cause row missing",
			files: map[string]string{"ru/codes/401.md": noteRU[:strings.Index(noteRU, "  - symptom: Браузер")] + "---\n\nТекст.\n"},
			want:  []string{"ru/codes/401.md:7: causes: 1 here, 2 in", "translate every one, in the same order"}},
		{name: "translation without an original",
			files: map[string]string{"ru/codes/410.md": "---\ntitle: Удалено\nsummary: Навсегда.\n---\n"},
			want:  []string{"ru/codes/410.md:1: no note", "codes/410.md in the default language to translate"}},
		{name: "translation linking a page that does not exist",
			files: map[string]string{"ru/codes/401.md": noteRU + "\nСм. [444](nginx/444).\n"},
			want:  []string{`ru/codes/401.md:26: link to a page that does not exist: "nginx/444"`}},
		{name: "language folder without the templates' words",
			setup: func(t *testing.T, dir string) {
				if err := os.MkdirAll(filepath.Join(dir, "content", "de", "codes"), 0o755); err != nil {
					t.Fatal(err)
				}
				testfiles.Write(t, filepath.Join(dir, "content", "de", "codes", "401.md"), "---\ntitle: Nicht autorisiert\nsummary: x\n---\n")
			},
			want: []string{"content/de: a language folder needs the templates' words in", "strings/de.yaml"}},
		{name: "missing content folder",
			cfg:  func(c *Config) { c.Content = filepath.Join(c.Content, "nope") },
			want: []string{"nope: content folder: stat ", "no such file or directory"}},
		{name: "unwritable output folder",
			cfg: func(c *Config) {
				// A regular file where a folder must be: fails even for root.
				blocker := filepath.Join(filepath.Dir(filepath.Dir(c.Out)), "blocker")
				if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
					panic(err)
				}
				c.Out = filepath.Join(blocker, "public")
			},
			want: []string{"blocker/public: output folder"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			content := filepath.Join(dir, "content")
			testfiles.Copy(t, "testdata/site/content", content)
			templates := filepath.Join(dir, "templates")
			testfiles.Copy(t, "../templates", templates)
			static := filepath.Join(dir, "static")
			testfiles.Copy(t, "../static", static)
			for name, text := range tc.files {
				path := filepath.Join(content, filepath.FromSlash(name))
				if text == "" {
					if err := os.Remove(path); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for name, text := range tc.tmpl {
				if err := os.WriteFile(filepath.Join(templates, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			cfg := testConfig(t, content)
			cfg.Templates, cfg.Static, cfg.Out = templates, static, filepath.Join(dir, "out", "public")
			// The previous build: a file that must survive the failed one.
			fakeOutput(t, cfg.Out, "previous.html", "previous build")
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			before := treeHash(t, dir)
			// Twice: a second run is where a reused spare could do harm.
			for run := 1; run <= 2; run++ {
				_, err := Build(cfg)
				if err == nil {
					t.Fatalf("run %d: the build succeeded; want an error", run)
				}
				msg := filepath.ToSlash(err.Error())
				for _, w := range tc.want {
					if !strings.Contains(msg, w) {
						t.Errorf("run %d: error does not contain %q:\n%s", run, w, msg)
					}
				}
				if after := treeHash(t, dir); after != before {
					t.Errorf("run %d: the failed build changed the sources or the previous output:\n%s", run, diffTrees(before, after))
				}
			}
		})
	}
}

// TestBundle unpacks the offline zip and compares it with the site: the
// same files, byte for byte, except the index, which in the bundle has no
// link to the zip that holds it.
func TestBundle(t *testing.T) {
	cfg := testConfig(t, "testdata/site/content")
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(filepath.Join(cfg.Out, BundleName))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	inZip := map[string]bool{}
	for _, f := range zr.File {
		rel, ok := strings.CutPrefix(f.Name, "statuscodes-offline/")
		if !ok {
			t.Errorf("%s: not inside the bundle's folder", f.Name)
			continue
		}
		inZip[rel] = true
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		want, err := os.ReadFile(filepath.Join(cfg.Out, filepath.FromSlash(rel)))
		if err != nil {
			t.Errorf("%s: in the zip but not in the site", rel)
			continue
		}
		if rel == "index.html" || rel == "ru/index.html" {
			if bytes.Contains(got, []byte(BundleName)) || !bytes.Contains(want, []byte(BundleName)) {
				t.Errorf("index.html: the site's index must link the zip and the zipped index must not")
			}
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the zipped copy differs from the site", rel)
		}
	}
	err = filepath.WalkDir(cfg.Out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(cfg.Out, p)
		if rel = filepath.ToSlash(rel); rel != BundleName && rel != OutputMarker && !inZip[rel] {
			t.Errorf("%s: in the site but not in the zip", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBuildReplacesOutput checks that a good build replaces the whole
// previous output, stale files included, and leaves no temporary folder.
func TestBuildReplacesOutput(t *testing.T) {
	cfg := testConfig(t, "testdata/site/content")
	stale := filepath.Join(cfg.Out, "stale.html")
	fakeOutput(t, cfg.Out, "stale.html", "old")
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale file survived the build: %v", err)
	}
	if _, err := os.Stat(filepath.Join(cfg.Out, "codes", "401.html")); err != nil {
		t.Errorf("the new build is not in place: %v", err)
	}
	checkParent(t, filepath.Dir(cfg.Out))
}

// readNote reads a note of the test site.
func readNote(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata/site/content", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// treeHash lists every file below dir (but a build's spare folders, which
// are its own) with a hash of its bytes, or the target of a symlink.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if strings.HasSuffix(d.Name(), ".spare") {
			return filepath.SkipDir
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "%s -> %s\n", rel, target)
		case d.IsDir():
			fmt.Fprintf(&b, "%s/\n", rel)
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "%s %x\n", rel, sha256.Sum256(data))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// diffTrees shows the lines of two treeHash listings that differ.
func diffTrees(before, after string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	b, a := in(before), in(after)
	var out []string
	for l := range b {
		if !a[l] {
			out = append(out, "- "+l)
		}
	}
	for l := range a {
		if !b[l] {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// fakeOutput makes dir look like an earlier build's output holding one
// file.
func fakeOutput(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	testfiles.Write(t, filepath.Join(dir, OutputMarker), markerText)
	testfiles.Write(t, filepath.Join(dir, name), text)
}

// checkParent checks that a build left nothing beside the output but the
// output and its spare.
func checkParent(t *testing.T, parent string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "public" && e.Name() != ".public.spare" && e.Name() != ".public.cache" {
			t.Errorf("the output's parent holds %s; want only public, .public.spare and .public.cache", e.Name())
		}
	}
	cache, _ := os.ReadDir(filepath.Join(parent, ".public.cache"))
	for _, e := range cache {
		if name := strings.TrimSuffix(e.Name(), "-delta"); name != manifestFile && name != searchFile && name != notesFile {
			t.Errorf("the build cache holds %s; want only its manifest, notes and search files", e.Name())
		}
	}
}

// TestBuildReusesSpare builds three times, changing the content between
// builds, so that the later builds write into the kept previous folder:
// changed files must change, removed pages must go, and nothing stale may
// be published.
func TestBuildReusesSpare(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	testfiles.Copy(t, "testdata/site/content", content)
	cfg := testConfig(t, content)
	cfg.Clean = true // full builds: an incremental one updates the output in place
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(cfg.Out, name))
		if err != nil {
			return ""
		}
		return string(data)
	}
	for i, change := range []func(){
		func() {},
		func() {
			note := filepath.Join(content, "warning", "110.md")
			if err := os.Remove(note); err != nil {
				t.Fatal(err)
			}
		},
		func() {
			note := filepath.Join(content, "codes", "403.md")
			data, _ := os.ReadFile(note)
			if err := os.WriteFile(note, []byte(strings.Replace(string(data), "title: Forbidden", "title: Refused", 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		},
	} {
		change()
		if _, err := Build(cfg); err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(cfg.Out), ".public.spare")); err != nil {
		t.Errorf("no spare kept: %v", err)
	}
	if read("warning/110.html") != "" || read("warning/110.json") != "" {
		t.Error("the removed note's page is still published")
	}
	if !strings.Contains(read("codes/403.html"), "<h1>Refused</h1>") || !strings.Contains(read("index.html"), "Refused") {
		t.Error("the changed note is not published")
	}
	if !strings.Contains(read("codes/401.html"), "<h1>Unauthorized</h1>") {
		t.Error("an unchanged page is missing")
	}
	checkParent(t, filepath.Dir(cfg.Out))
}
