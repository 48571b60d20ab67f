package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statuscodes/site/internal/testfiles"
)

func TestCLI(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	cases := []struct {
		name   string
		args   []string
		status int
		stdout string
		stderr string
	}{
		{"no command", nil, 2, "", "usage: statuscodes"},
		{"unknown command", []string{"publish"}, 2, "", `unknown command "publish"`},
		{"build help", []string{"build", "-h"}, 0, "", "-base-url"},
		{"bad flag", []string{"build", "-nope"}, 2, "", "flag provided but not defined"},
		{"missing content", []string{"build", "-content", "does-not-exist", "-out", out}, 1, "",
			"does-not-exist: content folder: stat does-not-exist: no such file or directory\nbuild failed: 1 error;"},
		{"build", []string{"build", "-content", "generator/testdata/site/content", "-out", out}, 0,
			"built 24 pages", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := run(tc.args, &stdout, &stderr); got != tc.status {
				t.Errorf("exit status %d, want %d; stderr:\n%s", got, tc.status, stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.stdout) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tc.stdout)
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tc.stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("the build command wrote no index: %v", err)
	}
}

// TestCLIRefusesUnsafeOutput runs the command as a new user would, in a
// copy of the project, with -out naming folders the build did not make,
// twice in a row: each run exits 1, names the folder and why, and leaves
// every file in place.
func TestCLIRefusesUnsafeOutput(t *testing.T) {
	dir := t.TempDir()
	testfiles.Copy(t, "generator/testdata/site/content", filepath.Join(dir, "content"))
	testfiles.Copy(t, "templates", filepath.Join(dir, "templates"))
	testfiles.Copy(t, "static", filepath.Join(dir, "static"))
	t.Chdir(dir)
	for _, tc := range []struct{ out, want string }{
		{"content", "content: refusing to use this as the output folder: it is, holds or lies inside the source folder content"},
		{".", ".: refusing to use this as the output folder: it is or holds the working directory"},
		{"..", "..: refusing to use this as the output folder: it is or holds the working directory"},
		{"", "refusing to use this as the output folder: -out is empty"},
	} {
		for try := 1; try <= 2; try++ {
			var stdout, stderr bytes.Buffer
			status := run([]string{"build", "-out", tc.out}, &stdout, &stderr)
			if status != 1 || !strings.Contains(stderr.String(), tc.want) || !strings.Contains(stderr.String(), "build failed: 1 error; the output folder was not changed") {
				t.Errorf("-out %q, run %d: status %d, stderr %q", tc.out, try, status, stderr.String())
			}
			if n := countFiles(t, filepath.Join(dir, "content")); n != 15 {
				t.Fatalf("-out %q, run %d: content holds %d files, want 15", tc.out, try, n)
			}
		}
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
