package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statuscodes/site/bench/synth"
)

// BenchmarkBuild times a whole build of the real site, from reading the
// notes to swapping in the output folder.
func BenchmarkBuild(b *testing.B) {
	cfg := testConfig(b, "../content")
	for b.Loop() {
		if _, err := Build(cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender times the render stage alone: every page of the real
// site through goldmark, chroma and the templates, without writing.
func BenchmarkRender(b *testing.B) {
	md := NewMarkdown()
	f, err := front(testConfig(b, "../content"), md, nil, Change{})
	if err != nil {
		b.Fatal(err)
	}
	r := NewRenderer(f.Index, md, f.Templates)
	site := f.Index.Site
	for b.Loop() {
		parallel(len(site.Pages), func(i int) {
			if _, err := r.Page(site.Pages[i]); err != nil {
				b.Error(err)
			}
		})
	}
}

// BenchmarkUpdate times serve's rebuild after one note is saved, on a
// synthetic site of 10 000 notes (BENCH_NOTES changes the size). Opening
// the project, a full in-memory build, is not timed.
func BenchmarkUpdate(b *testing.B) {
	n := 10000
	if s := os.Getenv("BENCH_NOTES"); s != "" {
		if _, err := fmt.Sscan(s, &n); err != nil {
			b.Fatal(err)
		}
	}
	dir := b.TempDir()
	if err := synth.Write(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	cfg := testConfig(b, filepath.Join(dir, "content"))
	cfg.SearchLimit = 0 // a synthetic tree
	p, err := OpenProject(cfg)
	if err != nil {
		b.Fatal(err)
	}
	note := filepath.Join(dir, "content", "bench", "404.3.md")
	orig, err := os.ReadFile(note)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		b.StopTimer()
		text := strings.Replace(string(orig), "## What it means", fmt.Sprintf("## What it means, take %d", i), 1)
		if err := os.WriteFile(note, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		u, err := p.Update([]string{note})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(u.Pages), "pages/op")
	}
}
