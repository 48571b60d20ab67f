// Package generator builds the status-code site from a folder of notes.
//
// # Pipeline
//
// A build is five stages, each in its own file and each doing only its
// job:
//
//   - Load (load.go, frontmatter.go) reads vendors.yaml and every *.md note
//     through os.Root, so no symlink leads outside a source folder; checks
//     that each file is UTF-8 (a byte-order mark is dropped) and at most
//     MaxNoteSize; decodes the YAML front matter strictly (unknown keys and
//     values of the wrong shape are errors at their own line); and finds
//     the links of the body and the cause cells, refusing images and
//     javascript:, vbscript: and data: links.
//   - Index (index.go) derives every relation once: pages by id and by
//     code, the sub-statuses of a base code, the guides, the family of a
//     disambiguation page, and which pages show which (the edges serve's
//     updates follow). Nothing changes an Index after it is made.
//   - Validate (validate.go) reads the index and reports every problem at
//     once: required keys per kind, allowed values, unique identities, and
//     that every page id named in related, meanings or a link exists. It
//     changes nothing.
//   - Render (templates.go, render.go, pagedata.go, navigation.go,
//     markdown.go, highlight.go) executes the templates;
//     links written as page ids become relative links; code blocks are
//     highlighted by chroma with CSS classes. sitefiles.go and json.go make
//     the files that come from the whole site and the JSON twins.
//   - Write (write.go, output.go, bundle.go) writes the site into a folder
//     beside the output folder, with the offline zip, checks that every
//     file a template linked exists, and swaps the folder in only when
//     everything succeeded. It replaces only a folder a build made (one
//     holding OutputMarker) and refuses source folders, the working
//     directory, Git repositories and filesystem roots.
//
// Languages (translate.go, strings.go): notes under content/<lang>/ are
// translations of the default language's notes at the same path, with
// texts only; each language gets its own Site and Index (its pages, and
// the default language's where a translation is missing), its own
// Renderer with the templates' words of templates/strings/<lang>.yaml, and
// its pages under <lang>/.
//
// front (build.go) runs the first three stages and parses the templates,
// for Build and for serve alike. Project (project.go) keeps the site in
// memory for serve: every update runs front again, reusing the pages of
// notes that did not change, renders the pages the change affects (so that
// their errors fail it) into a new snapshot, and swaps it in whole; a
// failed update leaves the live snapshot as it was. A snapshot holds the
// loaded notes, not the pages: a page is rendered when it is asked for. Errors (errors.go) name their file and line;
// parallel.go runs page work on every CPU.
//
// # Notes and identity
//
// A note is Markdown with YAML front matter. Its identity is (vendor,
// code, sub-status), which also gives its page id: "401", "iis/403.14",
// "nginx/499", "warning/110"; guides are "guides/<file name>", a vendor's
// overview "<vendor>/index". An error that is not a status code is
// (vendor, error): "browser/ERR_CONNECTION_REFUSED", "curl/7",
// "cloudflare/1020", or the bare error without a vendor ("0", "000").
// Front-matter keys (README.md has the full authoring reference):
//
//	code        int, 100–599; required on code and disambiguation pages
//	error       the name or number of an error that is not a status code,
//	            as software prints it; makes the page kind error
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
//	http        on an error page: ids of the status pages it arrives with;
//	            those pages list it
//	meanings    list of {page, tell}; a disambiguation page lists every
//	            page that shares its number
//	causes      list of {symptom, cause, fix, who, when}; who is one or
//	            more of visitor, developer, site owner, administrator
//
// # Output paths
//
// Standard codes, bare-number disambiguation pages and bare errors (0,
// 000) are written to codes/<id>.html, every other page to <id>.html, each with a JSON twin
// beside it. The root holds index.html, 404.html, codes.json, sitemap.xml,
// robots.txt and static/ (the static folder plus the generated
// highlight.css). Every link in every page is relative and names a file.
//
// # Templates
//
// base.html is the frame and defines the blocks "title" and "main";
// partials.html defines the shared sections "crumbs", "lead", "related"
// and "refs"; each page kind has its own file (code.html, disambiguation.html,
// overview.html, guide.html, index.html, 404.html). Templates receive a
// *PageData. Its methods Link (to a *Page), Href (to a root-relative path)
// and Asset (to a file in static/) return links relative to the page being
// rendered; Crumbs is the breadcrumb trail; Refs and Entries name the data
// of the "refs" and "entries" sections. Functions: className ("4xx" →
// "Client error") and join (strings.Join).
package generator
