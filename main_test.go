package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
			"built 13 pages", ""},
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
