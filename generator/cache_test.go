package generator

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statuscodes/site/internal/testfiles"
)

// TestIncrementalMatchesFullBuild applies random sequences of changes to a
// copy of the test site (notes edited, added, removed, restored and
// renamed; translations, vendors.yaml, templates and static files edited;
// the output touched by hand) and after each one compares the incremental
// build with a full build (-clean) of the same tree, byte for byte. A
// change that breaks the site must fail both builds and leave the
// incremental build's output as it was.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4, 5, 6}
	if testing.Short() {
		seeds = seeds[:1]
	}
	// INCREMENTAL_SEEDS=200 tries many more sequences, for a deeper check.
	if n, err := strconv.Atoi(os.Getenv("INCREMENTAL_SEEDS")); err == nil {
		seeds = nil
		for i := range n {
			seeds = append(seeds, uint64(i+1))
		}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			incrementalRun(t, seed, 30)
		})
	}
}

// incrementalRun is one random sequence of steps changes.
func incrementalRun(t *testing.T, seed uint64, steps int) {
	dir := t.TempDir()
	src := func(parts ...string) string { return filepath.Join(append([]string{dir}, parts...)...) }
	testfiles.Copy(t, "testdata/site/content", src("content"))
	testfiles.Copy(t, "../templates", src("templates"))
	testfiles.Copy(t, "../static", src("static"))
	cfg := Config{Content: src("content"), Templates: src("templates"), Static: src("static"),
		Out: src("out", "public"), BaseURL: "https://example.org/docs/", SearchLimit: SearchIndexLimit}
	clean := cfg
	clean.Out, clean.Clean = src("clean", "public"), true

	rng := rand.New(rand.NewPCG(seed, 18))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	notes := func() []string {
		var out []string
		filepath.WalkDir(src("content"), func(p string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".md") {
				out = append(out, p)
			}
			return nil
		})
		return out
	}
	english := func() []string {
		return slices.DeleteFunc(notes(), func(p string) bool { return strings.Contains(p, "/ru/") })
	}
	ids := []string{"401", "403", "499", "iis/403.14", "iis/401.2", "nginx/499", "guides/access", "110", "cloudflare/1020", "429"}
	trash := map[string][]byte{} // removed notes, to restore
	edit := func(file, old, new string) bool {
		data, err := os.ReadFile(file)
		if err != nil || !strings.Contains(string(data), old) {
			return false
		}
		testfiles.Write(t, file, strings.Replace(string(data), old, new, 1))
		return true
	}
	// setKey gives a front-matter key of note f a new value.
	setKey := func(f, key, value string) string {
		data, _ := os.ReadFile(f)
		lines := strings.Split(string(data), "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, key+": ") {
				lines[i] = key + ": " + value
				break
			}
		}
		testfiles.Write(t, f, strings.Join(lines, "\n"))
		return f
	}
	changes := []struct {
		name string
		do   func(n int) string
	}{
		{"nothing", func(int) string { return "" }},
		{"body", func(n int) string {
			f := pick(english())
			data, _ := os.ReadFile(f)
			testfiles.Write(t, f, string(data)+fmt.Sprintf("\nEdit %d: see [the page](%s).\n", n, pick(ids)))
			return f
		}},
		{"title", func(n int) string {
			return setKey(pick(notes()), "title", fmt.Sprintf("%q", fmt.Sprintf("Title %d", n)))
		}},
		{"summary", func(n int) string {
			return setKey(pick(notes()), "summary", fmt.Sprintf("Summary number %d.", n))
		}},
		{"cause", func(n int) string {
			f := pick(english())
			if !edit(f, "causes:\n", fmt.Sprintf("causes:\n  - symptom: Symptom %d.\n    cause: Cause %d.\n    fix: Fix %d.\n", n, n, n)) {
				return ""
			}
			return f
		}},
		{"reference", func(n int) string {
			f := pick(english())
			if !edit(f, "references:\n", fmt.Sprintf("references:\n  - name: Reference %d\n", n)) {
				return ""
			}
			return f
		}},
		{"remove", func(int) string {
			f := pick(notes())
			data, _ := os.ReadFile(f)
			trash[f] = data
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
			return f
		}},
		{"restore", func(int) string {
			for f, data := range trash {
				os.MkdirAll(filepath.Dir(f), 0o755)
				testfiles.Write(t, f, string(data))
				delete(trash, f)
				return f
			}
			return ""
		}},
		{"add", func(n int) string {
			f := src("content", "codes", "429.md")
			testfiles.Write(t, f, fmt.Sprintf("---\ncode: 429\ntitle: Too Many Requests\nsummary: Added in step %d.\nstatus: standard\nrelated: [%q]\n---\n\nSlow down; see [401](401).\n", n, pick(ids)))
			return f
		}},
		{"substatus-0", func(n int) string { // gob drops a pointer to 0: see cachedNote
			f := src("content", "iis", "401.0.md")
			testfiles.Write(t, f, fmt.Sprintf("---\ncode: 401\nsubstatus: 0\nvendor: iis\ntitle: Access denied %d\nsummary: Added in step %d.\nstatus: unofficial\n---\n\nDenied.\n", n, n))
			return f
		}},
		{"rename", func(int) string {
			f := pick(english())
			if strings.Contains(f, "guides") {
				return "" // a guide's id is its file name
			}
			to := strings.TrimSuffix(f, ".md") + "-renamed.md"
			if strings.HasSuffix(f, "-renamed.md") {
				to = strings.TrimSuffix(f, "-renamed.md") + ".md"
			}
			if err := os.Rename(f, to); err != nil {
				t.Fatal(err)
			}
			return f + " → " + to
		}},
		{"translation", func(n int) string {
			f := src("content", "ru", "codes", "401.md")
			if !edit(f, "Для запроса", fmt.Sprintf("Правка %d, для запроса", n)) {
				return ""
			}
			return f
		}},
		{"vendors", func(n int) string {
			f := src("content", "vendors.yaml")
			data, _ := os.ReadFile(f)
			testfiles.Write(t, f, strings.Replace(string(data), "name: nginx", fmt.Sprintf("name: nginx %d", n), 1))
			return f
		}},
		{"template", func(n int) string {
			f := src("templates", "strings", "en.yaml")
			edit(f, "lang_name: English", fmt.Sprintf("lang_name: English %d", n))
			return f
		}},
		{"static", func(n int) string {
			f := src("static", "style.css")
			data, _ := os.ReadFile(f)
			testfiles.Write(t, f, string(data)+fmt.Sprintf("/* %d */\n", n))
			return f
		}},
		{"static-add", func(n int) string {
			f := src("static", fmt.Sprintf("extra-%d.txt", n))
			testfiles.Write(t, f, "extra\n")
			return f
		}},
		{"static-remove", func(int) string {
			matches, _ := filepath.Glob(src("static", "extra-*.txt"))
			if len(matches) == 0 {
				return ""
			}
			f := pick(matches)
			os.Remove(f)
			return f
		}},
		{"touch-output", func(n int) string {
			f := src("out", "public", "codes", "401.html")
			if _, err := os.Stat(f); err != nil {
				return ""
			}
			testfiles.Write(t, f, fmt.Sprintf("changed by hand %d", n))
			return f
		}},
	}

	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	sources := []string{src("content"), src("templates"), src("static")}
	var good [3]map[string][]byte // the sources of the last build that worked
	save := func() {
		for i, dir := range sources {
			good[i] = treeFiles(t, dir)
		}
	}
	undo := func() {
		for i, dir := range sources {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			for name, data := range good[i] {
				os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
				testfiles.Write(t, filepath.Join(dir, name), string(data))
			}
		}
	}
	save()
	broken, compared := false, 0
	for n := range steps {
		// Notes change most often, as they do in a real site.
		c := changes[rng.IntN(len(changes))]
		if rng.IntN(2) == 0 {
			c = changes[1+rng.IntN(3)] // body, title, summary
		}
		var what string
		if broken { // go on from a site that builds
			c.name, what = "undo", "the change that broke the site"
			undo()
		} else {
			what = c.do(n)
		}
		before := treeFiles(t, cfg.Out)
		res, err := Build(cfg)
		_, cleanErr := Build(clean)
		step := fmt.Sprintf("seed %d step %d: %s %s", seed, n, c.name, what)
		broken = err != nil
		switch {
		case (err == nil) != (cleanErr == nil):
			t.Fatalf("%s: incremental build error %v, full build error %v", step, err, cleanErr)
		case err != nil:
			if !maps.EqualFunc(before, treeFiles(t, cfg.Out), bytes.Equal) {
				t.Fatalf("%s: a failed build changed the output", step)
			}
			t.Logf("%s: both fail (%v)", step, firstLine(err))
		default:
			save()
			compared++
			got, want := treeFiles(t, cfg.Out), treeFiles(t, clean.Out)
			for name := range want {
				if _, ok := got[name]; !ok {
					t.Errorf("%s: %s is missing from the incremental build", step, name)
				} else if !bytes.Equal(got[name], want[name]) {
					t.Errorf("%s: %s differs from the full build's", step, name)
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("%s: the incremental build has %s, which the full build has not", step, name)
				}
			}
			if t.Failed() {
				t.FailNow()
			}
			if c.name == "nothing" && !res.Unchanged {
				t.Errorf("%s: nothing changed, yet the build did not say so", step)
			}
			t.Logf("%s: %d of %d pages rendered", step, res.Rendered, res.Pages)
		}
	}
	if compared < steps/2 {
		t.Errorf("only %d of %d steps built: the changes break the site too often to test much", compared, steps)
	}
}

// treeFiles reads every file under dir, by slash path.
func treeFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// TestConcurrentBuilds runs builds of one output at once, after a change
// to a note: they take turns, and the output is the full build's.
func TestConcurrentBuilds(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	testfiles.Copy(t, "testdata/site/content", content)
	cfg := testConfig(t, content)
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	testfiles.Edit(t, filepath.Join(content, "codes", "403.md"), "title: Forbidden", "title: Refused")
	// While another build holds the lock, a build waits.
	unlock, err := lockDir(filepath.Dir(cfg.Out))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Build(cfg)
		done <- err
	}()
	select {
	case <-done:
		if runtime.GOOS == "linux" {
			t.Fatal("a build ran while another held the output's lock")
		}
	case <-time.After(time.Second):
	}
	unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	testfiles.Edit(t, filepath.Join(content, "codes", "403.md"), "title: Refused", "title: Denied")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := Build(cfg)
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	clean := cfg
	clean.Out, clean.Clean = filepath.Join(dir, "clean", "public"), true
	if _, err := Build(clean); err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(treeFiles(t, cfg.Out), treeFiles(t, clean.Out), bytes.Equal) {
		t.Error("builds run at once left an output that is not the full build's")
	}
}
