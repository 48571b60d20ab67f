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
// (editors write a file in several steps). New folders are watched as they
// appear. It returns when ctx ends.
func Watch(ctx context.Context, dirs []string, debounce time.Duration, changed func([]string)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	for _, d := range dirs {
		if err := addTree(w, d); err != nil {
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
			if ignored(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					if err := addTree(w, ev.Name); err != nil {
						return err
					}
				}
			}
			pending[ev.Name] = true
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

// addTree watches a folder and its sub-folders (fsnotify is not recursive).
func addTree(w *fsnotify.Watcher, root string) error {
	if _, err := os.Stat(root); os.IsNotExist(err) {
		return nil // an optional folder, such as static/
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
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
