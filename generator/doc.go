// Package generator builds the status-code site from a folder of notes.
//
// # Pipeline
//
// A build is four stages, each in its own file:
//
//   - Load (load.go) reads vendors.yaml and every *.md note from an fs.FS,
//     decodes the YAML front matter strictly (unknown keys and values of
//     the wrong shape are errors at their own line) and parses the Markdown
//     body and the cause cells with goldmark.
//   - Validate (validate.go) checks the site as a whole: required keys per
//     kind, allowed values, unique identities, and that every page id named
//     in related, meanings or a Markdown link exists. It reports every
//     problem at once.
//   - Render (render.go) executes the templates; links written as page ids
//     become relative links; code blocks are highlighted by chroma with CSS
//     classes (markdown.go).
//   - Write (write.go, build.go) writes into a temporary folder beside the
//     output folder and swaps it in only when everything succeeded.
//
// Project (project.go) is the same pipeline kept in memory for serve: an
// update reloads the changed notes, validates the pages they touch and
// renders those again; the files made from the whole site are remade when
// next requested.
//
// # Notes and identity
//
// A note is Markdown with YAML front matter. Its identity is (vendor,
// code, sub-status), which also gives its page id: "401", "iis/403.14",
// "nginx/499", "warning/110"; guides are "guides/<file name>", a vendor's
// overview "<vendor>/index". Front-matter keys (README.md has the full
// authoring reference):
//
//	code        int, 100–599; required on code and disambiguation pages
//	substatus   int, the IIS sub-status (403.14 → 14; 0 is allowed)
//	vendor      slug from vendors.yaml; none for standard codes
//	kind        code (default) | disambiguation | overview
//	title       required
//	aliases     other names, shown and searched
//	summary     required; one sentence
//	status      standard | unofficial | obsolete | temporary | unused | deprecated
//	seen        client (default) | logs | both
//	since       where the code first appeared ("IIS 8.0")
//	references  list of {name, url}
//	related     list of page ids
//	meanings    list of {page, tell}; a disambiguation page lists every
//	            page that shares its number
//	causes      list of {symptom, cause, fix, who, when}; who is one or
//	            more of visitor, developer, site owner, administrator
//
// # Output paths
//
// Standard codes and bare-number disambiguation pages are written to
// codes/<id>.html, every other page to <id>.html, each with a JSON twin
// beside it. The root holds index.html, 404.html, codes.json, sitemap.xml,
// robots.txt and static/ (the static folder plus the generated
// highlight.css). Every link in every page is relative and names a file.
//
// # Templates
//
// base.html is the frame and defines the blocks "title" and "main";
// partials.html defines the shared sections "related" and "refs"; each
// page kind has its own file (code.html, disambiguation.html,
// overview.html, guide.html, index.html, 404.html). Templates receive a
// *PageData. Its methods Link (to a *Page), Href (to a root-relative path)
// and Asset (to a file in static/) return links relative to the page being
// rendered. Functions: className ("4xx" → "Client error"), join
// (strings.Join) and list (its arguments as a slice, to pass several values
// to a sub-template).
package generator
