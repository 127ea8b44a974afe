package main

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// schemaFile is one result file of Sources/columns.json, the one statement of the columns.
type schemaFile struct {
	Name     string   `json:"name"`
	File     string   `json:"file"`
	Schema   string   `json:"schema"`
	Columns  []string `json:"columns"`
	Optional []string `json:"optional"`
	Parent   []string `json:"parent"`
}

// written is the columns a child writes: all but the parent's.
func (f schemaFile) written() []string {
	var out []string
	for _, c := range f.Columns {
		parent := false
		for _, p := range f.Parent {
			parent = parent || p == c
		}
		if !parent {
			out = append(out, c)
		}
	}
	return out
}

// readSchemaFiles reads Sources/columns.json, by name (summary, curve, growth, latency).
func readSchemaFiles(t *testing.T) map[string]schemaFile {
	t.Helper()
	data, err := os.ReadFile("../columns.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Files []schemaFile `json:"files"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]schemaFile{}
	for _, f := range doc.Files {
		out[f.Name] = f
	}
	return out
}

// columns_gen.go states what Sources/columns.json states (else: run scripts/gen-columns.py).
func TestColumnsMatchSchemaFile(t *testing.T) {
	files := readSchemaFiles(t)
	for _, c := range []struct {
		name    string
		columns []string
		schema  string
	}{
		{"summary", summaryColumns, summarySchema},
		{"curve", curveColumns, curveSchema},
		{"growth", growthColumns, growthSchema},
		{"latency", latencyColumns, latencySchema},
	} {
		f, ok := files[c.name]
		if !ok {
			t.Fatalf("Sources/columns.json has no file %q", c.name)
		}
		if !reflect.DeepEqual(c.columns, f.written()) || c.schema != f.Schema {
			t.Errorf("%s: columns_gen.go has %s %v, Sources/columns.json %s %v; run scripts/gen-columns.py",
				c.name, c.schema, c.columns, f.Schema, f.written())
		}
	}
	if len(files) != 4 {
		t.Errorf("Sources/columns.json has %d files, the peer writes 4", len(files))
	}
	// The columns a child leaves to the parent: how many ran at once, and the Go runtime settings the
	// parent started the peer with.
	if got := files["summary"].Parent; !reflect.DeepEqual(got, []string{"jobs_at_once", "go_env"}) {
		t.Errorf("summary's parent columns: %v", got)
	}
}
