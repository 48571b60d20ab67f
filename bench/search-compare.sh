#!/usr/bin/env bash
# Compares the site's own search with Pagefind on the same pages: builds
# the site, indexes an English-only copy of it with Pagefind (from npm),
# then runs the queries of browsertest/testdata/queries.yaml through both
# in headless chromium and prints top-1 / top-3 hits per kind of query,
# the median time per query, and the queries that either engine missed.
#
#   bench/search-compare.sh
#   QUERIES=/tmp/q.yaml bench/search-compare.sh
#   KEEP=1 bench/search-compare.sh     # keep the work folder and say where
#   bench/search-compare.sh -v         # list every query's top 3 (flags go
#                                      # to bench/searchcompare)
#
# Needs Go, Node 20 with npm (the npm registry, for pagefind) and Debian's
# chromium at /usr/bin/chromium. It is a report: it exits 0 whatever the
# numbers are, and non-zero only when it cannot run.
set -euo pipefail
queries=browsertest/testdata/queries.yaml
if [ -n "${QUERIES:-}" ]; then
	queries=$(realpath "$QUERIES")
fi
cd "$(dirname "$0")/.."
root=$PWD
pagefind_version=1.6.0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/statuscodes-search-compare.XXXXXX")
if [ -n "${KEEP:-}" ]; then
	trap 'echo "work files kept in $tmp" >&2' EXIT
else
	trap 'rm -rf "$tmp"' EXIT
fi

echo "building the site" >&2
go run . build -out "$tmp/site" >&2

# Pagefind's copy: the English pages only, as the site's own search only
# offers English pages from an English page.
cp -a "$tmp/site" "$tmp/pf"
rm -rf "$tmp/pf/ru"
# Set up as Pagefind's documentation asks (docs/indexing, "Limiting what
# sections of a page are indexed"): the main content area of each content
# page is tagged with data-pagefind-body, so that the site header (brand,
# language switch, theme button, skip link) is not indexed on every page;
# Pagefind already skips <nav>, <footer>, <form> and <script> by itself.
# Once one page has the tag, untagged pages are left out of the index,
# which is how the same page says to keep pages out of results ("other
# pages like your homepage will no longer appear in search results. This
# is usually what you want"). Left untagged, so out of the index: the
# home page (a list of every code), the search page, the not-found page
# (404.html at the root, not the status page codes/404.html), and the
# redirect stubs (a meta refresh to a code's real page, such as
# codes/403.14.html to iis/403.14.html), as a Hugo site's alias pages are.
# Vendor and guide pages are content and are tagged.
(
	cd "$tmp/pf"
	grep -rLZ --include='*.html' 'http-equiv="refresh"' . |
		grep -zvxE '\./(index|search|404)\.html' |
		xargs -0 sed -i 's/<main\([ >]\)/<main data-pagefind-body\1/'
)

echo "installing pagefind@$pagefind_version from npm" >&2
npm install --prefix "$tmp/npm" "pagefind@$pagefind_version" --no-audit --no-fund >&2
echo "indexing with pagefind" >&2
"$tmp/npm/node_modules/.bin/pagefind" --site "$tmp/pf" >&2

echo "ours: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes'); pagefind: $pagefind_version; $(chromium --version 2>/dev/null || /usr/bin/chromium --version)"
go run ./bench/searchcompare -site "$tmp/site" -pagefind "$tmp/pf" -queries "$queries" "$@"
