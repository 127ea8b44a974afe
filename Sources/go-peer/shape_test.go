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

// A shape program's keys: string-long keeps its recipe (its value type is what is not compiled in),
// int64 and string keys of the shape recipe are their recipes, and pointer keys are made once, so
// key i is the same object each time it is asked for.
func TestShapeKeys(t *testing.T) {
	long := shapeKeys[string](&Spec{Key: "string-long", KeyType: "string", Keys: 10, Ops: "insert"})
	if got := long(5); got != "key-long-000000000000005" {
		t.Errorf("string-long key 5 = %q", got)
	}
	short := shapeKeys[string](&Spec{Key: "Name", KeyType: "string", Keys: 10, Ops: "insert"})
	if got := short(5); got != keyString(5) {
		t.Errorf("string key 5 = %q, want %q", got, keyString(5))
	}
	ints := shapeKeys[int64](&Spec{Key: "ID", KeyType: "int64", Keys: 10, Ops: "insert"})
	if got := ints(7); got != keyInt64(7) {
		t.Errorf("int64 key 7 = %d, want %d", got, keyInt64(7))
	}
	ptrs := shapeKeys[*int64](&Spec{Key: "*int64", KeyType: "*int64", Keys: 10, Rounds: 2, Ops: "churn"})
	if ptrs(14) == nil || ptrs(14) != ptrs(14) || ptrs(13) == ptrs(14) {
		t.Errorf("pointer keys: key 14 is %p then %p, key 13 %p", ptrs(14), ptrs(14), ptrs(13))
	}
}

// runShape measures map[K]V end to end in this process: a string-long key with a 200-byte value (kept
// apart, one 208-byte block per entry), every key found by the lookups.
func TestRunShapeStringLongIndirectValue(t *testing.T) {
	s := &Spec{Protocol: specProtocol, Workload: "w", Impl: "go", Key: "string-long", Value: "[200]byte",
		KeyType: "string", ValueType: "[200]uint8", Sizing: "presized", Hint: 1000, Ops: "insert",
		Keys: 1000, Lookups: 1000, SampleAt: []int{0, 500, 1000}}
	out := runShape[string, [200]byte](s, false)
	if out.err != nil {
		t.Fatal(out.err)
	}
	st := out.summary.final
	if st.count != 1000 || out.summary.inserts != 1000 {
		t.Fatalf("count %d, inserts %d", st.count, out.summary.inserts)
	}
	// The same map with its value inline would hold everything but the blocks: the walk of a
	// map[string]uintptr of the same hint is the groups or buckets of a 16-byte key and 8-byte slot.
	m := make(map[string]uintptr, 1000)
	for i := uint64(0); i < 1000; i++ {
		m[keyStringLong(i)] = 0
	}
	inline := newObserver(m, false).read(nil, true)
	if isSwiss && st.mapBytes != inline.mapBytes+1000*208 {
		t.Errorf("map bytes %d, want %d (inline layout) + 1000 blocks of 208", st.mapBytes, inline.mapBytes)
	}
	if !isSwiss && st.b != inline.b {
		t.Errorf("B %d, inline layout's %d", st.b, inline.b)
	}
	if rest := st.mapBytes - 1000*208; !isSwiss && (rest < inline.mapBytes*99/100 || rest > inline.mapBytes*101/100) {
		t.Errorf("map bytes %d less the blocks: not within 1%% of the inline layout's %d", st.mapBytes,
			inline.mapBytes)
	}
}
