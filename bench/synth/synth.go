// Package synth writes synthetic content trees for benchmarks: notes in
// the site's format, 6–8 KB each, with a cause table, highlighted code
// blocks and links, and a few guides. The same size and seed always give
// the same tree. bench/fixture is its command line.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// note is one generated page's identity: code 100–599, sub-status from
// 0 up, under the vendor "bench", so no two notes clash.
type note struct{ code, sub int }

func (n note) id() string   { return fmt.Sprintf("bench/%d.%d", n.code, n.sub) }
func (n note) file() string { return fmt.Sprintf("%d.%d.md", n.code, n.sub) }

// Write replaces dir/content with n notes, four guides and a vendors.yaml.
func Write(dir string, n int, seed uint64) error {
	content := filepath.Join(dir, "content")
	if err := os.RemoveAll(content); err != nil {
		return err
	}
	for _, d := range []string{"bench", "guides"} {
		if err := os.MkdirAll(filepath.Join(content, d), 0o755); err != nil {
			return err
		}
	}
	vendors := "bench:\n  name: Benchmark vendor\n  family: vendor\n  url: https://example.org/bench\n"
	if err := os.WriteFile(filepath.Join(content, "vendors.yaml"), []byte(vendors), 0o644); err != nil {
		return err
	}
	notes := make([]note, n)
	for i := range notes {
		notes[i] = note{code: 100 + i%500, sub: i / 500}
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	for i, nt := range notes {
		text := noteText(r, nt, notes, i)
		if err := os.WriteFile(filepath.Join(content, "bench", nt.file()), []byte(text), 0o644); err != nil {
			return err
		}
	}
	for g := range 4 {
		text := guideText(r, g, notes)
		if err := os.WriteFile(filepath.Join(content, "guides", fmt.Sprintf("guide-%d.md", g)), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

var words = strings.Fields(`request response server client proxy gateway header body status
	cache origin upstream timeout connection certificate handshake redirect location token
	session cookie credential scope module handler pipeline filter limit buffer queue worker
	process pool thread socket port address route path query parameter method payload
	content length encoding compression range chunk stream retry backoff deadline window
	policy rule firewall balancer listener target health check probe config setting value
	directive section element attribute permission account identity role tenant region zone
	deploy release version build artifact log entry field trace span metric alert dashboard
	the a an of to in on for with by from at as when while after before because unless
	and or but so then also only still often rarely usually sometimes never always`)

var verbs = strings.Fields(`returns rejects forwards drops caches refreshes validates logs
	retries closes opens reads writes parses encodes decodes blocks allows limits queues
	expires renews signs checks resolves routes rewrites serves streams buffers`)

// sentence makes a sentence of 8–20 words.
func sentence(r *rand.Rand) string {
	n := 8 + r.IntN(13)
	ws := make([]string, n)
	for i := range ws {
		if i == 2 || i == n/2+1 {
			ws[i] = verbs[r.IntN(len(verbs))]
		} else {
			ws[i] = words[r.IntN(len(words))]
		}
	}
	if r.IntN(4) == 0 {
		ws[r.IntN(n)] = "`" + words[r.IntN(len(words))] + "_" + words[r.IntN(len(words))] + "`"
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func paragraph(r *rand.Rand, sentences int) string {
	ss := make([]string, sentences)
	for i := range ss {
		ss[i] = sentence(r)
	}
	return strings.Join(ss, " ")
}

// quote puts a generated text in a YAML double-quoted string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

var roles = []string{"visitor", "developer", "site owner", "administrator"}

func noteText(r *rand.Rand, nt note, all []note, i int) string {
	var b strings.Builder
	title := strings.Join([]string{words[r.IntN(40)], words[r.IntN(40)], words[r.IntN(40)]}, " ")
	fmt.Fprintf(&b, "---\ncode: %d\nsubstatus: %d\nvendor: bench\n", nt.code, nt.sub)
	fmt.Fprintf(&b, "title: %s\n", quote(strings.ToUpper(title[:1])+title[1:]))
	fmt.Fprintf(&b, "summary: %s\n", quote(sentence(r)))
	b.WriteString("status: unofficial\nseen: both\nsince: Bench 1.0\n")
	b.WriteString("references:\n  - name: Benchmark documentation\n    url: https://example.org/bench/docs\n")
	related := []string{}
	for range 2 + r.IntN(3) {
		if j := r.IntN(len(all)); j != i {
			related = append(related, quote(all[j].id()))
		}
	}
	fmt.Fprintf(&b, "related: [%s]\n", strings.Join(related, ", "))
	b.WriteString("causes:\n")
	for range 3 + r.IntN(4) {
		fmt.Fprintf(&b, "  - symptom: %s\n    cause: %s\n    fix: %s\n    who: %s\n",
			quote(sentence(r)), quote(sentence(r)), quote(sentence(r)+" "+sentence(r)), roles[r.IntN(len(roles))])
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "    when: %s\n", quote(sentence(r)))
		}
	}
	b.WriteString("---\n\n## What it means\n\n")
	b.WriteString(paragraph(r, 7) + "\n\n")
	fmt.Fprintf(&b, "%s See [the related page](%s) for the sibling case.\n\n", paragraph(r, 3), all[r.IntN(len(all))].id())
	b.WriteString("## Example\n\n```http\n")
	fmt.Fprintf(&b, "GET /%s/%s HTTP/1.1\nHost: www.example.org\nAccept: text/html\nUser-Agent: bench/1.0\n```\n\n",
		words[r.IntN(40)], words[r.IntN(40)])
	fmt.Fprintf(&b, "```http\nHTTP/1.1 %d Bench\nContent-Type: text/html; charset=utf-8\nCache-Control: no-store\nRetry-After: %d\n```\n\n",
		nt.code, r.IntN(600))
	if r.IntN(2) == 0 {
		b.WriteString("```xml\n<configuration>\n  <system.webServer>\n")
		fmt.Fprintf(&b, "    <%s enabled=\"true\" limit=\"%d\" />\n", words[r.IntN(40)], r.IntN(10000))
		b.WriteString("  </system.webServer>\n</configuration>\n```\n\n")
	}
	b.WriteString("## How it differs\n\n")
	for range 4 {
		b.WriteString(paragraph(r, 5) + "\n\n")
	}
	b.WriteString("- " + sentence(r) + "\n- " + sentence(r) + "\n- " + sentence(r) + "\n")
	return b.String()
}

func guideText(r *rand.Rand, g int, all []note) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Benchmark guide %d\nsummary: %s\nrelated: [%s]\n---\n\n", g, quote(sentence(r)), quote(all[g%len(all)].id()))
	for s := range 6 {
		fmt.Fprintf(&b, "## Part %d\n\n%s\n\n", s+1, paragraph(r, 6))
		fmt.Fprintf(&b, "See [this page](%s).\n\n", all[r.IntN(len(all))].id())
	}
	return b.String()
}
