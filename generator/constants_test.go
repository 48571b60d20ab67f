package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestGoConstants checks constants.yaml against net/http of the Go that
// runs the test: every Go constant listed exists with that code, and every
// constant net/http defines for a listed code is there.
func TestGoConstants(t *testing.T) {
	_, x := buildRealSite(t)
	src, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "net", "http", "status.go"))
	if err != nil {
		t.Skipf("no net/http source: %v", err)
	}
	defined := map[string]int{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(Status\w+)\s*=\s*(\d+)`).FindAllStringSubmatch(string(src), -1) {
		defined["http."+m[1]], _ = strconv.Atoi(m[2])
	}
	listed := map[string]bool{}
	for code, byLib := range x.Site.Constants.Codes {
		c, ok := byLib["go"]
		if !ok {
			continue
		}
		n, _ := strconv.Atoi(code)
		for _, name := range append([]string{c.Name}, c.Aliases...) {
			listed[name] = true
			if got, ok := defined[name]; !ok || got != n {
				t.Errorf("%s: %s is %d in net/http (defined: %v)", code, name, got, ok)
			}
		}
	}
	for name, n := range defined {
		if _, ok := x.Site.Constants.Codes[strconv.Itoa(n)]; ok && !listed[name] {
			t.Errorf("net/http defines %s = %d; constants.yaml does not list it", name, n)
		}
	}
}

// TestPythonConstants checks every Python constant listed against the
// http module of this machine's python3, when there is one.
func TestPythonConstants(t *testing.T) {
	_, x := buildRealSite(t)
	out, err := exec.Command("python3", "-c", "import http\nfor s in http.HTTPStatus: print(s.name, s.value)").Output()
	if err != nil {
		t.Skipf("no python3: %v", err)
	}
	values := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, v, _ := strings.Cut(line, " ")
		values["http.HTTPStatus."+name], _ = strconv.Atoi(v)
	}
	n := 0
	for code, byLib := range x.Site.Constants.Codes {
		c, ok := byLib["python"]
		if !ok {
			continue
		}
		want, _ := strconv.Atoi(code)
		if got, ok := values[c.Name]; !ok || got != want {
			t.Errorf("%s: python3 has %s = %d (defined: %v)", code, c.Name, got, ok)
		}
		n++
	}
	if n < 60 {
		t.Errorf("only %d Python constants listed", n)
	}
}
