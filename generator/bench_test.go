package generator

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkBuild times a whole build of the real site, from reading the
// notes to swapping in the output folder.
func BenchmarkBuild(b *testing.B) {
	cfg := Config{Content: "../content", Templates: "../templates", Static: "../static",
		Out: filepath.Join(b.TempDir(), "public"), BaseURL: "https://example.org/"}
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
	site, err := Load(os.DirFS("../content"), "content", md)
	if err == nil {
		err = Validate(site)
	}
	if err != nil {
		b.Fatal(err)
	}
	tpl, err := LoadTemplates(os.DirFS("../templates"), "templates")
	if err != nil {
		b.Fatal(err)
	}
	r := NewRenderer(site, md, tpl)
	for b.Loop() {
		parallel(len(site.Pages), func(i int) {
			if _, err := r.Page(site.Pages[i]); err != nil {
				b.Error(err)
			}
		})
	}
}
