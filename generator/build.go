package generator

import (
	"fmt"
	"io/fs"
	"os"
	"time"
)

// Config is what a build reads and where it writes. Paths are folders on
// disk; BaseURL is the site's absolute address, used only in sitemap.xml and
// robots.txt, since every link in the pages is relative.
type Config struct {
	Content   string
	Templates string
	Static    string // "" for a site without static files
	Out       string
	BaseURL   string
	// SearchLimit is the largest search index the build accepts, in bytes;
	// 0 means no limit (synthetic benchmark trees need none).
	SearchLimit int
}

// DefaultConfig is the layout of this repository.
func DefaultConfig() Config {
	return Config{Content: "content", Templates: "templates", Static: "static", Out: "public",
		BaseURL: "https://statuscodes.example/", SearchLimit: SearchIndexLimit}
}

// Result summarizes a finished build.
type Result struct {
	Pages    int // HTML pages written
	Files    int // all files written
	Duration time.Duration
}

// Build runs the pipeline: load → index → validate → render → write.
// Output goes to a folder beside cfg.Out that replaces it only if every
// stage succeeded; cfg.Out must be a folder the build made (see Output).
func Build(cfg Config) (Result, error) {
	start := time.Now()
	md := NewMarkdown()
	f, err := front(cfg, md, nil)
	if err != nil {
		return Result{}, err
	}
	out, err := NewOutput(cfg.Out, cfg.Content, cfg.Templates, cfg.Static)
	if err != nil {
		return Result{}, err
	}
	defer out.Abort()
	r := NewRenderer(f.Index, md, f.Templates)
	res, err := Write(out, r, f.Static, cfg)
	if err != nil {
		return Result{}, err
	}
	if err := out.Commit(); err != nil {
		return Result{}, err
	}
	res.Duration = time.Since(start)
	return res, nil
}

// Front is what the stages before rendering make of the source folders:
// the indexed, validated site, its templates and its static folder.
type Front struct {
	Index     *Index
	Templates *Templates
	Static    fs.FS // nil when the site has no static folder
	// Changed are the pages that were loaded again or are gone, when the
	// front was made from an earlier one.
	Changed []*Page
}

// front runs the stages before rendering, for build and for every serve
// update alike: it opens the source folders, loads the notes, indexes and
// validates them, and parses the templates.
//
// With prev, notes whose files have not changed (and are not in changed,
// a set of content files by their error names) keep their pages, and only
// the pages the change affects are validated.
func front(cfg Config, md *Markdown, prev *Front, changed ...map[string]bool) (*Front, error) {
	content, err := openRoot("content", cfg.Content)
	if err != nil {
		return nil, err
	}
	templates, err := openRoot("templates", cfg.Templates)
	if err != nil {
		return nil, err
	}
	var static fs.FS
	if cfg.Static != "" {
		if static, err = openRoot("static", cfg.Static); err != nil {
			return nil, err
		}
	}

	var reuse map[string]*Page
	if prev != nil {
		reuse = map[string]*Page{}
		for _, p := range prev.Index.Site.Pages {
			if len(changed) == 0 || !changed[0][p.File] {
				reuse[p.File] = p
			}
		}
	}
	site, loadErr := Load(content, cfg.Content, md, reuse)
	x := NewIndex(site)
	var check, fresh []*Page // pages to validate (nil: all); pages loaded again or gone
	if prev != nil {
		kept := map[*Page]bool{}
		for _, p := range site.Pages {
			if reuse[p.File] == p {
				kept[p] = true
			} else {
				fresh = append(fresh, p)
			}
		}
		for _, p := range prev.Index.Site.Pages {
			if !kept[p] {
				fresh = append(fresh, p)
			}
		}
		check = x.Affected(fresh)
		if check == nil {
			check = []*Page{}
		}
	}
	if err := Validate(x, check); err != nil || loadErr != nil {
		return nil, joinErrors(loadErr, err)
	}
	tpl, err := LoadTemplates(templates, cfg.Templates)
	if err != nil {
		return nil, err
	}
	return &Front{Index: x, Templates: tpl, Static: static, Changed: fresh}, nil
}

// openRoot opens a source folder so that nothing read through it can leave
// it: a symlink that leads outside is an error, not a published file.
func openRoot(what, dir string) (fs.FS, error) {
	if dir == "" {
		return nil, &Error{File: "-" + what, Err: fmt.Errorf("no %s folder given", what)}
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, &Error{File: dir, Err: fmt.Errorf("%s folder: %w", what, err)}
	}
	if !st.IsDir() {
		return nil, &Error{File: dir, Err: fmt.Errorf("%s folder: not a folder", what)}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, &Error{File: dir, Err: fmt.Errorf("%s folder: %w", what, err)}
	}
	return root.FS(), nil
}
