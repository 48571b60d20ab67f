package generator

import (
	"archive/zip"
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// The build cache lets a build redo only what changed since the last one.
// It lives beside the output folder (".public.cache/", never inside it:
// the output is published) and holds:
//
//   - the content hash of every source file (notes, vendors.yaml,
//     templates, static files), so that a build with nothing changed
//     stops after reading the sources;
//   - the size and modification time of every file of the output, so that
//     a cache is only trusted for an output nobody has touched since;
//   - every page's fingerprint: a hash of everything its output is made
//     from (see fingerprints);
//   - every page's part of the full-text search index, which is the most
//     costly thing a page adds besides its HTML;
//   - every note as loaded (front matter, body, links), so that a build
//     parses again only the notes that changed.
//
// Anything the cache cannot vouch for (another binary, other flags, a
// changed template, vendors.yaml or constants.yaml, a static file added or
// removed, an output touched by hand) makes a full build. A build with
// -clean ignores the cache.

// cacheFormat changes whenever the cache's layout or meaning does.
const cacheFormat = "statuscodes build cache 1"

// sum is a SHA-256 content hash.
type sum = [sha256.Size]byte

// buildCache is what one build leaves for the next (the manifest file).
type buildCache struct {
	Key     sum            // cacheFormat, the binary and the flags
	Global  sum            // every source that is not a note or a static file
	Sources map[string]sum // every source file, by the name errors use
	Stamps  map[string]sourceStamp
	Hashed  int64 // when the sources were hashed, Unix nanoseconds
	Outputs map[string]stamp
	// Pages are the fingerprints of every written page, by its URL.
	Pages map[string]sum
	// Result is what the build reported, for a build with nothing to do.
	Result Result
}

// stamp is what a build checks of an output file to know it is the one it
// wrote: reading 20 000 files back would cost more than the check saves.
type stamp struct {
	Size int64
	Mod  int64 // modification time, Unix nanoseconds
}

// cacheDir is where the cache of the output folder out (a real path)
// lives: beside it, hidden.
func cacheDir(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".cache")
}

const (
	manifestFile = "manifest"
	searchFile   = "search"
	notesFile    = "notes"
)

// readCacheFile decodes one file of the cache; a missing, damaged or
// outdated file is no cache (nil error, ok false).
func readCacheFile(dir, name string, v any) bool {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return false
	}
	defer f.Close()
	dec := gob.NewDecoder(f)
	var format string
	if dec.Decode(&format) != nil || format != cacheFormat {
		return false
	}
	return dec.Decode(v) == nil
}

// A layer is written an entry at a time: gob encodes each value it is
// given whole in memory first, and the notes of 10,000 pages are 60 MB.
func writeLayer[V any](dir, name string, l layer[V]) error {
	return writeCache(dir, name, func(enc *gob.Encoder) error {
		if err := enc.Encode(l.Key); err != nil {
			return err
		}
		if err := enc.Encode(l.Gone); err != nil {
			return err
		}
		if err := enc.Encode(len(l.Entries)); err != nil {
			return err
		}
		keys := slices.Sorted(maps.Keys(l.Entries))
		for _, k := range keys {
			if err := enc.Encode(k); err != nil {
				return err
			}
			if err := enc.Encode(l.Entries[k]); err != nil {
				return err
			}
		}
		return nil
	})
}

// readLayer reads what writeLayer wrote; false for no usable file.
func readLayer[V any](dir, name string, l *layer[V]) bool {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return false
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReader(f))
	var format string
	var n int
	if dec.Decode(&format) != nil || format != cacheFormat || dec.Decode(&l.Key) != nil ||
		dec.Decode(&l.Gone) != nil || dec.Decode(&n) != nil {
		return false
	}
	l.Entries = make(map[string]V, n)
	for range n {
		var k string
		var v V
		if dec.Decode(&k) != nil || dec.Decode(&v) != nil {
			return false
		}
		l.Entries[k] = v
	}
	return true
}

// writeCacheFile writes one file of the cache whole (a temporary file
// renamed), so that a build stopped halfway leaves the old file or none.
func writeCacheFile(dir, name string, v any) error {
	return writeCache(dir, name, func(enc *gob.Encoder) error { return enc.Encode(v) })
}

// writeCache writes a file of the cache through write, after its format.
func writeCache(dir, name string, write func(*gob.Encoder) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, name+".tmp-*")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := gob.NewEncoder(w)
	err = enc.Encode(cacheFormat)
	if err == nil {
		err = write(enc)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// dropCache removes the manifest: the output is about to change in place,
// and until the new manifest is written no build may trust the old one.
func dropCache(dir string) error {
	err := os.Remove(filepath.Join(dir, manifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// hashing is the key of everything a build's output depends on besides
// its sources: the cache format, this very binary and the flags.
func (cfg Config) hashing() (sum, error) {
	exe, err := executableSum()
	if err != nil {
		return sum{}, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%x\x00%q\x00%q\x00%q\x00%q\x00%d\x00%t", cacheFormat, exe,
		cfg.Content, cfg.Templates, cfg.Static, cfg.BaseURL, cfg.SearchLimit, cfg.NoBundle)
	return sum(h.Sum(nil)), nil
}

var exeSum struct {
	once sync.Once
	sum  sum
	err  error
}

// executableSum hashes the running program, so that a cache is never
// trusted by a build made with other code.
func executableSum() (sum, error) {
	exeSum.once.Do(func() {
		name, err := os.Executable()
		if err != nil {
			exeSum.err = err
			return
		}
		f, err := os.Open(name)
		if err != nil {
			exeSum.err = err
			return
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			exeSum.err = err
			return
		}
		exeSum.sum = sum(h.Sum(nil))
	})
	return exeSum.sum, exeSum.err
}

// sourceSums hashes every file of the source folders, by the names errors
// use ("content/codes/401.md", "static/style.css"), in parallel. Folders
// and files it cannot read are left to the build to report.
//
// A file whose stamp (size, times, inode) is the one the last build saw is
// not read again, as Git does with its index: the change time cannot be
// set by hand, and a file changed within racyWindow before the last build
// hashed it is read again anyway, in case it changed twice within one tick
// of the file system's clock.
func (cfg Config) sourceSums(last *buildCache) (map[string]sum, map[string]sourceStamp) {
	type file struct {
		fsys  fs.FS
		name  string
		label string
		stamp sourceStamp
		known bool // a stamp could be read
	}
	var files []file
	for _, dir := range []string{cfg.Content, cfg.Templates, cfg.Static} {
		if dir == "" {
			continue
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			continue
		}
		defer root.Close()
		fsys := root.FS()
		fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				f := file{fsys: fsys, name: name, label: joinLabel(dir, name)}
				if info, err := d.Info(); err == nil {
					f.stamp, f.known = stampOf(info)
				}
				files = append(files, f)
			}
			return nil
		})
	}
	sums := make([]sum, len(files))
	ok := make([]bool, len(files))
	parallel(len(files), func(i int) {
		f := files[i]
		if last != nil && f.known && f.stamp == last.Stamps[f.label] && f.stamp.Change < last.Hashed-int64(racyWindow) {
			if v, seen := last.Sources[f.label]; seen {
				sums[i], ok[i] = v, true
				return
			}
		}
		data, err := fs.ReadFile(f.fsys, f.name)
		sums[i], ok[i] = sha256.Sum256(data), err == nil
	})
	out := make(map[string]sum, len(files))
	stamps := make(map[string]sourceStamp, len(files))
	for i, f := range files {
		if ok[i] {
			out[f.label] = sums[i]
			if f.known {
				stamps[f.label] = f.stamp
			}
		}
	}
	return out, stamps
}

// racyWindow is how long before a build hashed its sources a file must
// have last changed for its stamp to be trusted by the next build.
const racyWindow = 2 * time.Second

// sourceStamp is what the file system says of a source file without
// reading it.
type sourceStamp struct {
	Size, Mod, Change int64 // size, modification and change times (ns)
	Inode             uint64
}

// stampOutput lists every file of an output folder (slash paths) with its
// stamp, leaving out the marker. Its folders are read in parallel: a large
// site has tens of thousands of files.
func stampOutput(dir string) (map[string]stamp, error) {
	top, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	parts := make([]map[string]stamp, len(top))
	errs := make([]error, len(top))
	parallel(len(top), func(i int) {
		parts[i] = map[string]stamp{}
		errs[i] = filepath.WalkDir(filepath.Join(dir, top[i].Name()), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(dir, p)
			if err != nil || rel == OutputMarker {
				return err
			}
			st, err := d.Info()
			if err != nil {
				return err
			}
			parts[i][filepath.ToSlash(rel)] = stamp{Size: st.Size(), Mod: st.ModTime().UnixNano()}
			return nil
		})
	})
	out := map[string]stamp{}
	for i := range parts {
		if errs[i] != nil {
			return nil, errs[i]
		}
		maps.Copy(out, parts[i])
	}
	return out, nil
}

// pageSums hashes what each page is made from on its own: its note, and
// for a translated page also the original it translates. A number page is
// made from the pages with its number.
type pageSums struct {
	content string         // the content folder's label
	sources map[string]sum // sourceSums
	memo    map[*Page]sum
	faces   map[*Page]sum
}

// face hashes what other pages may show of page p: its identity and front
// matter but for its cause table and references (its body is in neither).
// A page that lists p is made again when p's title changes, not when a
// sentence of its body does.
func (s *pageSums) face(p *Page) sum {
	if p.Kind == KindNumber {
		return s.of(p)
	}
	if v, ok := s.faces[p]; ok {
		return v
	}
	m := p.Meta
	m.Causes, m.References = nil, nil
	// gob, not JSON: a note restored from the cache has nil where a parsed
	// one may have an empty list, and gob writes neither.
	h := sha256.New()
	sub := -1 // gob writes no zero value: "substatus: 0" is told apart here
	if m.Substatus != nil {
		sub = *m.Substatus
	}
	err := gob.NewEncoder(h).Encode(struct {
		Kind, Lang, ID, File, Code string
		Substatus                  int
		Meta                       FrontMatter
	}{p.Kind, p.Lang, p.ID, p.File, p.code, sub, m})
	v := sum(h.Sum(nil))
	if err != nil { // cannot happen for these types; the whole note then
		v = s.of(p)
	}
	s.faces[p] = v
	return v
}

func (s *pageSums) of(p *Page) sum {
	if v, ok := s.memo[p]; ok {
		return v
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", p.Kind, p.Lang, p.ID, p.File)
	if p.Kind == KindNumber {
		for _, q := range p.Numbered {
			v := s.of(q)
			h.Write(v[:])
		}
	} else {
		v := s.sources[p.File]
		h.Write(v[:])
		if p.Lang != "" {
			v := s.sources[joinLabel(s.content, p.name)]
			h.Write(v[:])
		}
	}
	v := sum(h.Sum(nil))
	s.memo[p] = v
	return v
}

// fingerprints hashes, for every page each renderer writes, everything its
// output is made from: the global sources (templates, vendors.yaml, the
// binary), the page's own note, the faces (see face) of every page it
// shows some of (the same dependency edges serve uses) and the addresses of
// the pages its Markdown links to, the guides of its navigation, and the same page in the
// other languages (the language switcher). Two builds that give a page
// the same fingerprint write the same bytes for it.
func fingerprints(rs []*Renderer, global sum, sums *pageSums) map[string]sum {
	out := map[string]sum{}
	for _, r := range rs {
		x := r.Index
		changers := map[depKey][]*Page{}
		for _, p := range x.Site.Pages {
			for _, k := range changeKeys(p) {
				changers[k] = append(changers[k], p)
			}
		}
		guides := sha256.New()
		for _, g := range x.guides {
			v := sums.face(g)
			guides.Write(v[:])
		}
		base := sha256.New()
		base.Write(global[:])
		base.Write([]byte(r.lang()))
		base.Write(guides.Sum(nil))
		for _, p := range r.pages() {
			h := sha256.New()
			h.Write(base.Sum(nil))
			v := sums.of(p)
			h.Write(v[:])
			for _, k := range contentKeys(p) {
				h.Write([]byte{k.kind})
				h.Write([]byte(k.name))
				h.Write([]byte{0})
				for _, q := range changers[k] {
					v := sums.face(q)
					h.Write(v[:])
				}
			}
			for _, k := range linkKeys(p) {
				h.Write([]byte(k.name))
				h.Write([]byte{0})
				if t := x.ByID[k.name]; t != nil {
					h.Write([]byte(t.URL()))
				}
				h.Write([]byte{0})
			}
			for _, y := range r.Sites {
				twin := y.ByID[p.ID]
				if p.Kind == KindNumber {
					twin = y.Number(p.ID)
				}
				if twin != nil {
					v := sums.face(twin)
					h.Write(v[:])
				}
				h.Write([]byte{0})
			}
			out[p.URL()] = sum(h.Sum(nil))
		}
	}
	return out
}

// globalSum hashes every source that is neither a note some page is made
// from nor a static file: vendors.yaml, constants.yaml, synonyms.yaml,
// every template and table of words, and any other file in the content
// folder. A change to any of them makes a full build.
func globalSum(cfg Config, sources map[string]sum, notes map[string]bool) sum {
	names := make([]string, 0, len(sources))
	for name := range sources {
		if !notes[name] && !inFolder(cfg.Static, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	h := sha256.New()
	for _, name := range names {
		v := sources[name]
		fmt.Fprintf(h, "%s\x00", name)
		h.Write(v[:])
	}
	return sum(h.Sum(nil))
}

// inFolder reports whether the label name lies in the folder label dir.
func inFolder(dir, name string) bool {
	return dir != "" && strings.HasPrefix(name, joinLabel(dir, "")+"/")
}

// staticNames is the sorted list of the static files among sources.
func staticNames(cfg Config, sources map[string]sum) []string {
	var out []string
	for name := range sources {
		if inFolder(cfg.Static, name) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// cacheState is one build's view of the cache: what the last build left
// and what this build hashed of its sources.
type cacheState struct {
	cfg     Config
	out     string // the output folder, real path
	dir     string // the cache folder; "" for a build that keeps no cache
	key     sum
	sources map[string]sum
	stamps  map[string]sourceStamp
	hashed  time.Time
	unlock  func()      // releases the cache's lock
	last    *buildCache // nil: no cache this build can trust

	sums   *pageSums
	global sum
	pages  map[string]sum      // this build's fingerprints
	notes  layered[cachedNote] // the notes of the last build
	// searchDocs are the search docs of the last build.
	searchDocs layered[cachedDocs]
	docs       *docCache
}

// openCache hashes the sources and reads the cache the last build left.
// It checks the output folder first, as NewOutput does, so that a wrong
// -out is refused before anything else. A build from an embedded copy of
// the sources (cfg.FS) keeps no cache.
func openCache(cfg Config) (*cacheState, error) {
	c := &cacheState{cfg: cfg}
	if cfg.FS != nil {
		return c, nil
	}
	out, err := checkOutput(cfg.Out, []string{cfg.Content, cfg.Templates, cfg.Static})
	if err != nil {
		return nil, err
	}
	if c.key, err = cfg.hashing(); err != nil {
		return c, nil // a program that cannot read itself keeps no cache
	}
	c.out, c.dir = out, cacheDir(out)
	// Two builds of one output at once would update it in place together;
	// the second waits for the first. The lock is on the output's parent
	// folder, so that a build that fails leaves no file behind.
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, &Error{File: cfg.Out, Err: fmt.Errorf("output folder: %w", err)}
	}
	if c.unlock, err = lockDir(filepath.Dir(out)); err != nil {
		return nil, &Error{File: cfg.Out, Err: fmt.Errorf("locking the output's folder: %w", err)}
	}
	var last buildCache
	trusted := !cfg.Clean && marked(out) && readCacheFile(c.dir, manifestFile, &last) && last.Key == c.key
	c.hashed = time.Now()
	if trusted {
		c.sources, c.stamps = cfg.sourceSums(&last)
	} else {
		c.sources, c.stamps = cfg.sourceSums(nil)
		return c, nil
	}
	// Trusted only for the output it describes: a file changed, added or
	// removed by hand makes a full build, which puts it right.
	if now, err := stampOutput(out); err == nil && maps.Equal(now, last.Outputs) {
		c.last = &last
	}
	return c, nil
}

// close releases the cache at the end of a build.
func (c *cacheState) close() {
	if c.unlock != nil {
		c.unlock()
	}
}

// unchanged reports whether no source changed since the last build, whose
// output is intact: there is nothing to do.
func (c *cacheState) unchanged() bool {
	return c.last != nil && maps.Equal(c.sources, c.last.Sources)
}

// plan fingerprints the pages of this build and returns what it can keep
// of the last one, or nil for a full build: no cache, another global
// source (a template, vendors.yaml), a static file added or removed (the
// templates' links to it are checked only on the pages they render), or
// an old zip it cannot read. It also gives the renderers the search docs
// of the last build.
func (c *cacheState) plan(rs []*Renderer) *lastBuild {
	if c.dir == "" {
		return nil
	}
	c.sums = &pageSums{content: c.cfg.Content, sources: c.sources, memo: map[*Page]sum{}, faces: map[*Page]sum{}}
	notes := map[string]bool{}
	for _, r := range rs {
		for _, p := range r.Index.Site.Pages {
			notes[p.File] = true
			notes[joinLabel(c.cfg.Content, p.name)] = true
			c.sums.of(p) // all now: the search stage reads them in parallel
		}
		for _, p := range r.Index.Numbers {
			c.sums.of(p)
		}
	}
	c.global = globalSum(c.cfg, c.sources, notes)
	c.pages = fingerprints(rs, c.global, c.sums)
	c.docs = &docCache{sums: c.sums, new: map[string]cachedDocs{}}
	if !c.cfg.Clean {
		c.searchDocs = readLayered[cachedDocs](c.dir, searchFile, c.key)
		c.docs.old = c.searchDocs.all
	}
	for _, r := range rs {
		r.docs = c.docs
	}

	if c.last == nil || c.last.Global != c.global ||
		!slices.Equal(staticNames(c.cfg, c.sources), staticNames(c.cfg, c.last.Sources)) {
		return nil
	}
	last := &lastBuild{unchanged: map[string]bool{}}
	for url, fp := range c.pages {
		if old, ok := c.last.Pages[url]; ok && old == fp {
			last.unchanged[url] = true
		}
	}
	if !c.cfg.NoBundle {
		z, err := zip.OpenReader(filepath.Join(c.out, BundleName))
		if err != nil {
			return nil
		}
		last.zipFile = z
		last.zip = make(map[string]*zip.File, len(z.File))
		for _, f := range z.File {
			last.zip[f.Name] = f
		}
	}
	return last
}

// drop removes the manifest before the output changes: until the next one
// is written no build may trust it.
func (c *cacheState) drop() error {
	if c.dir == "" {
		return nil
	}
	if err := dropCache(c.dir); err != nil {
		return &Error{File: c.dir, Err: fmt.Errorf("build cache: %w", err)}
	}
	return nil
}

// save writes the cache of the build that just committed its output.
func (c *cacheState) save(res Result, site *Site) error {
	if c.dir == "" || c.pages == nil {
		return nil
	}
	outputs, err := stampOutput(c.out)
	if err != nil {
		return &Error{File: c.out, Err: fmt.Errorf("build cache: %w", err)}
	}
	res.Duration, res.Rendered = 0, 0
	if err := writeLayered(c.dir, searchFile, c.key, c.searchDocs, c.docs.new, func(d cachedDocs) sum { return d.Sum }); err != nil {
		return &Error{File: c.dir, Err: fmt.Errorf("build cache: %w", err)}
	}
	if err := c.saveNotes(site); err != nil {
		return &Error{File: c.dir, Err: fmt.Errorf("build cache: %w", err)}
	}
	m := buildCache{Key: c.key, Global: c.global, Sources: c.sources, Stamps: c.stamps, Hashed: c.hashed.UnixNano(),
		Outputs: outputs, Pages: c.pages, Result: res}
	if err := writeCacheFile(c.dir, manifestFile, m); err != nil {
		return &Error{File: c.dir, Err: fmt.Errorf("build cache: %w", err)}
	}
	return nil
}

// cachedNote is a loaded note: what loadNote makes of its file, which it
// need not parse again while the file's sum is the same.
type cachedNote struct {
	Sum sum
	// Substatus is kept beside Meta: gob writes no zero value, so a
	// pointer to 0 ("substatus: 0", IIS's 404.0) would come back nil.
	Substatus *int
	Name      string
	Kind, ID  string
	Code      string
	Meta      FrontMatter
	Source    []byte
	Links     []Link
	KeyLines  map[string]int
}

// page makes the note's page again. Its vendor is set by load, from the
// vendors.yaml of this build.
func (n *cachedNote) page(file string) *Page {
	p := &Page{File: file, name: n.Name, Kind: n.Kind, ID: n.ID, code: n.Code, Meta: n.Meta,
		Source: n.Source, Links: n.Links, keyLines: n.KeyLines}
	p.Meta.Substatus = nil
	if n.Substatus != nil {
		sub := *n.Substatus - 1
		p.Meta.Substatus = &sub
	}
	return p
}

// loaded returns the notes of the last build as a front to update, and
// the change since: the notes whose files changed or went. front then
// parses only those and the new ones, and validates only the pages they
// affect. It returns nil, for a full load, when there is no cache or
// anything but a note changed in the content folder (vendors.yaml names
// every page's vendor; constants.yaml is checked against all pages).
func (c *cacheState) loaded() (*Front, Change) {
	if c.last == nil {
		return nil, Change{}
	}
	for name, v := range c.sources {
		if inFolder(c.cfg.Content, name) && !strings.HasSuffix(name, ".md") && c.last.Sources[name] != v {
			return nil, Change{}
		}
	}
	for name := range c.last.Sources {
		if _, ok := c.sources[name]; !ok && inFolder(c.cfg.Content, name) && !strings.HasSuffix(name, ".md") {
			return nil, Change{}
		}
	}
	c.notes = readLayered[cachedNote](c.dir, notesFile, c.key)
	if c.notes.all == nil {
		return nil, Change{}
	}
	ch := Change{Notes: map[string]bool{}, Folders: true, Templates: true}
	site := &Site{}
	for file, n := range c.notes.all {
		site.Pages = append(site.Pages, n.page(file))
		if v, ok := c.sources[file]; !ok || v != n.Sum {
			ch.Notes[file] = true
		}
	}
	return &Front{Index: &Index{Site: site}}, ch
}

// saveNotes writes the notes of a build that loaded any note again.
func (c *cacheState) saveNotes(site *Site) error {
	notes := make(map[string]cachedNote, len(site.Pages))
	for _, p := range site.Pages {
		v := c.sources[p.File]
		if old, ok := c.notes.all[p.File]; ok && old.Sum == v {
			notes[p.File] = old
			continue
		}
		n := cachedNote{Sum: v, Name: p.name, Kind: p.Kind, ID: p.ID, Code: p.code, Meta: p.Meta,
			Source: p.Source, Links: p.Links, KeyLines: p.keyLines}
		if p.Meta.Substatus != nil {
			sub := *p.Meta.Substatus + 1 // never 0, so gob keeps it
			n.Substatus = &sub
		}
		notes[p.File] = n
	}
	return writeLayered(c.dir, notesFile, c.key, c.notes, notes, func(n cachedNote) sum { return n.Sum })
}

// A layered file of the cache is a base and a delta: the entries that
// changed or went since the base was written. A build that changes a few
// notes of 10 000 then writes a few entries, not the 60 MB of all of them;
// the base is written again once the delta holds an eighth of it. Every
// entry carries the sum of what it was made from and is used only when
// that sum is still the file's, so a delta that is lost costs time, never
// correctness.
type layer[V any] struct {
	Key     sum
	Entries map[string]V
	Gone    []string // entries of the base that are no more (in a delta)
}

// layered is a layered file as read: its base and the entries now.
type layered[V any] struct {
	base map[string]V
	all  map[string]V // nil when there is no usable file
}

func readLayered[V any](dir, name string, key sum) layered[V] {
	var base, delta layer[V]
	if !readLayer(dir, name, &base) || base.Key != key {
		return layered[V]{}
	}
	l := layered[V]{base: base.Entries, all: maps.Clone(base.Entries)}
	if l.all == nil {
		l.all = map[string]V{}
	}
	if readLayer(dir, name+"-delta", &delta) && delta.Key == key {
		maps.Copy(l.all, delta.Entries)
		for _, k := range delta.Gone {
			delete(l.all, k)
		}
	}
	return l
}

// writeLayered writes the entries now: a delta against the base read, or
// a new base.
func writeLayered[V any](dir, name string, key sum, old layered[V], now map[string]V, sumOf func(V) sum) error {
	delta := layer[V]{Key: key, Entries: map[string]V{}}
	for k, v := range now {
		if b, ok := old.base[k]; !ok || sumOf(b) != sumOf(v) {
			delta.Entries[k] = v
		}
	}
	for k := range old.base {
		if _, ok := now[k]; !ok {
			delta.Gone = append(delta.Gone, k)
		}
	}
	same := len(now) == len(old.all)
	for k, v := range now {
		if same {
			b, ok := old.all[k]
			same = ok && sumOf(b) == sumOf(v)
		}
	}
	switch {
	case same:
		return nil
	case old.all == nil || (len(delta.Entries)+len(delta.Gone))*8 > len(now):
		if err := writeLayer(dir, name, layer[V]{Key: key, Entries: now}); err != nil {
			return err
		}
		err := os.Remove(filepath.Join(dir, name+"-delta"))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	return writeLayer(dir, name+"-delta", delta)
}
