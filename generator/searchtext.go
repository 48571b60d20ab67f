package generator

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/kljensen/snowball/english"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// The full-text search index. Every page is cut into the parts a reader
// may be looking for: its head (code, title, aliases, summary), each
// section of its body (heading, text and the lines of its examples, where
// error messages are quoted), and each cause row. A part is a "doc" of the
// index, with the address a result links to (page.html#section,
// page.html#cause-…). Words are stemmed at build time (Snowball, English
// or Russian); the index maps every word form it holds to its stem, so the
// page's script stems a query the same way without a stemmer of its own.
//
// Files, each a plain script (file:// allows no fetch): the docs
// (static/search-docs[.lang].js) and the postings in textShards shards
// (static/search-text[.lang].N.js), loaded together on the first query
// that has words, after the small index of codes and titles.

// textShards is the number of postings files.
const textShards = 4

// SearchDocsFile is the docs of the full-text index.
const SearchDocsFile = "static/search-docs.js"

// searchTextOnce builds the full-text index once per renderer: the docs
// file and the shards are asked for one by one.
func (r *Renderer) searchTextOnce() ([]byte, [][]byte, error) {
	r.full.once.Do(func() { r.full.docs, r.full.shards, r.full.err = r.searchText() })
	return r.full.docs, r.full.shards, r.full.err
}

// searchText builds the docs file and the postings shards of a site.
func (r *Renderer) searchText() (docsJS []byte, shardJS [][]byte, err error) {
	var docs bytes.Buffer
	shards := make([]bytes.Buffer, textShards)
	w := make([]io.Writer, textShards)
	for i := range shards {
		w[i] = &shards[i]
	}
	if err := r.writeSearchText(&docs, w); err != nil {
		return nil, nil, err
	}
	// Copies of their own length: a buffer may hold twice what it wrote.
	for i := range shards {
		shardJS = append(shardJS, bytes.Clone(shards[i].Bytes()))
	}
	return bytes.Clone(docs.Bytes()), shardJS, nil
}

// Field weights: a word in a code or title counts more than one in a
// paragraph.
const (
	weightCode    = 8
	weightTitle   = 6
	weightAlias   = 5
	weightHeading = 3
	weightSymptom = 3
	weightSummary = 3
	weightCause   = 2
	weightFix     = 2
	weightBody    = 1
)

// snippetLen is the longest snippet a result shows, in characters.
const snippetLen = 140

// textDoc is one part of a page in the index.
type textDoc struct {
	page    int    // the page's index in the site's pages (and in the records of the first script)
	anchor  string // "" for the page's head, else a section or cause row id
	label   string // the section heading or cause row symptom, for the result
	snippet string
	terms   map[string]float64 // stem → weighted frequency
	length  float64
}

// searchBatch is how many pages are cut and stemmed at a time.
const searchBatch = 256

// writeSearchText writes the docs file of a site to docs and its
// postings shards to shards, as it makes them, so that serve can keep them
// compressed without ever holding them whole.
//
// Pages are cut and stemmed in parallel, a batch at a time, and their docs
// numbered in page order, so that doc ids do not depend on timing. A
// batch's term counts are dropped once its docs are in the postings and
// its rows written out: keeping every doc's counts until the end made the
// index of 10,000 notes peak above 1 GB. The postings are held as varints
// until they are written, a quarter of their size as integers.
func (r *Renderer) writeSearchText(docs io.Writer, shards []io.Writer) error {
	lang := r.lang()
	// The globals carry the language as search.js expects them
	// (STATUS_DOCS, STATUS_DOCS_ru).
	key := ""
	if lang != DefaultLang {
		key = "_" + lang
	}
	pages := r.Index.Site.Pages
	forms := map[string]string{}
	// Postings: stem → pairs of (doc id minus the previous one, weighted
	// frequency ×10 as an integer): ids ascend, so the gaps are short.
	postings := make([]map[string][]byte, textShards)
	for i := range postings {
		postings[i] = map[string][]byte{}
	}
	last := map[string]int{}
	// The docs' rows, [page, anchor, label, snippet, length], go out as
	// they come.
	out := &errWriter{w: docs}
	out.WriteString("window.STATUS_DOCS" + key + `={"d":[`)
	total, id := 0.0, 0
	for lo := 0; lo < len(pages); lo += searchBatch {
		batch := pages[lo:min(lo+searchBatch, len(pages))]
		perPage := make([][]*textDoc, len(batch))
		pageForms := make([]map[string]string, len(batch))
		parallel(len(batch), func(i int) {
			if perPage[i], pageForms[i] = r.docs.get(r.lang(), lo+i, batch[i]); perPage[i] != nil {
				return
			}
			pageForms[i] = map[string]string{}
			perPage[i] = r.pageDocs(lo+i, batch[i], pageForms[i])
			r.docs.put(r.lang(), batch[i], perPage[i], pageForms[i])
		})
		for i := range batch {
			maps.Copy(forms, pageForms[i])
			for _, d := range perPage[i] {
				total += d.length
				row, err := json.Marshal([]any{d.page, d.anchor, d.label, d.snippet, int(math.Round(d.length))})
				if err != nil {
					return err
				}
				if id > 0 {
					out.WriteString(",")
				}
				out.Write(row)
				// A doc has each stem once, so the order its stems are
				// added in does not matter.
				for st, w := range d.terms {
					s := shardOf(st)
					p := binary.AppendUvarint(postings[s][st], uint64(id-last[st]))
					postings[s][st] = binary.AppendUvarint(p, uint64(math.Round(w*10)))
					last[st] = id
				}
				id++
			}
		}
	}
	avg := 0.0
	if id > 0 {
		avg = total / float64(id)
	}
	avgJSON, err := json.Marshal(math.Round(avg*10) / 10)
	if err != nil {
		return err
	}
	formsJSON, err := json.Marshal(irregular(forms, last))
	if err != nil {
		return err
	}
	out.WriteString(`],"avg":`)
	out.Write(avgJSON)
	out.WriteString(`,"f":`)
	out.Write(formsJSON)
	out.WriteString("};\n")
	if out.err != nil {
		return out.err
	}
	for i, p := range postings {
		out := &errWriter{w: shards[i]}
		fmt.Fprintf(out, "(window.STATUS_TEXT%s=window.STATUS_TEXT%s||[])[%d]=", key, key, i)
		if err := writePostings(out, p); err != nil {
			return err
		}
		out.WriteString(";\n")
		if out.err != nil {
			return out.err
		}
		postings[i] = nil
	}
	return nil
}

// writePostings writes a shard's postings as JSON, as encoding/json
// writes a map of int slices: keys in byte order, escaped as it escapes
// them.
func writePostings(out *errWriter, postings map[string][]byte) error {
	stems := slices.Sorted(maps.Keys(postings))
	out.WriteString("{")
	var num []byte
	for i, st := range stems {
		name, err := json.Marshal(st)
		if err != nil {
			return err
		}
		if i > 0 {
			out.WriteString(",")
		}
		out.Write(name)
		out.WriteString(":[")
		num = num[:0]
		for p, j := postings[st], 0; len(p) > 0; j++ {
			v, n := binary.Uvarint(p)
			p = p[n:]
			if j > 0 {
				num = append(num, ',')
			}
			num = strconv.AppendUint(num, v, 10)
		}
		out.Write(num)
		out.WriteString("]")
	}
	out.WriteString("}")
	return nil
}

// errWriter keeps the first error of its writes and skips the writes
// after it, so that a long run of writes is checked once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) WriteString(s string) {
	io.WriteString(e, s)
}

// irregular keeps the word forms the page's script would stem wrongly by
// itself. The script takes a word's stem to be the word, if the index has
// it, or else the longest stem of the index that the word starts with,
// less at most four letters; a form is shipped only where that guess is
// not the generator's stem ("studies" → "studi", "найдено" → "найд" where
// "найден" is a stem too), so the two stem every word of the index alike.
func irregular(forms map[string]string, stems map[string]int) map[string]string {
	out := map[string]string{}
	for w, st := range forms {
		if guessStem(w, stems) != st {
			out[w] = st
		}
	}
	return out
}

// guessStem is the page's script's stem of a word without the forms map
// (search.js, stemOf).
func guessStem(w string, stems map[string]int) string {
	if _, ok := stems[w]; ok {
		return w
	}
	r := []rune(w)
	for n := len(r) - 1; n >= max(3, len(r)-4); n-- {
		if _, ok := stems[string(r[:n])]; ok {
			return string(r[:n])
		}
	}
	return w
}

// shardOf is the postings shard of a stem; the page's script computes the
// same (FNV-1a over the stem's UTF-8 bytes).
func shardOf(stem string) int {
	h := fnv.New32a()
	h.Write([]byte(stem))
	return int(h.Sum32() % textShards)
}

// pageDocs cuts a page into its docs.
func (r *Renderer) pageDocs(i int, p *Page, forms map[string]string) []*textDoc {
	plain := r.Markdown.PlainText
	head := &textDoc{page: i, terms: map[string]float64{}, snippet: cut(plain(p.Meta.Summary))}
	add := func(d *textDoc, text string, w float64) {
		for _, st := range searchTerms(text, forms) {
			d.terms[st] += w
			d.length += w
		}
	}
	add(head, p.Code(), weightCode)
	add(head, p.Meta.Title, weightTitle)
	add(head, strings.Join(p.Meta.Aliases, " "), weightAlias)
	add(head, plain(p.Meta.Summary), weightSummary)
	docs := []*textDoc{head}

	// Sections: the text under each heading of the body.
	var cur *textDoc
	src := p.Source
	doc := r.Markdown.Parse(src)
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 3 {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			label := blockText(h, src)
			cur = &textDoc{page: i, anchor: string(idb), label: label, terms: map[string]float64{}}
			docs = append(docs, cur)
			add(cur, label, weightHeading)
			continue
		}
		if cur == nil {
			cur = &textDoc{page: i, terms: map[string]float64{}, label: ""}
			docs = append(docs, cur)
		}
		text := blockText(n, src)
		if cur.snippet == "" {
			cur.snippet = cut(text)
		}
		add(cur, text, weightBody)
	}

	// Cause rows, with the ids the page gives them.
	ids := map[string]bool{}
	for _, c := range p.Meta.Causes {
		symptom := plain(c.Symptom)
		d := &textDoc{page: i, anchor: causeID(symptom, ids), label: cutTo(symptom, 100), terms: map[string]float64{},
			snippet: cut(plain(c.Cause) + " → " + plain(c.Fix))}
		add(d, symptom, weightSymptom)
		add(d, plain(c.Cause), weightCause)
		add(d, plain(c.Fix), weightFix)
		add(d, plain(c.When), weightBody)
		docs = append(docs, d)
	}
	out := docs[:0]
	for _, d := range docs {
		if len(d.terms) > 0 {
			out = append(out, d)
		}
	}
	return out
}

// docCache keeps every page's docs from one build to the next: cutting
// and stemming a page costs about as much as rendering it. A page's docs
// depend only on its own note (and the program, which the cache's key
// holds), so they are reused when its sum is the same.
type docCache struct {
	sums *pageSums
	mu   sync.Mutex
	old  map[string]cachedDocs // by language and page URL, from the last build
	new  map[string]cachedDocs // this build's
	// dirty is set when a page was cut again.
	dirty bool
}

// cachedDocs are one page's docs and the word forms they stemmed.
type cachedDocs struct {
	Sum   sum
	Docs  []cachedDoc
	Forms map[string]string
}

// cachedDoc is a textDoc without its page number, which changes when
// pages come and go.
type cachedDoc struct {
	Anchor, Label, Snippet string
	Stems                  []string
	Weights                []float64
	Length                 float64
}

func docKey(lang string, p *Page) string { return lang + " " + p.URL() }

// get returns the cached docs of page p, numbered i, or nil.
func (c *docCache) get(lang string, i int, p *Page) ([]*textDoc, map[string]string) {
	if c == nil {
		return nil, nil
	}
	key, s := docKey(lang, p), c.sums.of(p)
	c.mu.Lock()
	cd, ok := c.old[key]
	c.mu.Unlock()
	if !ok || cd.Sum != s {
		return nil, nil
	}
	docs := make([]*textDoc, len(cd.Docs))
	for j, d := range cd.Docs {
		terms := make(map[string]float64, len(d.Stems))
		for k, st := range d.Stems {
			terms[st] = d.Weights[k]
		}
		docs[j] = &textDoc{page: i, anchor: d.Anchor, label: d.Label, snippet: d.Snippet, terms: terms, length: d.Length}
	}
	c.mu.Lock()
	c.new[key] = cd
	c.mu.Unlock()
	return docs, cd.Forms
}

// changed reports whether this build's docs differ from the last build's
// (a page cut again, added or gone), so the cache's file needs writing.
func (c *docCache) changed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dirty || len(c.new) != len(c.old)
}

// put records the docs of page p as cut in this build.
func (c *docCache) put(lang string, p *Page, docs []*textDoc, forms map[string]string) {
	if c == nil {
		return
	}
	cd := cachedDocs{Sum: c.sums.of(p), Docs: make([]cachedDoc, len(docs)), Forms: forms}
	for j, d := range docs {
		stems := make([]string, 0, len(d.terms))
		for st := range d.terms {
			stems = append(stems, st)
		}
		sort.Strings(stems)
		weights := make([]float64, len(stems))
		for k, st := range stems {
			weights[k] = d.terms[st]
		}
		cd.Docs[j] = cachedDoc{Anchor: d.anchor, Label: d.label, Snippet: d.snippet, Stems: stems, Weights: weights, Length: d.length}
	}
	key := docKey(lang, p)
	c.mu.Lock()
	c.new[key], c.dirty = cd, true
	c.mu.Unlock()
}

// blockText is the text of a block of Markdown: its words, code spans and
// the lines of a code block.
func blockText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
			b.WriteByte(' ')
		case *ast.String:
			b.Write(c.Value)
			b.WriteByte(' ')
		case *ast.AutoLink:
			b.Write(c.URL(src))
			b.WriteByte(' ')
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := c.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
			b.WriteByte(' ')
			return ast.WalkSkipChildren, nil
		case *extast.TableCell:
			b.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// cut shortens a text to a snippet at a word boundary.
func cut(s string) string { return cutTo(s, snippetLen) }

// cutTo shortens a text to n characters at a word boundary.
func cutTo(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	c := string(r[:n])
	if i := strings.LastIndex(c, " "); i > n/2 {
		c = c[:i]
	}
	return strings.TrimRight(c, " ,;:.-–") + "…"
}

// searchTerms are the index terms of a text: every token, the parts of a
// compound one ("web.config" → web, config), stop words left out, words
// stemmed; forms records every form whose stem differs from it.
func searchTerms(text string, forms map[string]string) []string {
	var out []string
	for _, tok := range tokens(strings.ReplaceAll(text, "ё", "е")) {
		words := []string{tok}
		if strings.ContainsAny(tok, "._-") {
			words = append(words, strings.FieldsFunc(tok, func(r rune) bool { return r == '.' || r == '_' || r == '-' })...)
		}
		for _, w := range words {
			if st := stemWord(w, forms); st != "" {
				out = append(out, st)
			}
		}
	}
	return out
}

// stemCache holds each word's index term once computed: a site repeats
// the same few thousand words in every page, and Snowball was a third of
// a 2,000-note build before it. A term depends on the word alone.
var stemCache sync.Map

// stemWord is a word's index term: its Snowball stem when it is a word
// of letters, the word itself when it holds digits or punctuation (403.14,
// 0x8007000d, client_max_body_size), "" for a stop word. forms records
// the word when its stem differs from it.
func stemWord(w string, forms map[string]string) string {
	var st string
	if v, ok := stemCache.Load(w); ok {
		st = v.(string)
	} else {
		st = stemOnce(w)
		stemCache.Store(w, st)
	}
	if st != "" && st != w {
		forms[w] = st
	}
	return st
}

func stemOnce(w string) string {
	letters := true
	cyr := false
	for _, r := range w {
		if !unicode.IsLetter(r) {
			letters = false
		}
		if unicode.Is(unicode.Cyrillic, r) {
			cyr = true
		}
	}
	if !letters {
		return w
	}
	if cyr {
		return russianStem(w)
	}
	if english.IsStopWord(w) || len(w) < 2 {
		return ""
	}
	return english.Stem(w, false)
}
