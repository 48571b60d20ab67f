// Package testfiles holds the file helpers that the tests of several
// packages share: copying a source tree to break the copy, and editing one
// file of it.
package testfiles

import (
	"os"
	"strings"
	"testing"
)

// Copy copies the folder src to dst, which must not exist yet.
func Copy(t testing.TB, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

// Edit replaces the first old in file with new; the file must hold old.
func Edit(t testing.TB, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	Write(t, file, strings.Replace(string(data), old, new, 1))
}

// Write writes text to file.
func Write(t testing.TB, file, text string) {
	t.Helper()
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
