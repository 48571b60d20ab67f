package generator

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// DocsetName is the docset folder that WriteDocset makes in its folder.
const DocsetName = "StatusCodes.docset"

// docsetPlist is the docset's Info.plist: Dash and Zeal read the name and
// the start page from it; the search box of the pages needs JavaScript.
const docsetPlist = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>statuscodes</string>
	<key>CFBundleName</key>
	<string>HTTP Status Codes</string>
	<key>DocSetPlatformFamily</key>
	<string>statuscodes</string>
	<key>isDashDocset</key>
	<true/>
	<key>dashIndexFilePath</key>
	<string>index.html</string>
	<key>isJavaScriptEnabled</key>
	<true/>
</dict>
</plist>
`

// WriteDocset writes the site as a Dash/Zeal docset, dir/StatusCodes.docset:
// Info.plist, the pages under Contents/Resources/Documents, and
// docSet.dsidx, the SQLite search index with one entry per page and guide,
// in every language.
// The docset folder follows the output folder's rules (see Output): it is
// replaced whole, and only if a build made it. It returns the number of
// index entries.
func WriteDocset(cfg Config, dir string) (int, error) {
	md := NewMarkdown()
	f, err := front(cfg, md, nil, Change{})
	if err != nil {
		return 0, err
	}
	out, err := NewOutput(filepath.Join(dir, DocsetName), cfg.Content, cfg.Templates, cfg.Static)
	if err != nil {
		return 0, err
	}
	defer out.Abort()
	for _, d := range []string{"Contents/Resources/Documents"} {
		if err := out.MkdirAll(d); err != nil {
			return 0, err
		}
	}
	if err := out.WriteFile("Contents/Info.plist", []byte(docsetPlist)); err != nil {
		return 0, err
	}
	cfg.NoBundle = true
	rs := Renderers(f, md, cfg.BaseURL)
	if _, err := Write(out.In("Contents/Resources/Documents"), rs, f.Static, cfg, nil); err != nil {
		return 0, err
	}
	var pages []*Page
	for _, r := range rs {
		for _, p := range r.Index.Site.Pages {
			if r.Own(p) {
				pages = append(pages, p)
			}
		}
	}
	n, err := writeDocsetIndex(out.Path("Contents/Resources/docSet.dsidx"), pages)
	if err != nil {
		return 0, &Error{File: filepath.Join(dir, DocsetName, "Contents/Resources/docSet.dsidx"), Err: err}
	}
	return n, out.Commit()
}

// writeDocsetIndex writes the searchIndex table Dash and Zeal read: a
// name, an entry type and the page's path for every page.
func writeDocsetIndex(file string, pages []*Page) (int, error) {
	db, err := sql.Open("sqlite", file)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	stmts := []string{
		`DROP TABLE IF EXISTS searchIndex`,
		`CREATE TABLE searchIndex(id INTEGER PRIMARY KEY, name TEXT, type TEXT, path TEXT)`,
		`CREATE UNIQUE INDEX anchor ON searchIndex (name, type, path)`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			return 0, err
		}
	}
	tx, err := db.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	insert, err := tx.Prepare(`INSERT INTO searchIndex(name, type, path) VALUES (?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	for _, p := range pages {
		if _, err := insert.Exec(docsetName(p), docsetType(p), p.URL()); err != nil {
			return 0, fmt.Errorf("%s: %w", p.File, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return len(pages), nil
}

// docsetName is how a page is listed: the code and its name, and the
// vendor where the number is not the standard one.
func docsetName(p *Page) string {
	name := p.Meta.Title
	if c := p.Code(); c != "" && !strings.HasPrefix(name, c) {
		name = c + " " + name
	}
	if p.Vendor != nil && p.Kind != KindOverview {
		name += " (" + p.Vendor.Name + ")"
	}
	return name
}

// docsetType is the Dash entry type of a page, which picks its icon:
// errors (4xx, 5xx and the errors without a status) are Error, other
// codes Value, guides Guide, overviews Category, disambiguation pages
// Entry.
func docsetType(p *Page) string {
	switch {
	case p.Kind == KindGuide:
		return "Guide"
	case p.Kind == KindOverview:
		return "Category"
	case p.Kind == KindDisambiguation:
		return "Entry"
	case p.Kind == KindError || p.Meta.Code >= 400 && p.Family() != FamilyWarning:
		return "Error"
	}
	return "Value"
}
