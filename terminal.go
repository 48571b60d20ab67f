package main

import (
	"embed"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/statuscodes/site/generator"
)

// site is the copy of the site's sources that the binary carries, so that
// explain, man and docset work anywhere, without the repository.
//
//go:embed content templates static
var site embed.FS

// embeddedConfig reads the site from the binary's own copy.
func embeddedConfig() generator.Config {
	cfg := generator.DefaultConfig()
	cfg.FS = site
	return cfg
}

func explain(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("explain", "Prints every meaning of a status code or error name (404, 403.14, nginx/499,\nERR_CONNECTION_REFUSED, curl 7) with its causes and fixes.", stderr)
	asJSON := fs.Bool("json", false, "print the pages' JSON twins instead")
	width := fs.Int("width", 0, "wrap at this many columns (default: the terminal's width, or 80)")
	baseURL := fs.String("base-url", generator.DefaultConfig().BaseURL, "the site's address, for the link to each page")
	var words []string
	for {
		if status, ok := parseFlags(fs, args); !ok {
			return status
		}
		if fs.NArg() == 0 {
			break
		}
		words, args = append(words, fs.Arg(0)), fs.Args()[1:] // flags may follow the code
	}
	if len(words) == 0 {
		fs.Usage()
		return 2
	}
	query := strings.Join(words, " ")
	r, err := generator.Open(embeddedConfig())
	if err != nil {
		fmt.Fprintln(stderr, "statuscodes: the embedded site does not load:", err)
		return 1
	}
	pages := r.Index.Lookup(query)
	if len(pages) == 0 {
		msg := fmt.Sprintf("statuscodes: no code or error %q", query)
		if near := r.Index.Nearest(query, 5); len(near) > 0 {
			msg += "; did you mean " + strings.Join(near, ", ") + "?"
		}
		fmt.Fprintln(stderr, msg)
		return 1
	}
	if *asJSON {
		stdout.Write(r.Twins(pages))
		return 0
	}
	t := generator.Terminal{Width: 80, BaseURL: *baseURL}
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			t.Width = w
		}
		t.Color = os.Getenv("NO_COLOR") == ""
	}
	if *width > 0 {
		t.Width = *width
	}
	if err := r.Explain(stdout, pages, t); err != nil {
		fmt.Fprintln(stderr, "statuscodes:", err)
		return 1
	}
	return 0
}

func man(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("man", "Prints the httpstatus(7) manual page: every code and error with its summary.\nRead it with: statuscodes man | man -l -", stderr)
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	// The page's date: the build's, as reproducible builds set it, or today.
	date := time.Now().UTC()
	if epoch, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64); err == nil {
		date = time.Unix(epoch, 0).UTC()
	}
	r, err := generator.Open(embeddedConfig())
	if err == nil {
		err = r.Man(stdout, date.Format("2006-01-02"))
	}
	if err != nil {
		fmt.Fprintln(stderr, "statuscodes:", err)
		return 1
	}
	return 0
}

func docset(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("docset", "Writes a Dash/Zeal docset of the site, DIR/StatusCodes.docset, from the copy\nthe binary carries. Add it in Dash or Zeal as a local docset.", stderr)
	out := fs.String("out", ".", "the folder to write StatusCodes.docset into")
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	n, err := generator.WriteDocset(embeddedConfig(), *out)
	if err != nil {
		printErrors(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s with %d index entries\n", filepath.Join(*out, generator.DocsetName), n)
	return 0
}
