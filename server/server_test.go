package server

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statuscodes/site/generator"
	"github.com/statuscodes/site/internal/testfiles"
)

// site copies the generator's test site into a temporary folder and serves
// it; the test edits the copy.
func site(t *testing.T) (*Server, *httptest.Server, string) {
	t.Helper()
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	if err := os.CopyFS(content, os.DirFS("../generator/testdata/site/content")); err != nil {
		t.Fatal(err)
	}
	cfg := generator.Config{Content: content, Templates: "../templates", Static: "../static",
		BaseURL: "https://example.org/", SearchLimit: generator.SearchIndexLimit}
	s := New(cfg, io.Discard)
	ts := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); ts.Close() })
	return s, ts, content
}

func fetch(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
}

func TestServe(t *testing.T) {
	_, ts, _ := site(t)
	cases := []struct {
		path, ctype string
		status      int
		contains    string
	}{
		{"/", "text/html; charset=utf-8", 200, "<h1>HTTP status codes</h1>"},
		{"/codes/401.html", "text/html; charset=utf-8", 200, "<h1>Unauthorized</h1>"},
		{"/iis/", "text/html; charset=utf-8", 200, "IIS sub-status codes"},
		{"/codes/401.json", "application/json", 200, `"id": "401"`},
		{"/static/style.css", "text/css; charset=utf-8", 200, "--bg"},
		{"/static/search-index.js", "text/javascript; charset=utf-8", 200, "window.STATUS_SEARCH="},
		{"/static/search-docs.js", "text/javascript; charset=utf-8", 200, "window.STATUS_DOCS="}, // held compressed
		{"/no/such/page.html", "text/html; charset=utf-8", 404, "Page not found"},
		{"/__live/reload.js", "text/javascript; charset=utf-8", 200, "EventSource"},
	}
	for _, c := range cases {
		status, ctype, body := fetch(t, ts.URL+c.path)
		if status != c.status || ctype != c.ctype || !strings.Contains(body, c.contains) {
			t.Errorf("GET %s: %d %s, body has %q: %v; want %d %s", c.path, status, ctype, c.contains,
				strings.Contains(body, c.contains), c.status, c.ctype)
		}
		if strings.HasPrefix(ctype, "text/html") && !strings.Contains(body, `<script src="/__live/reload.js"></script></body>`) {
			t.Errorf("GET %s: the reload script is not injected", c.path)
		}
	}
}

// events reads Server-Sent Events from the server into a channel.
func events(t *testing.T, url string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/__live/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: content type %s", ct)
	}
	out := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "event: "); ok {
				name = n
			} else if d, ok := strings.CutPrefix(line, "data: "); ok {
				out <- name + " " + d
			}
		}
	}()
	return out
}

func next(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case ev := <-ch:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
		return ""
	}
}

// watched serves a copy of the test site with the file watcher running,
// and returns the stream of events an open page receives.
func watched(t *testing.T) (*httptest.Server, string, <-chan string) {
	t.Helper()
	s, ts, content := site(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go Watch(ctx, []string{content}, 20*time.Millisecond, s.Rebuild)
	time.Sleep(100 * time.Millisecond) // let the watcher start
	return ts, content, events(t, ts.URL)
}

// TestLiveReload edits a note through the file watcher, as a writer does,
// and checks the reload event and the new page; then breaks the note and
// checks the error event and that the last good page is still served.
func TestLiveReload(t *testing.T) {
	ts, content, evs := watched(t)

	note := filepath.Join(content, "codes", "401.md")
	testfiles.Edit(t, note, "title: Unauthorized", "title: Not Authenticated")
	if ev := next(t, evs); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after an edit: event %q, want reload", ev)
	}
	if _, _, body := fetch(t, ts.URL+"/codes/401.html"); !strings.Contains(body, "<h1>Not Authenticated</h1>") {
		t.Error("the edited page was not rebuilt")
	}
	if _, _, body := fetch(t, ts.URL+"/"); !strings.Contains(body, "Not Authenticated") {
		t.Error("the index does not show the new title")
	}

	testfiles.Edit(t, note, "title: Not Authenticated", "title: [Not Authenticated")
	ev := next(t, evs)
	if !strings.HasPrefix(ev, "builderror ") || !strings.Contains(ev, "401.md") {
		t.Fatalf("after a broken edit: event %q, want builderror naming 401.md", ev)
	}
	if status, _, body := fetch(t, ts.URL+"/codes/401.html"); status != 200 || !strings.Contains(body, "<h1>Not Authenticated</h1>") {
		t.Error("the last good page is not served while the note is broken")
	}
	// A page opened now learns of the error at once.
	late := events(t, ts.URL)
	if ev := next(t, late); !strings.HasPrefix(ev, "builderror ") {
		t.Errorf("a page opened during the error got %q first", ev)
	}

	testfiles.Edit(t, note, "title: [Not Authenticated", "title: Unauthorized")
	if ev := next(t, evs); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after the fix: event %q, want reload", ev)
	}
}

// TestFirstBuildFails starts on a broken site, serves the error, and
// recovers when the note is fixed.
func TestFirstBuildFails(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	if err := os.CopyFS(content, os.DirFS("../generator/testdata/site/content")); err != nil {
		t.Fatal(err)
	}
	note := filepath.Join(content, "codes", "403.md")
	testfiles.Edit(t, note, "title: Forbidden", "title: [Forbidden")
	s := New(generator.Config{Content: content, Templates: "../templates", Static: "../static"}, io.Discard)
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	status, _, body := fetch(t, ts.URL+"/")
	if status != 500 || !strings.Contains(body, "403.md") {
		t.Errorf("before the first good build: %d, body names the note: %v", status, strings.Contains(body, "403.md"))
	}
	testfiles.Edit(t, note, "title: [Forbidden", "title: Forbidden")
	s.Rebuild([]string{note})
	if status, _, _ := fetch(t, ts.URL+"/codes/403.html"); status != 200 {
		t.Errorf("after the fix: status %d", status)
	}
}

// TestBuildHasNoReloadScript checks that a build's output never carries
// the live-reload script.
func TestBuildHasNoReloadScript(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	_, err := generator.Build(generator.Config{Content: "../generator/testdata/site/content",
		Templates: "../templates", Static: "../static", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if strings.Contains(string(data), "__live") {
			t.Errorf("%s contains the live-reload script", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMethods checks that the read-only site refuses other methods with
// 405 and Allow, and answers HEAD with GET's headers and no body.
func TestMethods(t *testing.T) {
	_, ts, _ := site(t)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		for _, p := range []string{"/codes/401.html", "/", "/__live/reload.js", "/no/such/page"} {
			req, _ := http.NewRequest(m, ts.URL+p, strings.NewReader("x"))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d, Allow %q; want 405 and GET, HEAD", m, p, resp.StatusCode, resp.Header.Get("Allow"))
			}
		}
	}
	for _, p := range []string{"/codes/401.html", "/static/style.css", "/static/search-docs.js", "/no/such/page.html", "/__live/reload.js"} {
		get, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(get.Body)
		get.Body.Close()
		head, err := http.Head(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		headBody, _ := io.ReadAll(head.Body)
		head.Body.Close()
		if head.StatusCode != get.StatusCode || len(headBody) != 0 {
			t.Errorf("HEAD %s: %d with %d bytes of body; GET gave %d", p, head.StatusCode, len(headBody), get.StatusCode)
		}
		for _, h := range []string{"Content-Type", "Content-Length", "Cache-Control"} {
			if head.Header.Get(h) != get.Header.Get(h) || head.Header.Get(h) == "" {
				t.Errorf("HEAD %s: %s %q, GET %q", p, h, head.Header.Get(h), get.Header.Get(h))
			}
		}
		if get.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Errorf("GET %s: Content-Length %s for %d bytes", p, get.Header.Get("Content-Length"), len(body))
		}
	}
}

// TestFoldersComeAndGo removes the content folder and puts it back, as a
// checkout or a restore does, and moves a folder of notes in: serve must
// notice each and serve what is there.
func TestFoldersComeAndGo(t *testing.T) {
	ts, content, evs := watched(t)

	aside := filepath.Join(filepath.Dir(content), "aside")
	if err := os.Rename(content, aside); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, evs); !strings.HasPrefix(ev, "builderror ") || !strings.Contains(ev, "content folder") {
		t.Fatalf("after the content folder went: event %q, want builderror", ev)
	}
	if status, _, body := fetch(t, ts.URL+"/codes/401.html"); status != 200 || !strings.Contains(body, "<h1>Unauthorized</h1>") {
		t.Error("the last good site is not served while the folder is gone")
	}
	testfiles.Edit(t, filepath.Join(aside, "codes", "401.md"), "title: Unauthorized", "title: Restored")
	if err := os.Rename(aside, content); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, evs); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after the content folder came back: event %q, want reload", ev)
	}
	if _, _, body := fetch(t, ts.URL+"/codes/401.html"); !strings.Contains(body, "<h1>Restored</h1>") {
		t.Error("the restored folder's notes are not served")
	}
	// Edits inside the restored folder are seen: it is watched again.
	testfiles.Edit(t, filepath.Join(content, "codes", "401.md"), "title: Restored", "title: Edited")
	if ev := next(t, evs); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after an edit in the restored folder: event %q, want reload", ev)
	}
	if _, _, body := fetch(t, ts.URL+"/codes/401.html"); !strings.Contains(body, "<h1>Edited</h1>") {
		t.Error("an edit in the restored folder is not served")
	}

	// A folder of notes written elsewhere and moved in.
	extra := filepath.Join(filepath.Dir(content), "extra")
	if err := os.MkdirAll(filepath.Join(extra, "deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	testfiles.Write(t, filepath.Join(extra, "deep", "410.md"), "---\ncode: 410\ntitle: Gone for good\nsummary: Removed.\nstatus: standard\n---\n\nGone.\n")
	if err := os.Rename(extra, filepath.Join(content, "extra")); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, evs); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after a folder was moved in: event %q, want reload", ev)
	}
	if status, _, body := fetch(t, ts.URL+"/codes/410.html"); status != 200 || !strings.Contains(body, "<h1>Gone for good</h1>") {
		t.Errorf("the moved-in note is not served: %d", status)
	}
}
