package generator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestJSONSchemas validates every JSON file of the real site (built with
// an address, so URLs are absolute) and of the small site built without one
// (URLs relative) against the schemas published in static/schema.
func TestJSONSchemas(t *testing.T) {
	c := jsonschema.NewCompiler()
	schemas := map[string]*jsonschema.Schema{}
	for _, name := range []string{"page", "codes"} {
		file := filepath.Join("..", "static", "schema", name+".schema.json")
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if err := c.AddResource(name+".schema.json", doc); err != nil {
			t.Fatal(err)
		}
		if schemas[name], err = c.Compile(name + ".schema.json"); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
	}
	real, _ := buildRealSite(t)
	small := testConfig(t, "testdata/site/content")
	small.BaseURL = ""
	if _, err := Build(small); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{real, small.Out} {
		checked := 0
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			if strings.HasPrefix(filepath.ToSlash(rel), "static/") {
				return nil // the schemas themselves
			}
			schema := schemas["page"]
			if filepath.Base(rel) == "codes.json" {
				schema = schemas["codes"]
			}
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			doc, err := jsonschema.UnmarshalJSON(f)
			if err != nil {
				t.Errorf("%s: %v", rel, err)
				return nil
			}
			if err := schema.Validate(doc); err != nil {
				t.Errorf("%s does not match its schema: %v", rel, err)
			}
			checked++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if checked < 10 {
			t.Errorf("%s: only %d JSON files", dir, checked)
		}
	}
	// The schemas are strict: a twin with an unknown key fails.
	var twin map[string]any
	data, err := os.ReadFile(filepath.Join(real, "codes", "404.json"))
	if err == nil {
		err = json.Unmarshal(data, &twin)
	}
	if err != nil {
		t.Fatal(err)
	}
	twin["Name"] = "x"
	if schemas["page"].Validate(twin) == nil {
		t.Error("the page schema accepts a key it does not define")
	}
}
