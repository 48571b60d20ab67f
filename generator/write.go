package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Output is a build's destination: a folder beside the published one,
// which replaces it only when Commit is called, so a failed build leaves
// the previous site exactly as it was.
//
// The folder a build replaces is not deleted: it is kept beside the output
// as ".<name>.spare", and the next build writes into it, leaving every file
// whose bytes have not changed as it is. Creating and deleting files is
// most of what a build costs on some disks (about a millisecond a file on
// the machines this project runs on), and most files of a rebuild are the
// same as two builds ago.
type Output struct {
	dir    string // the folder the site is published to
	tmp    string // where this build writes
	spare  string // where the replaced folder is kept for the next build
	reused bool   // tmp is a previous build, not an empty folder

	mu      sync.Mutex
	written map[string]bool // files of this build, relative to tmp
}

// NewOutput prepares the folder for a build that publishes to dir.
func NewOutput(dir string) (*Output, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, &Error{File: dir, Err: err}
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".build-*")
	if err != nil {
		return nil, &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	}
	o := &Output{dir: abs, tmp: tmp, spare: filepath.Join(parent, "."+base+".spare"), written: map[string]bool{}}
	if st, err := os.Stat(o.spare); err == nil && st.IsDir() {
		if os.Remove(tmp) == nil && os.Rename(o.spare, tmp) == nil {
			o.reused = true
		} else if err := os.MkdirAll(tmp, 0o755); err != nil {
			return nil, &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, &Error{File: dir, Err: err}
	}
	return o, nil
}

// Dir is the folder being written.
func (o *Output) Dir() string { return o.tmp }

// MkdirAll creates a folder (slash-separated, relative) in the output.
func (o *Output) MkdirAll(rel string) error {
	return os.MkdirAll(filepath.Join(o.tmp, filepath.FromSlash(rel)), 0o755)
}

// WriteFile writes one file of the site; its folder must exist. A file
// that already holds these bytes is left alone.
func (o *Output) WriteFile(rel string, data []byte) error {
	name := filepath.Join(o.tmp, filepath.FromSlash(rel))
	o.mu.Lock()
	o.written[filepath.ToSlash(rel)] = true
	o.mu.Unlock()
	if o.reused {
		if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
			return nil
		}
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return &Error{File: filepath.Join(o.dir, filepath.FromSlash(rel)), Err: err}
	}
	return nil
}

// Create opens a file of the site for writing, for the offline zip.
func (o *Output) Create(rel string) (*os.File, error) {
	o.mu.Lock()
	o.written[filepath.ToSlash(rel)] = true
	o.mu.Unlock()
	return os.Create(filepath.Join(o.tmp, filepath.FromSlash(rel)))
}

// prune removes what a reused folder holds that this build did not write.
func (o *Output) prune() error {
	if !o.reused {
		return nil
	}
	var dirs []string
	err := filepath.WalkDir(o.tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(o.tmp, p)
		if err != nil || rel == "." {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if !o.written[filepath.ToSlash(rel)] {
			return os.Remove(p)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Remove(dirs[i]) // only succeeds when the folder is now empty
	}
	return err
}

// Commit swaps the finished build in for the published folder. The old
// folder is moved aside first, restored if the swap fails, and kept as the
// spare for the next build.
func (o *Output) Commit() error {
	if err := o.prune(); err != nil {
		return &Error{File: o.dir, Err: fmt.Errorf("removing stale files: %w", err)}
	}
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
	o.tmp = ""
	if hadOld {
		if err := os.Rename(old, o.spare); err != nil {
			if err := os.RemoveAll(old); err != nil {
				return &Error{File: old, Err: fmt.Errorf("removing the previous build: %w", err)}
			}
		}
	}
	return nil
}

// Abort keeps the folder of a build that failed as the spare for the next
// build (its files are compared before they are reused). It is safe to call
// after Commit, when it does nothing.
func (o *Output) Abort() {
	if o.tmp == "" {
		return
	}
	if err := os.Rename(o.tmp, o.spare); err != nil {
		os.RemoveAll(o.tmp)
	}
	o.tmp = ""
}
