// Package server serves a site from memory while its notes are written:
// it rebuilds on every change, reloads open pages over Server-Sent Events,
// and shows a broken note's error over the page, while the last good site
// stays served. Nothing here ever reaches the output of a build.
package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/statuscodes/site/generator"
)

// Paths the server answers itself, outside the site.
const (
	eventsPath = "/__live/events"
	scriptPath = "/__live/reload.js"
)

// Server serves a project and tells open pages when it changes.
type Server struct {
	cfg generator.Config
	log io.Writer

	mu      sync.Mutex
	proj    *generator.Project // nil until the first good build
	lastErr string             // the error of the last build, "" when it succeeded
	clients map[chan event]bool
	closed  chan struct{}
}

// event is one Server-Sent Event.
type event struct {
	name, data string
}

// New builds the site into memory and returns its server. A failed first
// build is not fatal: the server shows the error and builds again on the
// next change.
func New(cfg generator.Config, log io.Writer) *Server {
	s := &Server{cfg: cfg, log: log, clients: map[chan event]bool{}, closed: make(chan struct{})}
	start := time.Now()
	proj, err := open(cfg)
	if err != nil {
		s.lastErr = err.Error()
		fmt.Fprintf(log, "build failed; fix the error and save:\n%s\n", err)
		return s
	}
	s.proj = proj
	fmt.Fprintf(log, "built in %v\n", time.Since(start).Round(time.Millisecond))
	return s
}

// Close ends the event streams, so that a graceful shutdown does not wait
// for open pages.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
}

// Rebuild brings the site up to date after files changed, then tells the
// open pages to reload, or to show the error.
func (s *Server) Rebuild(changed []string) {
	s.mu.Lock()
	proj := s.proj
	s.mu.Unlock()
	var err error
	var msg string
	if proj == nil {
		start := time.Now()
		if proj, err = open(s.cfg); err == nil {
			msg = fmt.Sprintf("built in %v", time.Since(start).Round(time.Millisecond))
		}
	} else {
		var u generator.Update
		if u, err = proj.Update(changed); err == nil {
			msg = fmt.Sprintf("rebuilt %d pages in %v", u.Pages, u.Duration.Round(100*time.Microsecond))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.lastErr = err.Error()
		fmt.Fprintf(s.log, "build failed; still serving the last good site:\n%s\n", err)
		s.broadcast(event{"builderror", s.lastErr})
		return
	}
	s.proj, s.lastErr = proj, ""
	limitMemory()
	fmt.Fprintln(s.log, msg)
	s.broadcast(event{"reload", msg})
}

// broadcast sends an event to every open page; s.mu is held.
func (s *Server) broadcast(ev event) {
	for c := range s.clients {
		select {
		case c <- ev:
		default: // a page that does not read misses this one event
		}
	}
}

// ServeHTTP answers GET and HEAD (HEAD with the headers GET would send);
// the site is read-only, so every other method gets 405.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed: this site is read-only", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		send(w, r, http.StatusOK, "text/javascript; charset=utf-8", []byte(reloadScript))
		return
	}
	s.mu.Lock()
	proj, lastErr := s.proj, s.lastErr
	s.mu.Unlock()
	if proj == nil {
		page := fmt.Sprintf("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site does not build yet</h1><pre>%s</pre>%s</body></html>",
			html.EscapeString(lastErr), scriptTag)
		send(w, r, http.StatusInternalServerError, "text/html; charset=utf-8", []byte(page))
		return
	}

	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	body, ok, err := proj.Open(name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	status := http.StatusOK
	if !ok && path.Ext(name) == "" {
		if _, dir, _ := proj.Open(name + "/index.html"); dir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	if !ok {
		status = http.StatusNotFound
		name = "404.html"
		if body, ok, err = proj.Open(name); err != nil || !ok {
			http.NotFound(w, r)
			return
		}
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	if !strings.HasPrefix(ctype, "text/html") {
		// Written as it is decompressed: the project holds large files
		// compressed, and a copy of each per request would undo that.
		header(w, status, ctype, body.Len())
		if r.Method != http.MethodHead {
			body.WriteTo(w)
		}
		return
	}
	data, err := body.Bytes()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	send(w, r, status, ctype, injectScript(data))
}

// send writes a response from memory with its length; HEAD gets the same
// headers without the body.
func send(w http.ResponseWriter, r *http.Request, status int, ctype string, data []byte) {
	header(w, status, ctype, len(data))
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// header writes the headers of a response of n bytes.
func header(w http.ResponseWriter, status int, ctype string, n int) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(n))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
}

// events streams reload and error events to one open page.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 4)
	s.mu.Lock()
	s.clients[c] = true
	if s.lastErr != "" {
		c <- event{"builderror", s.lastErr}
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	io.WriteString(w, ": connected\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		case ev := <-c:
			data, _ := json.Marshal(ev.data) // a string: cannot fail
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, data)
			flusher.Flush()
		}
	}
}

const scriptTag = `<script src="` + scriptPath + `"></script>`

// injectScript adds the reload script before </body>: only pages served
// here get it, never the files a build writes.
func injectScript(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, scriptTag...)
	}
	out := make([]byte, 0, len(page)+len(scriptTag))
	out = append(out, page[:i]...)
	out = append(out, scriptTag...)
	return append(out, page[i:]...)
}

// reloadScript reloads the page after a good build and shows the error of
// a failed one over the page until the next good build.
//
//go:embed reload.js
var reloadScript string
