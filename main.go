// Command statuscodes builds the HTTP status code reference site, and
// explains codes in the terminal from the copy of the site it carries.
//
//	go run . build [-content DIR] [-templates DIR] [-static DIR] [-out DIR] [-base-url URL]
//	go run . serve [-port 1313] [-host 127.0.0.1] [the build flags]
//	go run . explain [-json] [-width N] CODE
//	go run . man
//	go run . docset -out DIR
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/statuscodes/site/generator"
	"github.com/statuscodes/site/server"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: statuscodes <command> [flags]

commands:
  build    build the site into the output folder
  serve    serve the site on localhost, rebuilding and reloading on every change
  explain  print every meaning of a code or error name, with causes and fixes
  man      print the httpstatus(7) manual page
  docset   write a Dash/Zeal docset of the site
`

// run is the command line; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return build(args[1:], stdout, stderr)
	case "serve":
		return serve(args[1:], stdout, stderr)
	case "explain":
		return explain(args[1:], stdout, stderr)
	case "man":
		return man(args[1:], stdout, stderr)
	case "docset":
		return docset(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "statuscodes: unknown command %q\n%s", args[0], usage)
	return 2
}

// buildFlags registers the flags shared by the commands that build.
func buildFlags(fs *flag.FlagSet) *generator.Config {
	cfg := generator.DefaultConfig()
	fs.StringVar(&cfg.Content, "content", cfg.Content, "folder of notes (Markdown with YAML front matter) and vendors.yaml")
	fs.StringVar(&cfg.Templates, "templates", cfg.Templates, "folder of html/template files")
	fs.StringVar(&cfg.Static, "static", cfg.Static, "folder of static files, copied to static/ in the output")
	fs.StringVar(&cfg.Out, "out", cfg.Out, "output folder; replaced whole, only when the build succeeds")
	fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "the site's absolute address, e.g. https://example.org/docs/ (canonical links, the not-found page, sitemap.xml, JSON URLs); without it the site has no sitemap")
	fs.IntVar(&cfg.SearchLimit, "search-limit", cfg.SearchLimit, "largest search index allowed, in bytes (0: no limit; for synthetic benchmark trees)")
	return &cfg
}

// newFlags makes a command's flag set, whose -h prints about and the flags.
func newFlags(name, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: statuscodes %s [flags]\n\n%s\n\nflags:\n", name, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a command's arguments; when it returns false, the
// command exits with the status it gives (0 after -h, 2 after a bad flag).
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

func build(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "Builds the site. On any error nothing is replaced.", stderr)
	cfg := buildFlags(fs)
	fs.BoolVar(&cfg.Clean, "clean", false, "ignore the build cache (beside the output folder) and render every page again")
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	res, err := generator.Build(*cfg)
	if err != nil {
		printErrors(stderr, err)
		return 1
	}
	switch {
	case res.Unchanged:
		fmt.Fprintf(stdout, "nothing changed: %d pages (%d files) in %s are up to date (%v)\n", res.Pages, res.Files, cfg.Out, res.Duration.Round(time.Millisecond))
	case res.Rendered < res.Pages:
		fmt.Fprintf(stdout, "built %d pages (%d files) in %v → %s; %d rendered again, %d unchanged\n", res.Pages, res.Files, res.Duration.Round(time.Millisecond), cfg.Out, res.Rendered, res.Pages-res.Rendered)
	default:
		fmt.Fprintf(stdout, "built %d pages (%d files) in %v → %s\n", res.Pages, res.Files, res.Duration.Round(time.Millisecond), cfg.Out)
	}
	for lang, files := range res.Untranslated {
		if len(files) == 0 {
			continue
		}
		fmt.Fprintf(stdout, "%s: %d notes have no translation yet (their pages link to the originals):\n", lang, len(files))
		for _, f := range files {
			fmt.Fprintln(stdout, "  "+f)
		}
	}
	return 0
}

// printErrors prints every error of a failed build, one per line, and
// how many there were.
func printErrors(w io.Writer, err error) {
	var list generator.List
	if !errors.As(err, &list) {
		fmt.Fprintln(w, err)
		fmt.Fprintln(w, "build failed: 1 error; the output folder was not changed")
		return
	}
	for _, e := range list {
		fmt.Fprintln(w, e)
	}
	noun := "errors"
	if len(list) == 1 {
		noun = "error"
	}
	fmt.Fprintf(w, "build failed: %d %s; the output folder was not changed\n", len(list), noun)
}

func serve(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "Builds the site into memory, serves it, and rebuilds and reloads open pages\non every change to the content, templates and static folders.", stderr)
	cfg := buildFlags(fs)
	host := fs.String("host", "127.0.0.1", "address to listen on")
	port := fs.Int("port", 1313, "port to listen on")
	if status, ok := parseFlags(fs, args); !ok {
		return status
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	live := server.New(*cfg, stdout)
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(stderr, "serve:", err)
		return 1
	}
	srv := &http.Server{Handler: live, ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(live.Close)
	go func() {
		err := server.Watch(ctx, []string{cfg.Content, cfg.Templates, cfg.Static}, 30*time.Millisecond, live.Rebuild)
		if err != nil {
			fmt.Fprintln(stderr, "watch:", err)
			stop()
		}
	}()
	fmt.Fprintf(stdout, "serving http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintln(stderr, "serve:", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintln(stderr, "serve: shutdown:", err)
		return 1
	}
	fmt.Fprintln(stdout, "stopped")
	return 0
}
