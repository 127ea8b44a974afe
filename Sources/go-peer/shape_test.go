package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The launcher (MapHeapRun/GoShapePeer.swift) builds a shape program for exactly the shapes the
// peer built from its sources alone does not measure: its two lists are compiledIn's.
func TestCompiledInMatchesLauncher(t *testing.T) {
	data, err := os.ReadFile("../MapHeapRun/GoShapePeer.swift")
	if err != nil {
		t.Fatal(err)
	}
	list := func(name string) []string {
		m := regexp.MustCompile(`static let ` + name + `: Set<String> = \[([^\]]*)\]`).FindSubmatch(data)
		if m == nil {
			t.Fatalf("GoShapePeer.swift: no %s", name)
		}
		var out []string
		for _, s := range strings.Split(string(m[1]), ",") {
			out = append(out, strings.Trim(strings.TrimSpace(s), `"`))
		}
		return out
	}
	keys, values := list("compiledInKeyTypes"), list("compiledInValueTypes")
	for _, k := range keys {
		for _, v := range values {
			if !compiledIn(k, v) {
				t.Errorf("the launcher takes map[%s]%s as compiled in; compiledIn does not", k, v)
			}
		}
	}
	probes := map[string]bool{"uint64": true, "[16]uint8": true, "struct{}": true, "*int64": true}
	for _, s := range append(keys, values...) {
		probes[s] = true
	}
	n := 0
	for k := range probes {
		for v := range probes {
			if compiledIn(k, v) {
				n++
			}
		}
	}
	if n != len(keys)*len(values) {
		t.Errorf("compiledIn takes %d of the probed shapes, the launcher %d", n, len(keys)*len(values))
	}
}

// A spec without key_type and value_type (a parent from before issue 19) means the aliases' types;
// a spec naming a shape the plain peer does not have is refused, naming the fix.
func TestSpecShapeFields(t *testing.T) {
	s := Spec{Key: "string-long", Value: "empty"}
	if err := s.resolveTypes(); err != nil || s.KeyType != "string" || s.ValueType != "struct{}" {
		t.Errorf("aliases: key_type %q value_type %q (%v), want string, struct{}", s.KeyType, s.ValueType, err)
	}
	s = Spec{Key: "Session", Value: "bool"}
	if err := s.resolveTypes(); err == nil {
		t.Error("a named type without key_type: accepted")
	}
	s = Spec{Key: "[16]byte", Value: "empty", KeyType: "[16]uint8", ValueType: "struct{}"}
	if shapeProgram != nil {
		t.Fatal("the test binary has a shape program")
	}
	if err := s.matchShape(); err == nil || !strings.Contains(err.Error(), "builds a peer") {
		t.Errorf("map[[16]uint8]struct{} in the plain peer: %v", err)
	}
	s = Spec{Key: "int64", Value: "int64", KeyType: "int64", ValueType: "int64"}
	if err := s.matchShape(); err != nil {
		t.Errorf("map[int64]int64: %v", err)
	}
}
