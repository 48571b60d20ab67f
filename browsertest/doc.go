// Package browsertest checks the built site in a real browser (Debian's
// chromium, driven by chromedp): pages load cleanly from disk and from a
// server under a sub-path, search finds what readers type, the keyboard
// works, both themes render, and axe-core finds no serious accessibility
// problem. It has no code of its own; the tests skip where chromium is not
// installed.
package browsertest
