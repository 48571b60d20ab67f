package server

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watch watches the folders and everything below them, and calls changed
// with the paths that changed, once things have been quiet for debounce
// (editors write a file in several steps). Folders that appear below are
// watched as they appear, and reported, so that notes moved in with them
// are read. Each folder's parent is watched too, so a folder that is
// deleted, renamed away or created (a checkout, a restore) is noticed and
// watched again. It returns when ctx ends.
func Watch(ctx context.Context, dirs []string, debounce time.Duration, changed func([]string)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	roots := map[string]bool{}
	parents := map[string]bool{}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			return err
		}
		roots[abs] = true
		if p := filepath.Dir(abs); !parents[p] {
			if err := w.Add(p); err != nil {
				return err
			}
			parents[p] = true
		}
		if err := addTree(w, abs); err != nil {
			return err
		}
	}
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			return err
		case ev := <-w.Events:
			name, err := filepath.Abs(ev.Name)
			if err != nil || ignored(name) {
				continue
			}
			if parents[filepath.Dir(name)] && !roots[name] && !under(roots, name) {
				continue // a sibling of a watched folder
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(name); err == nil && st.IsDir() {
					if err := addTree(w, name); err != nil {
						return err
					}
				}
			}
			pending[name] = true
			timer.Reset(debounce)
		case <-timer.C:
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			pending = map[string]bool{}
			changed(paths)
		}
	}
}

// under reports whether name lies inside one of the roots.
func under(roots map[string]bool, name string) bool {
	for dir := filepath.Dir(name); ; dir = filepath.Dir(dir) {
		if roots[dir] {
			return true
		}
		if filepath.Dir(dir) == dir {
			return false
		}
	}
}

// addTree watches a folder and its sub-folders (fsnotify is not
// recursive). A folder that is not there (yet) is not an error: its
// parent's watch reports it when it appears.
func addTree(w *fsnotify.Watcher, root string) error {
	if _, err := os.Stat(root); os.IsNotExist(err) {
		return nil
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil // removed while we walked
			}
			return err
		}
		if d.IsDir() {
			return w.Add(p)
		}
		return nil
	})
}

// ignored reports editor and system droppings: swap, backup and hidden files.
func ignored(name string) bool {
	base := filepath.Base(name)
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".tmp") || base == "4913"
}
