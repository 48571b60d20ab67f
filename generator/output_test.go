package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statuscodes/site/internal/testfiles"
)

// userProject lays out a project in a temporary folder, as a user's clone
// looks: content, templates, static, docs, go.mod, .git, and a published
// site in public. The test's working directory becomes the project.
func userProject(t *testing.T) (dir string, cfg Config) {
	t.Helper()
	dir = t.TempDir()
	testfiles.Copy(t, "testdata/site/content", filepath.Join(dir, "content"))
	testfiles.Copy(t, "../templates", filepath.Join(dir, "templates"))
	testfiles.Copy(t, "../static", filepath.Join(dir, "static"))
	for _, d := range []string{"docs", ".git", "empty"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	testfiles.Write(t, filepath.Join(dir, "docs", "notes.md"), "a user's notes\n")
	testfiles.Write(t, filepath.Join(dir, ".git", "HEAD"), "ref: refs/heads/main\n")
	testfiles.Write(t, filepath.Join(dir, "go.mod"), "module example.org/site\n")
	testfiles.Write(t, filepath.Join(dir, "README.md"), "readme\n")
	t.Chdir(dir)
	cfg = Config{Content: "content", Templates: "templates", Static: "static", Out: "public", BaseURL: "https://example.org/"}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	return dir, cfg
}

// TestOutputOwnership runs builds with an -out that names a folder the
// build did not make, twice in a row (the second run is where a reused
// spare folder used to delete what the first had moved aside), and checks
// that each fails, says why, and leaves every file of the project and the
// published site byte for byte as it was.
func TestOutputOwnership(t *testing.T) {
	cases := []struct {
		out  string
		want string
	}{
		{"content", "it is, holds or lies inside the source folder content"},
		{"content/codes", "it is, holds or lies inside the source folder content"},
		{"templates", "it is, holds or lies inside the source folder templates"},
		{"static", "it is, holds or lies inside the source folder static"},
		{"docs", "it holds 1 file or folder that no build made (there is no .statuscodes-output in it)"},
		{".git", "it lies inside a Git repository's .git folder"},
		{".git/site", "it lies inside a Git repository's .git folder"},
		{".", "it is or holds the working directory"},
		{"", "-out is empty"},
		{"  ", "-out is empty"},
		{"..", "it is or holds the working directory"},
		{"/", "it is a filesystem root"},
		{"README.md", "it is a file, not a folder"},
		{"content/..", "it is or holds the working directory"},
	}
	for _, tc := range cases {
		t.Run(tc.out, func(t *testing.T) {
			dir, cfg := userProject(t)
			cfg.Out = tc.out
			before := treeHash(t, filepath.Dir(dir))
			for run := 1; run <= 2; run++ {
				_, err := Build(cfg)
				if err == nil {
					t.Fatalf("run %d: the build succeeded; want a refusal", run)
				}
				if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "refusing to use this as the output folder") {
					t.Errorf("run %d: error %q does not say %q", run, err, tc.want)
				}
				if after := treeHash(t, filepath.Dir(dir)); after != before {
					t.Fatalf("run %d: the refused build changed files:\n%s", run, diffTrees(before, after))
				}
			}
		})
	}
}

// TestOutputFolderRules checks the folders a build may use: a new one, an
// empty one, and its own (twice: the second build reuses the spare).
func TestOutputFolderRules(t *testing.T) {
	dir, cfg := userProject(t)
	for _, out := range []string{"public", "public", "empty", "empty", "new/deep/site"} {
		cfg.Out = out
		if _, err := Build(cfg); err != nil {
			t.Fatalf("-out %s: %v", out, err)
		}
		if !marked(filepath.Join(dir, out)) {
			t.Errorf("-out %s: no marker in the output", out)
		}
		if _, err := os.Stat(filepath.Join(dir, out, "codes", "401.html")); err != nil {
			t.Errorf("-out %s: %v", out, err)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dir, "docs", "notes.md")); err != nil || string(data) != "a user's notes\n" {
		t.Errorf("docs/notes.md: %q, %v", data, err)
	}
	// A spare folder the build did not make is never used or removed.
	own := filepath.Join(dir, ".site.spare")
	if err := os.MkdirAll(own, 0o755); err != nil {
		t.Fatal(err)
	}
	testfiles.Write(t, filepath.Join(own, "keep.txt"), "mine")
	cfg.Out = "site"
	for range 2 {
		if _, err := Build(cfg); err != nil {
			t.Fatal(err)
		}
	}
	if data, err := os.ReadFile(filepath.Join(own, "keep.txt")); err != nil || string(data) != "mine" {
		t.Errorf("a spare folder that no build made was touched: %q, %v", data, err)
	}
}

// TestSymlinkedOutput publishes through a symlink, as a deploy folder
// often is: every build lands in the target, and the link stays a link.
func TestSymlinkedOutput(t *testing.T) {
	dir, cfg := userProject(t)
	target := filepath.Join(dir, "deploy", "www")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "site")); err != nil {
		t.Fatal(err)
	}
	cfg.Out = "site"
	for i, title := range []string{"Unauthorized", "Unauthorised", "Login required"} {
		if i > 0 {
			testfiles.Edit(t, filepath.Join(dir, "content", "codes", "401.md"), "title: "+[]string{"Unauthorized", "Unauthorised"}[i-1], "title: "+title)
		}
		if _, err := Build(cfg); err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
		st, err := os.Lstat(filepath.Join(dir, "site"))
		if err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("build %d: site is no longer a symlink (%v)", i+1, err)
		}
		page, err := os.ReadFile(filepath.Join(target, "codes", "401.html"))
		if err != nil || !strings.Contains(string(page), "<h1>"+title+"</h1>") {
			t.Errorf("build %d: the target does not hold this build (%v)", i+1, err)
		}
	}
}

// TestBOM checks that a note saved with a UTF-8 byte-order mark builds.
func TestBOM(t *testing.T) {
	dir, cfg := userProject(t)
	note := filepath.Join(dir, "content", "codes", "401.md")
	data, err := os.ReadFile(note)
	if err != nil {
		t.Fatal(err)
	}
	testfiles.Write(t, note, "\xEF\xBB\xBF"+strings.ReplaceAll(string(data), "\n", "\r\n"))
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public", "codes", "401.html"))
	if err != nil || !strings.Contains(string(page), "<h1>Unauthorized</h1>") || strings.Contains(string(page), "\uFEFF") {
		t.Errorf("the note with a BOM did not build cleanly (%v)", err)
	}
}
