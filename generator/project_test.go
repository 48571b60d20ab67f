package generator

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/statuscodes/site/internal/testfiles"
)

// testProject opens a copy of the test site that the test may edit.
func testProject(t *testing.T) (*Project, string) {
	t.Helper()
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	testfiles.Copy(t, "testdata/site/content", content)
	p, err := OpenProject(testConfig(t, content))
	if err != nil {
		t.Fatal(err)
	}
	return p, content
}

func get(t *testing.T, p *Project, name string) string {
	t.Helper()
	data, ok, err := p.Get(name)
	if err != nil || !ok {
		t.Fatalf("Get(%s): ok %v, err %v", name, ok, err)
	}
	return string(data)
}

// TestProjectUpdate edits one note and checks that exactly the pages that
// show it are rendered again, and that the site files follow.
func TestProjectUpdate(t *testing.T) {
	p, content := testProject(t)
	if !strings.Contains(get(t, p, "index.html"), "Directory listing denied") {
		t.Fatal("the index does not list 403.14")
	}
	note := filepath.Join(content, "iis", "403.14.md")
	testfiles.Edit(t, note, "title: Directory listing denied", "title: Folder listing refused")
	u, err := p.Update([]string{note})
	if err != nil {
		t.Fatal(err)
	}
	// 403.14 itself, 403 (its base code, which lists it and links it),
	// and the IIS overview; not 401, the nginx and Esri pages or the guide.
	want := []string{"403", "iis/403.14", "iis/index"}
	if !slices.Equal(u.Rendered, want) {
		t.Errorf("rendered %v, want %v", u.Rendered, want)
	}
	for _, name := range []string{"iis/403.14.html", "codes/403.html", "index.html", "static/search-index.js", "iis/403.14.json"} {
		if !strings.Contains(get(t, p, name), "Folder listing refused") {
			t.Errorf("%s does not show the new title", name)
		}
	}
}

// TestProjectErrorPage edits an error page and moves it to another status:
// the status pages that list it, before and after, are rendered again.
func TestProjectErrorPage(t *testing.T) {
	p, content := testProject(t)
	note := filepath.Join(content, "errors", "cloudflare", "1020.md")
	testfiles.Edit(t, note, "title: Access denied", "title: Blocked by a rule")
	u, err := p.Update([]string{note})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"403", "000", "cloudflare/1020"}; !slices.Equal(u.Rendered, want) {
		t.Errorf("rendered %v, want %v", u.Rendered, want)
	}
	if !strings.Contains(get(t, p, "codes/403.html"), "Blocked by a rule") {
		t.Error("403 does not list the error's new title")
	}
	testfiles.Edit(t, note, `http: ["403"]`, `http: ["401"]`)
	if u, err = p.Update([]string{note}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"401", "403", "000", "cloudflare/1020"}; !slices.Equal(u.Rendered, want) {
		t.Errorf("rendered %v, want %v", u.Rendered, want)
	}
	if strings.Contains(get(t, p, "codes/403.html"), "Blocked by a rule") || !strings.Contains(get(t, p, "codes/401.html"), "Blocked by a rule") {
		t.Error("the error did not move from 403 to 401")
	}
}

// TestProjectBrokenNote breaks a note, checks that the update fails with
// the file and line and that the last good site stays, then fixes it.
func TestProjectBrokenNote(t *testing.T) {
	p, content := testProject(t)
	note := filepath.Join(content, "codes", "401.md")
	good := get(t, p, "codes/401.html")
	testfiles.Edit(t, note, "title: Unauthorized", "title: [Unauthorized")
	_, err := p.Update([]string{note})
	if err == nil || !strings.Contains(err.Error(), "401.md:3: YAML") {
		t.Fatalf("a malformed note gave %v; want an error naming the file and line", err)
	}
	if got := get(t, p, "codes/401.html"); got != good {
		t.Error("a failed update changed the served page")
	}
	testfiles.Edit(t, note, "title: [Unauthorized", "title: Unauthorised")
	if _, err := p.Update([]string{note}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(get(t, p, "codes/401.html"), "<h1>Unauthorised</h1>") {
		t.Error("the fixed note was not rendered")
	}
}

// TestProjectAddRemove adds a note, then removes it, and checks that a
// removal that leaves a dangling link fails and keeps the site.
func TestProjectAddRemove(t *testing.T) {
	p, content := testProject(t)
	added := filepath.Join(content, "codes", "410.md")
	text := "---\ncode: 410\ntitle: Gone\nsummary: Removed for good.\nstatus: standard\nrelated: [\"403\"]\n---\n\nGone.\n"
	if err := os.WriteFile(added, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := p.Update([]string{added})
	if err != nil {
		t.Fatal(err)
	}
	// The IIS overview heads its groups with bare codes' titles, so any
	// bare code's page may change it.
	if !slices.Equal(u.Rendered, []string{"410", "iis/index"}) {
		t.Errorf("adding 410 rendered %v", u.Rendered)
	}
	if !strings.Contains(get(t, p, "index.html"), "codes/410.html") {
		t.Error("the index does not list the new page")
	}
	if err := os.Remove(added); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Update([]string{added}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := p.Get("codes/410.html"); ok {
		t.Error("the removed page is still served")
	}
	// 401 is linked from 403 and the guide: removing it must fail.
	linked := filepath.Join(content, "codes", "401.md")
	if err := os.Remove(linked); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Update([]string{linked}); err == nil || !strings.Contains(err.Error(), `no page "401"`) {
		t.Errorf("removing a linked page gave %v; want a dangling-reference error", err)
	}
	if _, ok, _ := p.Get("codes/401.html"); !ok {
		t.Error("a failed update removed a page")
	}
}

// TestProjectTemplateChange re-renders every page when a template changes.
func TestProjectTemplateChange(t *testing.T) {
	dir := t.TempDir()
	templates := filepath.Join(dir, "templates")
	testfiles.Copy(t, "../templates", templates)
	cfg := testConfig(t, "testdata/site/content")
	cfg.Templates = templates
	p, err := OpenProject(cfg)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(templates, "partials.html")
	testfiles.Edit(t, file, `<h2 id="causes">{{$.T "causes"}}</h2>`, `<h2 id="causes">Causes and remedies</h2>`)
	u, err := p.Update([]string{file})
	if err != nil {
		t.Fatal(err)
	}
	if u.Pages != 12 {
		t.Errorf("a template change rendered %d pages, want all 12", u.Pages)
	}
	if !strings.Contains(get(t, p, "codes/401.html"), "Causes and remedies") {
		t.Error("the template change is not in the page")
	}
}

// TestProjectReadersDuringUpdates reads pages and site files from several
// goroutines while updates apply good and broken edits, as serve's
// handlers do while a writer saves; run under -race. Every read must see
// one whole snapshot: the page and the index agree on the title.
func TestProjectReadersDuringUpdates(t *testing.T) {
	p, content := testProject(t)
	note := filepath.Join(content, "codes", "403.md")
	stop := make(chan struct{})
	errs := make(chan string, 100)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, name := range []string{"codes/403.html", "index.html", "codes.json", "static/search-index.js", "iis/403.14.html", "codes/401.json"} {
					if _, ok, err := p.Get(name); err != nil || !ok {
						errs <- fmt.Sprintf("Get(%s): ok %v, err %v", name, ok, err)
						return
					}
				}
			}
		}()
	}
	title := "Forbidden"
	for i := range 20 {
		next := fmt.Sprintf("Forbidden %d", i)
		testfiles.Edit(t, note, "title: "+title, "title: "+next)
		if _, err := p.Update([]string{note}); err != nil {
			t.Fatalf("good edit %d: %v", i, err)
		}
		title = next
		testfiles.Edit(t, note, "title: "+title, "title: ["+title)
		if _, err := p.Update([]string{note}); err == nil {
			t.Fatalf("broken edit %d was accepted", i)
		}
		testfiles.Edit(t, note, "title: ["+title, "title: "+title)
		page, index := get(t, p, "codes/403.html"), get(t, p, "index.html")
		if !strings.Contains(page, "<h1>"+title+"</h1>") || !strings.Contains(index, title) {
			t.Fatalf("edit %d: the live site does not show %q after a failed update", i, title)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestProjectServesBuild checks that serve shows what a build writes:
// for the real site and the test site, opened and then after edits, every
// file a build of the same tree writes is served with the same bytes, and
// serve has no file the build lacks. The build leaves out the offline zip,
// which serve does not make (with the zip, the index would link it).
func TestProjectServesBuild(t *testing.T) {
	for _, c := range []struct {
		name, content string
		edits         []edit
	}{
		{"real", "../content", []edit{
			{"codes/404.md", "title: Not Found", "title: Not Found Here"},
			{"codes/400.md", "title: Bad Request", "title: Malformed Request"},
			{"guides/401-vs-403.md", "\n## ", "\n## A new first section\n\nSee [404](404).\n\n## "},
			{"ru/codes/404.md", "title: Не найдено", "title: Не найдено здесь"},
		}},
		{"test", "testdata/site/content", []edit{
			{"iis/403.14.md", "title: Directory listing denied", "title: Folder listing refused"},
			{"errors/cloudflare/1020.md", `http: ["403"]`, `http: ["401"]`},
			{"iis/index.md", "title: IIS sub-status codes", "title: IIS status codes"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			content := filepath.Join(t.TempDir(), "content")
			testfiles.Copy(t, c.content, content)
			cfg := testConfig(t, content)
			p, err := OpenProject(cfg)
			if err != nil {
				t.Fatal(err)
			}
			before := sameAsBuild(t, p, cfg)
			for _, e := range c.edits {
				note := filepath.Join(content, filepath.FromSlash(e.file))
				testfiles.Edit(t, note, e.old, e.new)
				u, err := p.Update([]string{note})
				if err != nil {
					t.Fatalf("%s: %v", e.file, err)
				}
				after := sameAsBuild(t, p, cfg)
				// The update names every page of the default language
				// whose files changed (the others are rendered whole).
				rendered := map[string]bool{}
				for _, id := range u.Rendered {
					rendered[id] = true
				}
				for _, pg := range p.live.Load().front.Index.Site.Pages {
					for _, name := range []string{pg.URL(), pg.JSONURL()} {
						if pg.Lang == "" && !bytes.Equal(before[name], after[name]) && !rendered[pg.ID] {
							t.Errorf("%s: %s changed, but the update did not render %s", e.file, name, pg.ID)
						}
					}
				}
				before = after
			}
		})
	}
}

// edit replaces old with new in a note of the content folder.
type edit struct{ file, old, new string }

// sameAsBuild builds the project's tree whole (without the offline zip
// and the build cache), compares every file of it with what the project
// serves, and returns the built files by path.
func sameAsBuild(t *testing.T, p *Project, cfg Config) map[string][]byte {
	t.Helper()
	cfg.NoBundle, cfg.Clean = true, true
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	built := map[string][]byte{}
	err := filepath.WalkDir(cfg.Out, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(cfg.Out, name)
		if err != nil || rel == OutputMarker {
			return err
		}
		rel = filepath.ToSlash(rel)
		want, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		built[rel] = want
		// Open, as the server reads a file: written out, decompressed if
		// the project holds it compressed.
		b, ok, err := p.Open(rel)
		var got bytes.Buffer
		if err == nil && ok {
			_, err = b.WriteTo(&got)
		}
		switch {
		case err != nil || !ok:
			t.Errorf("Open(%s): ok %v, err %v; the build wrote it", rel, ok, err)
		case !bytes.Equal(got.Bytes(), want) || b.Len() != len(want):
			t.Errorf("Open(%s) differs from the built file (%d bytes, Len %d, built %d)", rel, got.Len(), b.Len(), len(want))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(built) < 20 {
		t.Fatalf("the build wrote only %d files", len(built))
	}
	return built
}
