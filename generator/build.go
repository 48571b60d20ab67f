package generator

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"
)

// Config is what a build reads and where it writes. Paths are folders on
// disk. BaseURL is the site's absolute address ("https://example.org/docs/"),
// or "" when it is not known: every link in the pages is relative, and the
// address only gives canonical and OpenGraph links, the not-found page's
// links from the site's root path, the sitemap (left out without it) and
// absolute URLs in the JSON files.
type Config struct {
	Content   string
	Templates string
	Static    string // "" for a site without static files
	Out       string
	BaseURL   string
	// SearchLimit is the largest search index the build accepts, in bytes;
	// 0 means no limit (synthetic benchmark trees need none).
	SearchLimit int
	// NoBundle leaves out the offline zip (a docset is offline already).
	NoBundle bool
	// Clean ignores the build cache: every page is rendered again.
	Clean bool
	// FS, when set, holds the source folders instead of the disk (the
	// copy embedded in the binary); Content, Templates and Static are
	// then paths inside it.
	FS fs.FS
}

// DefaultConfig is the layout of this repository.
func DefaultConfig() Config {
	return Config{Content: "content", Templates: "templates", Static: "static", Out: "public",
		SearchLimit: SearchIndexLimit}
}

// Result summarizes a finished build.
type Result struct {
	Pages    int // HTML pages of the site
	Files    int // all files of the site
	Rendered int // pages rendered by this build; the others were kept from the last
	// Unchanged is set when no source changed since the last build, which
	// then wrote nothing.
	Unchanged bool
	Duration  time.Duration
	// Untranslated lists, by language, the notes of the default language
	// that have no translation yet (their pages link to the original).
	Untranslated map[string][]string
}

// Build runs the pipeline: load → index → validate → render → write.
// Output goes to a folder beside cfg.Out that replaces it only if every
// stage succeeded; cfg.Out must be a folder the build made (see Output).
//
// A build keeps a cache beside its output (see cache.go) and redoes only
// what changed since the last build: with nothing changed it stops after
// hashing the sources; otherwise it renders again only the pages whose
// fingerprint changed and updates the output in place. The output is
// byte for byte what a full build writes.
func Build(cfg Config) (Result, error) {
	start := time.Now()
	c, err := openCache(cfg)
	if err != nil {
		return Result{}, err
	}
	defer c.close()
	if c.unchanged() {
		res := c.last.Result
		res.Duration, res.Unchanged = time.Since(start), true
		return res, nil
	}
	md := NewMarkdown()
	prev, ch := c.loaded()
	f, err := front(cfg, md, prev, ch)
	if err != nil {
		return Result{}, err
	}
	rs := Renderers(f, md, cfg.BaseURL)
	last := c.plan(rs)
	var out *Output
	if last != nil {
		out, err = UpdateOutput(cfg.Out, cfg.Content, cfg.Templates, cfg.Static)
	} else {
		out, err = NewOutput(cfg.Out, cfg.Content, cfg.Templates, cfg.Static)
	}
	if err != nil {
		return Result{}, err
	}
	defer out.Abort()
	defer last.close()
	res, err := Write(out, rs, f.Static, cfg, last)
	if err != nil {
		return Result{}, err
	}
	res.Untranslated = map[string][]string{}
	for _, x := range f.Translations {
		res.Untranslated[x.Site.Lang] = untranslated(x.Site)
	}
	res.Rendered = res.Pages
	if last != nil {
		res.Rendered -= int(last.kept.Load())
	}
	last.close()
	if err := c.drop(); err != nil {
		return Result{}, err
	}
	if err := out.Commit(); err != nil {
		return Result{}, err
	}
	if err := c.save(res, f.Index.Site); err != nil {
		return Result{}, err
	}
	res.Duration = time.Since(start)
	return res, nil
}

// Open loads, indexes and validates the site of cfg without writing it,
// for the commands that print it rather than build it (explain, man).
func Open(cfg Config) (*Renderer, error) {
	md := NewMarkdown()
	f, err := front(cfg, md, nil, Change{})
	if err != nil {
		return nil, err
	}
	r := NewRenderer(f.Index, md, f.Templates)
	r.BaseURL = cfg.BaseURL
	return r, nil
}

// Front is what the stages before rendering make of the source folders:
// the indexed, validated site, its templates and its static folder.
type Front struct {
	Index *Index
	// Translations are the sites of the other languages, each whole: its
	// translated pages and the default language's pages it lacks.
	Translations []*Index
	Templates    *Templates
	Static       fs.FS // nil when the site has no static folder
	// Affected are the pages whose output the change from the earlier
	// front can change (nil for a first front: every page).
	Affected []*Page
}

// Change is what serve's file watcher saw change in the content folder
// since the last front: which notes, and whether a folder came or went,
// in which case the folder is listed again.
type Change struct {
	Notes     map[string]bool // content files, by the names errors use
	Folders   bool
	Templates bool // a template changed: parse them again
}

// front runs the stages before rendering, for build and for every serve
// update alike: it opens the source folders, loads the notes, indexes and
// validates them, and parses the templates.
//
// With prev, the notes that ch does not name keep their pages, and only
// the pages the change affects are validated.
func front(cfg Config, md *Markdown, prev *Front, ch Change) (*Front, error) {
	if cfg.BaseURL != "" {
		if u, err := url.Parse(cfg.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, &Error{File: "-base-url", Err: fmt.Errorf("%q is not an absolute http(s) address such as https://example.org/docs/", cfg.BaseURL)}
		}
	}
	content, err := cfg.open("content", cfg.Content)
	if err != nil {
		return nil, err
	}
	templates, err := cfg.open("templates", cfg.Templates)
	if err != nil {
		return nil, err
	}
	var static fs.FS
	if cfg.Static != "" {
		if static, err = cfg.open("static", cfg.Static); err != nil {
			return nil, err
		}
	}

	var site *Site
	var loadErr error
	var fresh []*Page // pages loaded again, added or gone
	if prev == nil {
		site, loadErr = Load(content, cfg.Content, md, nil)
	} else {
		reuse := map[string]*Page{}
		var names []string // every note, when no folder changed
		for _, p := range prev.Index.Site.Pages {
			if !ch.Notes[p.File] {
				reuse[p.File] = p
				names = append(names, p.name)
			}
		}
		if ch.Folders {
			names = nil
		} else {
			for file := range ch.Notes {
				if rel, ok := strings.CutPrefix(file, joinLabel(cfg.Content, "")); ok && strings.HasSuffix(rel, ".md") {
					names = append(names, strings.TrimPrefix(rel, "/"))
				}
			}
		}
		site, loadErr = load(content, cfg.Content, md, reuse, names)
		for _, p := range site.Pages {
			if reuse[p.File] != p {
				fresh = append(fresh, p)
			}
		}
		kept := make(map[*Page]bool, len(site.Pages))
		for _, p := range site.Pages {
			kept[p] = true
		}
		for _, p := range prev.Index.Site.Pages {
			if ch.Notes[p.File] || ch.Folders && !kept[p] {
				fresh = append(fresh, p)
			}
		}
	}
	x := NewIndex(site)
	var affected []*Page // nil: validate every page
	if prev != nil {
		if affected = x.Affected(fresh); affected == nil {
			affected = []*Page{}
		}
	}
	if err := Validate(x, affected); err != nil || loadErr != nil {
		return nil, joinErrors(loadErr, err)
	}
	var tpl *Templates
	if prev != nil && !ch.Templates {
		tpl = prev.Templates
	} else if tpl, err = LoadTemplates(templates, cfg.Templates); err != nil {
		return nil, err
	}
	trans, err := translations(content, cfg, md, site, tpl)
	if err != nil {
		return nil, err
	}
	return &Front{Index: x, Translations: trans, Templates: tpl, Static: static, Affected: affected}, nil
}

// translations loads, indexes and validates the site of every language
// folder of the content (content/ru/); each needs a table of the
// templates' words (templates/strings/ru.yaml).
func translations(content fs.FS, cfg Config, md *Markdown, def *Site, tpl *Templates) ([]*Index, error) {
	entries, err := fs.ReadDir(content, ".")
	if err != nil {
		return nil, &Error{File: cfg.Content, Err: err}
	}
	var out []*Index
	var errs List
	for _, e := range entries {
		if !e.IsDir() || !isLangFolder(e.Name()) {
			continue
		}
		lang := e.Name()
		if tpl.strings[lang] == nil {
			errs.add(joinLabel(cfg.Content, lang), fmt.Errorf("a language folder needs the templates' words in %s", joinLabel(cfg.Templates, "strings/"+lang+".yaml")))
			continue
		}
		site, loadErr := loadTranslations(content, cfg.Content, lang, def, md)
		x := NewIndex(site)
		var mine []*Page
		for _, p := range site.Pages {
			if p.Lang == lang {
				mine = append(mine, p)
			}
		}
		if mine == nil {
			mine = []*Page{}
		}
		if err := Validate(x, mine); err != nil || loadErr != nil {
			errs.add(cfg.Content, joinErrors(loadErr, err))
			continue
		}
		out = append(out, x)
	}
	return out, errs.err()
}

// open opens a source folder. On disk it is opened through os.Root, so
// that nothing read through it can leave it: a symlink that leads outside
// is an error, not a published file.
func (cfg Config) open(what, dir string) (fs.FS, error) {
	if dir == "" {
		return nil, &Error{File: "-" + what, Err: fmt.Errorf("no %s folder given", what)}
	}
	if cfg.FS != nil {
		sub, err := fs.Sub(cfg.FS, dir)
		if err == nil {
			_, err = fs.Stat(sub, ".")
		}
		if err != nil {
			return nil, &Error{File: dir, Err: fmt.Errorf("%s folder: %w", what, err)}
		}
		return sub, nil
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
