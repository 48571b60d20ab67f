package generator

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

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

// textDoc is one part of a page in the index: its words and their weight.
type textDoc struct {
	terms  []textTerm
	length int
}

// textTerm is a stem of a doc and its weighted frequency.
type textTerm struct {
	stem string
	w    int
}

// textPage is what a page adds to the index: its docs, in order, the rows
// of the docs file that describe them, and the word forms it holds whose
// stem differs from the word.
type textPage struct {
	docs []textDoc
	// rows are the docs' rows of the docs file, [page, anchor, label,
	// snippet, length], each without its opening bracket and page number:
	// add writes the number, which changes as pages come and go.
	rows  [][]byte
	forms []*stemEntry
}

// textIndex is the full-text index while it is built, page by page in
// page order. It holds the docs file's rows as text and each stem's
// postings packed as varints, not each doc's own words: those are a few
// times the size of the index and need not be held all at once.
type textIndex struct {
	docs     []byte // the docs file so far: its head and the rows of the docs added
	n        int    // docs added
	total    int    // the sum of their lengths
	postings map[string]*posting
	forms    map[string]string
}

// posting is the list of a stem's docs.
type posting struct {
	last int    // the id of the last doc in the list
	list []byte // pairs of varints: (doc id minus the previous one, weighted frequency ×10)
}

// searchText builds the docs file and the postings shards of a site.
func (r *Renderer) searchText() (docsJS []byte, shardJS [][]byte, err error) {
	shards := make([]*bytes.Buffer, textShards)
	docsJS, err = r.indexText().finish(r.textKey(), func(i, size int) io.Writer {
		shards[i] = bytes.NewBuffer(make([]byte, 0, size))
		return shards[i]
	})
	if err != nil {
		return nil, nil, err
	}
	for _, b := range shards {
		shardJS = append(shardJS, b.Bytes())
	}
	return docsJS, shardJS, nil
}

// writeSearchText writes the docs file and the postings shards to
// writers, each shard as it is made: serve compresses them as they come
// rather than hold them whole.
func (r *Renderer) writeSearchText(docs io.Writer, shards []io.Writer) error {
	docsJS, err := r.indexText().finish(r.textKey(), func(i, _ int) io.Writer { return shards[i] })
	if err == nil {
		_, err = docs.Write(docsJS)
	}
	return err
}

// textKey is the suffix of the globals of the language's index, as
// search.js expects them (STATUS_DOCS, STATUS_DOCS_ru).
func (r *Renderer) textKey() string {
	if lang := r.lang(); lang != DefaultLang {
		return "_" + lang
	}
	return ""
}

// indexText builds the index of the site's pages. Pages are cut and
// stemmed in parallel and added in page order, so that doc ids do not
// depend on timing.
func (r *Renderer) indexText() *textIndex {
	pages := r.Index.Site.Pages
	x := &textIndex{docs: []byte("window.STATUS_DOCS" + r.textKey() + `={"d":[`), postings: map[string]*posting{}, forms: map[string]string{}}
	parallelOrdered(len(pages), func(i int) []byte {
		if b := r.docs.get(r.lang(), pages[i]); b != nil {
			return b
		}
		b := r.pageDocs(pages[i]).pack()
		r.docs.put(r.lang(), pages[i], b)
		return b
	}, x.add)
	return x
}

// add adds the docs of page i, packed.
func (x *textIndex) add(i int, b []byte) {
	page := strconv.Itoa(i)
	var tail, stem, word []byte
	var n, length, w, terms uint64
	b, n = uvarint(b)
	for range n {
		if x.n > 0 {
			x.docs = append(x.docs, ',')
		}
		b, tail = chunk(b)
		x.docs = append(append(append(x.docs, '['), page...), tail...)
		b, length = uvarint(b)
		id := x.n
		x.n++
		x.total += int(length)
		// Postings: stem → pairs of (doc id minus the previous one,
		// weighted frequency ×10 as an integer): ids ascend, so the
		// gaps are short.
		b, terms = uvarint(b)
		for range terms {
			b, stem = chunk(b)
			b, w = uvarint(b)
			ps := x.postings[string(stem)]
			if ps == nil {
				ps = &posting{}
				x.postings[string(stem)] = ps
			}
			ps.list = binary.AppendUvarint(ps.list, uint64(id-ps.last))
			ps.list = binary.AppendUvarint(ps.list, w*10)
			ps.last = id
		}
	}
	b, n = uvarint(b)
	for range n {
		b, word = chunk(b)
		b, stem = chunk(b)
		if _, ok := x.forms[string(word)]; !ok {
			x.forms[string(word)] = string(stem)
		}
	}
}

// pack writes a page's part of the index in the form add reads and the
// build cache keeps: for each doc the rest of its row after the page
// number, its length and its terms; then the page's word forms. Numbers
// are varints, texts a varint length and their bytes.
func (p *textPage) pack() []byte {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(p.docs)))
	for i, d := range p.docs {
		b = appendChunk(b, p.rows[i])
		b = binary.AppendUvarint(b, uint64(d.length))
		b = binary.AppendUvarint(b, uint64(len(d.terms)))
		for _, t := range d.terms {
			b = appendChunk(b, []byte(t.stem))
			b = binary.AppendUvarint(b, uint64(t.w))
		}
	}
	b = binary.AppendUvarint(b, uint64(len(p.forms)))
	for _, e := range p.forms {
		b = appendChunk(b, []byte(e.word))
		b = appendChunk(b, []byte(e.stem))
	}
	return b
}

func appendChunk(b, c []byte) []byte { return append(binary.AppendUvarint(b, uint64(len(c))), c...) }

// uvarint reads a varint that pack wrote.
func uvarint(b []byte) ([]byte, uint64) {
	v, n := binary.Uvarint(b)
	return b[n:], v
}

// chunk reads a text that pack wrote.
func chunk(b []byte) ([]byte, []byte) {
	b, n := uvarint(b)
	return b[n:], b[:n]
}

// docCache keeps every page's packed docs from one build to the next:
// cutting and stemming a page costs about as much as rendering it. A
// page's docs depend only on its own note (and the program, which the
// cache's key holds), so they are reused while its sum is the same.
type docCache struct {
	sums *pageSums
	mu   sync.Mutex
	old  map[string]cachedDocs // by language and page URL, from the last build
	new  map[string]cachedDocs // this build's
}

// cachedDocs are one page's packed docs.
type cachedDocs struct {
	Sum    sum
	Packed []byte
}

func docKey(lang string, p *Page) string { return lang + " " + p.URL() }

// get returns the packed docs of page p from the last build, or nil.
func (c *docCache) get(lang string, p *Page) []byte {
	if c == nil {
		return nil
	}
	key, s := docKey(lang, p), c.sums.of(p)
	c.mu.Lock()
	defer c.mu.Unlock()
	cd, ok := c.old[key]
	if !ok || cd.Sum != s {
		return nil
	}
	c.new[key] = cd
	return cd.Packed
}

// put records the packed docs of page p as cut in this build.
func (c *docCache) put(lang string, p *Page, packed []byte) {
	if c == nil {
		return
	}
	cd := cachedDocs{Sum: c.sums.of(p), Packed: packed}
	c.mu.Lock()
	c.new[docKey(lang, p)] = cd
	c.mu.Unlock()
}

// finish returns the docs file and writes each postings shard to the
// writer shard gives it (size: the shard's length, for a writer that
// holds it whole).
func (x *textIndex) finish(key string, shard func(i, size int) io.Writer) (docsJS []byte, err error) {
	avg := 0.0
	if x.n > 0 {
		avg = float64(x.total) / float64(x.n)
	}
	avgJS, err := json.Marshal(math.Round(avg*10) / 10)
	if err != nil {
		return nil, err
	}
	formsJS, err := json.Marshal(irregular(x.forms, x.postings))
	if err != nil {
		return nil, err
	}
	docsJS = append(x.docs, `],"avg":`...)
	docsJS = append(docsJS, avgJS...)
	docsJS = append(docsJS, `,"f":`...)
	docsJS = append(docsJS, formsJS...)
	docsJS = append(docsJS, "};\n"...)
	x.docs = nil

	// Each shard is an object of stems, in the order of their bytes (as
	// encoding/json orders a map's keys), written a stem at a time.
	stems := make([][]string, textShards)
	for st := range x.postings {
		s := shardOf(st)
		stems[s] = append(stems[s], st)
	}
	var js []byte
	for i := range stems {
		slices.Sort(stems[i])
		head := fmt.Sprintf("(window.STATUS_TEXT%s=window.STATUS_TEXT%s||[])[%d]={", key, key, i)
		names := make([][]byte, len(stems[i]))
		size := len(head) + len("};\n")
		for j, st := range stems[i] {
			if names[j], err = json.Marshal(st); err != nil {
				return nil, err
			}
			size += len(names[j]) + len(":[]") + postingsLen(x.postings[st].list)
			if j > 0 {
				size++ // the comma before it
			}
		}
		w := shard(i, size)
		if _, err := io.WriteString(w, head); err != nil {
			return nil, err
		}
		for j, st := range stems[i] {
			js = js[:0]
			if j > 0 {
				js = append(js, ',')
			}
			js = append(js, names[j]...)
			js = append(js, ":["...)
			js = appendPostings(js, x.postings[st].list)
			js = append(js, ']')
			x.postings[st].list = nil
			if _, err := w.Write(js); err != nil {
				return nil, err
			}
		}
		if _, err := io.WriteString(w, "};\n"); err != nil {
			return nil, err
		}
	}
	return docsJS, nil
}

// appendPostings appends a postings list as JSON numbers, comma-separated.
func appendPostings(js, list []byte) []byte {
	for k := 0; len(list) > 0; k++ {
		v, n := binary.Uvarint(list)
		list = list[n:]
		if k > 0 {
			js = append(js, ',')
		}
		js = strconv.AppendUint(js, v, 10)
	}
	return js
}

// postingsLen is the length of what appendPostings appends.
func postingsLen(list []byte) int {
	n := -1 // no comma before the first number
	for len(list) > 0 {
		v, k := binary.Uvarint(list)
		list = list[k:]
		n += 2 // a comma and the last digit
		for ; v >= 10; v /= 10 {
			n++
		}
	}
	return max(n, 0)
}

// irregular keeps the word forms the page's script would stem wrongly by
// itself. The script takes a word's stem to be the word, if the index has
// it, or else the longest stem of the index that the word starts with,
// less at most four letters; a form is shipped only where that guess is
// not the generator's stem ("studies" → "studi", "найдено" → "найд" where
// "найден" is a stem too), so the two stem every word of the index alike.
func irregular[V any](forms map[string]string, stems map[string]V) map[string]string {
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
func guessStem[V any](w string, stems map[string]V) string {
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
func (r *Renderer) pageDocs(p *Page) *textPage {
	c := newDocCutter(textForms.Add(1))
	plain := r.Markdown.PlainText
	summary := plain(p.Meta.Summary)
	c.start("", "", cut(summary))
	c.add(p.Code(), weightCode)
	c.add(p.Meta.Title, weightTitle)
	c.add(strings.Join(p.Meta.Aliases, " "), weightAlias)
	c.add(summary, weightSummary)

	// Sections: the text under each heading of the body.
	src := p.Source
	doc := r.Markdown.Parse(src)
	inSection := false
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 3 {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			label := blockText(h, src)
			c.start(string(idb), label, "")
			c.add(label, weightHeading)
			inSection = true
			continue
		}
		if !inSection {
			c.start("", "", "")
			inSection = true
		}
		text := blockText(n, src)
		if c.snippet == "" {
			c.snippet = cut(text)
		}
		c.add(text, weightBody)
	}

	// Cause rows, with the ids the page gives them.
	ids := map[string]bool{}
	for _, row := range p.Meta.Causes {
		symptom, cause, fix := plain(row.Symptom), plain(row.Cause), plain(row.Fix)
		c.start(causeID(symptom, ids), cutTo(symptom, 100), cut(cause+" → "+fix))
		c.add(symptom, weightSymptom)
		c.add(cause, weightCause)
		c.add(fix, weightFix)
		c.add(plain(row.When), weightBody)
	}
	return c.finish()
}

// docCutter collects the docs of a page, one doc at a time; a doc
// without words is left out.
type docCutter struct {
	forms uint64 // the page's number, for stemEntry.form
	out   *textPage
	rows  bytes.Buffer
	enc   *json.Encoder  // of strings, into rows
	terms map[string]int // the current doc's stems, reused from doc to doc
	// The current doc.
	anchor  string // "" for the page's head, else a section or cause row id
	label   string // the section heading or cause row symptom, for the result
	snippet string
	length  int
}

func newDocCutter(forms uint64) *docCutter {
	c := &docCutter{forms: forms, out: &textPage{}, terms: map[string]int{}}
	c.enc = json.NewEncoder(&c.rows)
	return c
}

// start ends the current doc and starts the next.
func (c *docCutter) start(anchor, label, snippet string) {
	c.end()
	c.anchor, c.label, c.snippet, c.length = anchor, label, snippet, 0
}

// add adds the index terms of a text to the current doc with weight w:
// every token, and the parts of a compound one ("web.config" → web,
// config), stop words left out, words stemmed.
func (c *docCutter) add(text string, w int) {
	for rest := text; ; {
		var tok string
		if tok, rest = nextToken(rest); tok == "" {
			return
		}
		tok = strings.ToLower(strings.ReplaceAll(tok, "ё", "е"))
		c.term(tok, w)
		if joinerIndex(tok) < 0 {
			continue
		}
		for part := tok; part != ""; {
			i := joinerIndex(part)
			if i < 0 {
				c.term(part, w)
				break
			}
			if i > 0 {
				c.term(part[:i], w)
			}
			part = part[i+1:]
		}
	}
}

// joinerIndex is the index of the first '.', '_' or '-' in a word, or -1:
// strings.IndexAny takes a few times longer on words this short.
func joinerIndex(w string) int {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c == '.' || c == '_' || c == '-' {
			return i
		}
	}
	return -1
}

// term adds a word's term to the current doc, and the word to the page's
// forms when its stem differs from it and the page has not recorded it.
func (c *docCutter) term(word string, w int) {
	e := stemWord(word)
	if e.stem == "" {
		return
	}
	if e.stem != e.word && e.form.Load() != c.forms {
		e.form.Store(c.forms)
		c.out.forms = append(c.out.forms, e)
	}
	c.terms[e.stem] += w
	c.length += w
}

// end adds the current doc to the page, with its row of the docs file:
// [page, anchor, label, snippet, length].
func (c *docCutter) end() {
	if len(c.terms) == 0 {
		return
	}
	d := textDoc{terms: make([]textTerm, 0, len(c.terms)), length: c.length}
	for st, w := range c.terms {
		d.terms = append(d.terms, textTerm{st, w})
	}
	clear(c.terms)
	c.out.docs = append(c.out.docs, d)
	c.rows.Reset()
	for _, s := range []string{c.anchor, c.label, c.snippet} {
		c.rows.WriteByte(',')
		_ = c.enc.Encode(s)               // a string into a buffer: cannot fail
		c.rows.Truncate(c.rows.Len() - 1) // the newline Encode ends with
	}
	c.rows.WriteByte(',')
	c.rows.WriteString(strconv.Itoa(c.length))
	c.rows.WriteByte(']')
	c.out.rows = append(c.out.rows, bytes.Clone(c.rows.Bytes()))
}

// finish ends the last doc and returns the page's part of the index.
func (c *docCutter) finish() *textPage {
	c.end()
	return c.out
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
	return collapseSpace(b.String())
}

// collapseSpace is strings.Join(strings.Fields(s), " ") made in one
// buffer: s without leading or trailing space and with every run of
// spaces made one ' '.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is due before the next word
	for i, r := range s {
		if r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
		} else {
			_, n := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+n]) // as written: an invalid byte stays itself
		}
	}
	return b.String()
}

// asciiSpace are the ASCII bytes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// cut shortens a text to a snippet at a word boundary.
func cut(s string) string { return cutTo(s, snippetLen) }

// cutTo shortens a text to n characters at a word boundary.
func cutTo(s string, n int) string {
	t := strings.TrimSpace(s)
	if !utf8.ValidString(t) {
		t = string([]rune(t)) // each invalid byte made U+FFFD, as a cut reads it
	}
	end, chars := -1, 0 // end: where the (n+1)th character starts
	for i := range t {
		if chars == n {
			end = i
			break
		}
		chars++
	}
	if end < 0 {
		return t
	}
	c := t[:end]
	if i := strings.LastIndex(c, " "); i > n/2 {
		c = c[:i]
	}
	return strings.TrimRight(c, " ,;:.-–") + "…"
}

// stemCache holds each word's index term once computed: a site repeats
// the same few thousand words in every page, and Snowball was a third of
// a 2,000-note build before it. A term depends on the word alone. It is a
// map behind a read-write lock rather than a sync.Map: nearly every
// look-up finds its word, and with tens of thousands of words a sync.Map
// look-up took about twice as long.
var stemCache = struct {
	sync.RWMutex
	words map[string]*stemEntry
}{words: map[string]*stemEntry{}}

// stemEntry is a word and its index term. The word is a copy of its own:
// the word found in a text is a slice of the whole text, which the cache
// and the index would otherwise keep.
type stemEntry struct {
	word, stem string
	// form is the number of the last page (textForms) that recorded the
	// word as a form, so that a page records each form once, not at every
	// use of the word (two pages cut at once may make one record it
	// twice, which does no harm).
	form atomic.Uint64
}

// textForms numbers the pages cut, for stemEntry.form.
var textForms atomic.Uint64

// stemWord is a word's entry. Its term is its Snowball stem when it is a
// word of letters, the word itself when it holds digits or punctuation
// (403.14, 0x8007000d, client_max_body_size), "" for a stop word.
func stemWord(w string) *stemEntry {
	stemCache.RLock()
	e := stemCache.words[w]
	stemCache.RUnlock()
	if e != nil {
		return e
	}
	e = &stemEntry{word: strings.Clone(w)}
	e.stem = stemOnce(e.word)
	stemCache.Lock()
	defer stemCache.Unlock()
	if old := stemCache.words[w]; old != nil {
		return old
	}
	stemCache.words[e.word] = e
	return e
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
