package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// OutputMarker is the file that marks a folder as a build's output. A
// build replaces or writes into no other folder, so a wrong -out can never
// delete a user's files.
const OutputMarker = ".statuscodes-output"

const markerText = "This folder is the output of `statuscodes build`; every build replaces it whole.\n"

// Output is a build's destination: a folder beside the published one,
// which replaces it only when Commit is called, so a failed build leaves
// the previous site exactly as it was.
//
// The folder a build replaces is not deleted: it is kept beside the output
// as ".<name>.spare", and the next build writes into it, leaving every file
// whose bytes have not changed as it is. Creating and deleting files is
// most of what a build costs on some disks, and most files of a rebuild
// are the same as two builds ago. Only a folder that carries OutputMarker
// is ever reused, replaced or pruned.
type Output struct {
	dir    string // the folder the site is published to (symlinks resolved)
	tmp    string // where this build writes
	spare  string // where the replaced folder is kept for the next build
	reused bool   // tmp is a previous build, not an empty folder
	// update: tmp holds only the files that changed, and Commit moves them
	// into dir, which keeps the rest (see UpdateOutput).
	update bool

	prefix  string   // the folder of the output this Output writes into ("" for its root)
	written *fileSet // files of this build, relative to tmp, shared with In's views
}

// fileSet is the set of files a build wrote, safe for many writers.
type fileSet struct {
	mu    sync.Mutex
	names map[string]bool
}

// NewOutput prepares the folder for a build that publishes to dir. It
// refuses, before touching anything, a dir that is not safe to replace:
// see checkOutput. sources are the folders the build reads.
func NewOutput(dir string, sources ...string) (*Output, error) {
	abs, err := checkOutput(dir, sources)
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	}
	o := &Output{dir: abs, spare: filepath.Join(parent, "."+base+".spare"), written: &fileSet{names: map[string]bool{}}}
	if o.tmp, err = os.MkdirTemp(parent, "."+base+".build-*"); err != nil {
		return nil, &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	}
	if marked(o.spare) && os.Remove(o.tmp) == nil {
		if os.Rename(o.spare, o.tmp) == nil {
			o.reused = true
		} else if err := os.Mkdir(o.tmp, 0o755); err != nil {
			return nil, &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
		}
	}
	err = os.Chmod(o.tmp, 0o755)
	if err == nil {
		err = os.WriteFile(filepath.Join(o.tmp, OutputMarker), []byte(markerText), 0o644)
	}
	if err != nil {
		o.Abort()
		return nil, &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	}
	return o, nil
}

// UpdateOutput prepares a build that changes the published folder dir in
// place, for an incremental build: files are written to a folder beside
// it, only when their bytes differ from the published ones, and Commit
// moves them in and deletes what the build neither wrote nor kept. Until
// Commit the published folder is untouched. dir must be a folder a build
// made.
func UpdateOutput(dir string, sources ...string) (*Output, error) {
	abs, err := checkOutput(dir, sources)
	if err != nil {
		return nil, err
	}
	if !marked(abs) {
		return nil, &Error{File: dir, Err: errors.New("output folder: not a build's output, cannot be updated")}
	}
	o := &Output{dir: abs, update: true, written: &fileSet{names: map[string]bool{}}}
	if o.tmp, err = os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".build-*"); err != nil {
		return nil, &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	}
	if err := os.WriteFile(filepath.Join(o.tmp, OutputMarker), []byte(markerText), 0o644); err != nil {
		o.Abort()
		return nil, &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	}
	return o, nil
}

// checkOutput returns the real path of the output folder dir, or an error
// that says why a build must not replace it: it is empty or a filesystem
// root; it is, holds or lies inside the working directory, a source folder
// or a Git repository; or it exists, is not empty, and has no OutputMarker.
// A symlink is followed: the site lands in its target.
func checkOutput(dir string, sources []string) (string, error) {
	refuse := func(format string, args ...any) (string, error) {
		return "", &Error{File: dir, Err: fmt.Errorf("refusing to use this as the output folder: "+format, args...)}
	}
	if strings.TrimSpace(dir) == "" {
		return refuse("-out is empty; name a folder of its own, such as public")
	}
	abs, err := realPath(dir)
	if err != nil {
		return "", &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	}
	if filepath.Dir(abs) == abs {
		return refuse("it is a filesystem root")
	}
	if wd, err := os.Getwd(); err == nil {
		if wd, err = realPath(wd); err == nil && within(abs, wd) {
			return refuse("it is or holds the working directory %s, whose files a build would replace", wd)
		}
	}
	for _, s := range sources {
		if s == "" {
			continue
		}
		src, err := realPath(s)
		if err != nil {
			continue
		}
		if within(abs, src) || within(src, abs) {
			return refuse("it is, holds or lies inside the source folder %s", s)
		}
	}
	for p := abs; filepath.Dir(p) != p; p = filepath.Dir(p) {
		if filepath.Base(p) == ".git" {
			return refuse("it lies inside a Git repository's .git folder")
		}
	}
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return abs, nil
	case err != nil:
		return "", &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	case !st.IsDir():
		return refuse("it is a file, not a folder")
	}
	for _, name := range []string{".git", "go.mod"} {
		if _, err := os.Lstat(filepath.Join(abs, name)); err == nil {
			return refuse("it holds %s: it looks like a project, not a build's output", name)
		}
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return "", &Error{File: dir, Err: fmt.Errorf("output folder: %w", err)}
	}
	if len(entries) > 0 && !marked(abs) {
		return refuse("it holds %s that no build made (there is no %s in it); move them away or choose another -out",
			plural(len(entries), "file or folder"), OutputMarker)
	}
	return abs, nil
}

// marked reports whether dir is a folder a build made.
func marked(dir string) bool {
	st, err := os.Lstat(filepath.Join(dir, OutputMarker))
	return err == nil && st.Mode().IsRegular()
}

// realPath is the absolute path of p with every symlink resolved, also
// for a p (or a parent of it) that does not exist yet, or that is a
// symlink to a folder that does not exist yet.
func realPath(p string) (string, error) {
	return resolve(p, 0)
}

func resolve(p string, depth int) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if depth > 40 {
		return "", fmt.Errorf("%s: too many levels of symlinks", p)
	}
	var rest []string
	for cur := abs; ; cur = filepath.Dir(cur) {
		real, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if target, err := os.Readlink(cur); err == nil {
			if !filepath.IsAbs(target) {
				target = filepath.Join(filepath.Dir(cur), target)
			}
			return resolve(filepath.Join(append([]string{target}, rest...)...), depth+1)
		}
		if filepath.Dir(cur) == cur {
			return abs, nil
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
	}
}

// within reports whether path p is dir or lies inside it (both cleaned
// and absolute).
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && (rel == "." || rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

// In is a view of the output that writes into one of its folders (a
// slash path), for outputs that hold a site below their root (a docset).
func (o *Output) In(folder string) *Output {
	v := *o
	v.prefix = path.Join(o.prefix, folder)
	return &v
}

// full is the slash path of rel from the output's root.
func (o *Output) full(rel string) string { return path.Join(o.prefix, rel) }

// Path marks a file as written by this build and returns where it is on
// disk, for a writer that needs a file name (SQLite).
func (o *Output) Path(rel string) string {
	o.mark(rel)
	return filepath.Join(o.tmp, filepath.FromSlash(o.full(rel)))
}

// MkdirAll creates a folder (slash-separated, relative) in the output.
func (o *Output) MkdirAll(rel string) error {
	if err := os.MkdirAll(filepath.Join(o.tmp, filepath.FromSlash(o.full(rel))), 0o755); err != nil {
		return &Error{File: filepath.Join(o.dir, filepath.FromSlash(rel)), Err: err}
	}
	return nil
}

// WriteFile writes one file of the site; its folder must exist. A file
// that already holds these bytes is left alone.
func (o *Output) WriteFile(rel string, data []byte) error {
	name := filepath.Join(o.tmp, filepath.FromSlash(o.full(rel)))
	o.mark(rel)
	if o.reused || o.update {
		old := name
		if o.update {
			old = filepath.Join(o.dir, filepath.FromSlash(o.full(rel)))
		}
		if b, err := os.ReadFile(old); err == nil && bytes.Equal(b, data) {
			if o.update { // written before in this build, and now back as it was
				if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return &Error{File: filepath.Join(o.dir, filepath.FromSlash(o.full(rel))), Err: err}
				}
			}
			return nil
		}
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return &Error{File: filepath.Join(o.dir, filepath.FromSlash(o.full(rel))), Err: err}
	}
	return nil
}

// Keep marks a file of the published folder as part of this build
// without writing it: an incremental build keeps what did not change.
func (o *Output) Keep(rel string) { o.mark(rel) }

// Create opens a file of the site for writing, for the offline zip.
func (o *Output) Create(rel string) (*os.File, error) {
	o.mark(rel)
	return os.Create(filepath.Join(o.tmp, filepath.FromSlash(o.full(rel))))
}

func (o *Output) mark(rel string) {
	o.written.mu.Lock()
	o.written.names[o.full(rel)] = true
	o.written.mu.Unlock()
}

// Has reports whether this build wrote the file (a slash path).
func (o *Output) Has(rel string) bool {
	o.written.mu.Lock()
	defer o.written.mu.Unlock()
	return o.written.names[o.full(rel)]
}

// Count is the number of files written in this view whose names end in
// ext ("" for all of them).
func (o *Output) Count(ext string) int {
	o.written.mu.Lock()
	defer o.written.mu.Unlock()
	n := 0
	for name := range o.written.names {
		if strings.HasSuffix(name, ext) && (o.prefix == "" || strings.HasPrefix(name, o.prefix+"/")) {
			n++
		}
	}
	return n
}

// prune removes what a reused folder holds that this build did not write.
func (o *Output) prune() error {
	if !o.reused {
		return nil
	}
	return o.removeUnwritten(o.tmp)
}

// removeUnwritten deletes the files under dir (a folder of the output,
// reused or published) that this build neither wrote nor kept, and the
// folders that leaves empty; the marker stays.
func (o *Output) removeUnwritten(dir string) error {
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == "." || rel == OutputMarker {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
		} else if !o.written.names[filepath.ToSlash(rel)] {
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
	if o.update {
		return o.commitUpdate()
	}
	if err := o.prune(); err != nil {
		return &Error{File: o.dir, Err: fmt.Errorf("removing stale files: %w", err)}
	}
	// Checked again: the folder may have changed since NewOutput.
	if st, err := os.Lstat(o.dir); err == nil && st.IsDir() && !marked(o.dir) {
		if entries, _ := os.ReadDir(o.dir); len(entries) > 0 {
			return &Error{File: o.dir, Err: fmt.Errorf("refusing to replace the output folder: files that no build made appeared in it during the build")}
		}
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
	if !hadOld {
		return nil
	}
	if marked(old) && !exists(o.spare) && os.Rename(old, o.spare) == nil {
		return nil
	}
	if marked(old) {
		return removeOutput(old)
	}
	return os.Remove(old) // an empty folder that was there before the first build
}

// commitUpdate moves the changed files of an incremental build into the
// published folder, each replacing its old version in one rename, and
// deletes the files the build did not write or keep. A build stopped
// halfway leaves a mixed folder, but no cache manifest (the caller drops
// it first), so the next build is a full one.
func (o *Output) commitUpdate() error {
	if !marked(o.dir) {
		return &Error{File: o.dir, Err: errors.New("refusing to update the output folder: its marker is gone")}
	}
	fail := func(err error) error {
		return &Error{File: o.dir, Err: fmt.Errorf("updating the output folder: %w", err)}
	}
	err := filepath.WalkDir(o.tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(o.tmp, p)
		if err != nil || rel == OutputMarker {
			return err
		}
		dst := filepath.Join(o.dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.Rename(p, dst)
	})
	if err != nil {
		return fail(err)
	}
	if err := o.removeUnwritten(o.dir); err != nil {
		return fail(err)
	}
	if err := removeOutput(o.tmp); err != nil {
		return err
	}
	o.tmp = ""
	return nil
}

// removeOutput deletes a folder a build made, and only such a folder.
func removeOutput(dir string) error {
	if !marked(dir) {
		return &Error{File: dir, Err: errors.New("not removed: no build made it")}
	}
	if err := os.RemoveAll(dir); err != nil {
		return &Error{File: dir, Err: fmt.Errorf("removing a previous build: %w", err)}
	}
	return nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// Abort keeps the folder of a build that failed as the spare for the next
// build (its files are compared before they are reused). It is safe to call
// after Commit, when it does nothing.
func (o *Output) Abort() {
	if o.tmp == "" {
		return
	}
	if o.update { // a staging folder holds nothing worth keeping
		removeOutput(o.tmp)
		o.tmp = ""
		return
	}
	if exists(o.spare) || os.Rename(o.tmp, o.spare) != nil {
		if marked(o.tmp) {
			removeOutput(o.tmp)
		} else {
			os.Remove(o.tmp)
		}
	}
	o.tmp = ""
}
