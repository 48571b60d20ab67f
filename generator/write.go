package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Output is a build's destination: a temporary folder beside the real one,
// which replaces it only when Commit is called, so a failed build leaves
// the previous site exactly as it was.
type Output struct {
	dir string // the folder the site is published to
	tmp string // where this build writes
}

// NewOutput creates the temporary folder for a build that publishes to dir.
func NewOutput(dir string) (*Output, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, &Error{File: dir, Err: err}
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".build-*")
	if err != nil {
		return nil, &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, &Error{File: dir, Err: err}
	}
	return &Output{dir: abs, tmp: tmp}, nil
}

// Dir is the temporary folder being written.
func (o *Output) Dir() string { return o.tmp }

// MkdirAll creates a folder (slash-separated, relative) in the output.
func (o *Output) MkdirAll(rel string) error {
	return os.MkdirAll(filepath.Join(o.tmp, filepath.FromSlash(rel)), 0o755)
}

// WriteFile writes one file of the site; its folder must exist.
func (o *Output) WriteFile(rel string, data []byte) error {
	if err := os.WriteFile(filepath.Join(o.tmp, filepath.FromSlash(rel)), data, 0o644); err != nil {
		return &Error{File: filepath.Join(o.dir, filepath.FromSlash(rel)), Err: err}
	}
	return nil
}

// Commit swaps the finished build in for the published folder. The old
// folder is moved aside first and restored if the swap fails.
func (o *Output) Commit() error {
	old := o.tmp + ".old"
	hadOld := true
	if err := os.Rename(o.dir, old); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return &Error{File: o.dir, Err: fmt.Errorf("replacing the output folder: %w", err)}
		}
		hadOld = false
	}
	if err := os.Rename(o.tmp, o.dir); err != nil {
		if hadOld {
			if rerr := os.Rename(old, o.dir); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
		return &Error{File: o.dir, Err: fmt.Errorf("replacing the output folder: %w", err)}
	}
	if hadOld {
		if err := os.RemoveAll(old); err != nil {
			return &Error{File: old, Err: fmt.Errorf("removing the previous build: %w", err)}
		}
	}
	return nil
}

// Abort removes the temporary folder of a build that failed. It is safe
// to call after Commit.
func (o *Output) Abort() {
	os.RemoveAll(o.tmp)
}
