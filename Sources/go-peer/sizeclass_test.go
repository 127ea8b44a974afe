package main

import (
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var updateSizeClassVectors = flag.Bool("update-sizeclasses", false,
	"rewrite Tests/Vectors/sizeclasses.json from sizeclass.go (after the runtime check passes)")

// sizeClassVector is one entry of Tests/Vectors/sizeclasses.json: an object of size bytes, with or
// without pointers, takes footprint bytes of the Go heap and has roundup usable bytes.
type sizeClassVector struct {
	Size      int  `json:"size"`
	Pointers  bool `json:"pointers"`
	Footprint int  `json:"footprint"`
	Roundup   int  `json:"roundup"`
}

const sizeClassVectorsPath = "../../Tests/Vectors/sizeclasses.json"

// sizeClassVectorSizes are the sizes the vectors cover: every class boundary and its neighbours,
// the malloc header's edge, and the small/large edge with a few large sizes.
func sizeClassVectorSizes() []int {
	seen := map[int]bool{}
	var sizes []int
	add := func(n int) {
		if n >= 0 && !seen[n] {
			seen[n] = true
			sizes = append(sizes, n)
		}
	}
	add(0)
	for _, c := range classToSize[1:] {
		add(c - 8)
		add(c - 1)
		add(c)
		add(c + 1)
		add(c + 8)
	}
	for _, n := range []int{505, 511, 513, 519, 520, 521, 32752, 32759, 32761, 40960, 40961, 65536, 1<<20 + 1} {
		add(n)
	}
	return sizes
}

// The usable bytes of a fresh slice of n bytes (pointer-free) or n/8 pointers, as the running Go
// runtime rounds it: growslice from capacity 0 allocates roundupsize(n) and fills it.
func runtimeRoundup(n int, pointers bool) int {
	if pointers {
		s := append([]*int(nil), make([]*int, n/8)...)
		return cap(s) * 8
	}
	s := append([]byte(nil), make([]byte, n)...)
	return cap(s)
}

// sizeclass.go rounds as the running Go runtime does (checked through append), and makes exactly
// the shared vectors that MapCore's GoSizeClassesTests checks the Swift rules against.
func TestSizeClassVectors(t *testing.T) {
	var made []sizeClassVector
	for _, n := range sizeClassVectorSizes() {
		for _, pointers := range []bool{false, true} {
			v := sizeClassVector{n, pointers, footprint(n, pointers), roundupsize(n, pointers)}
			if n > 0 && (!pointers || n%8 == 0) {
				if got := runtimeRoundup(n, pointers); got != v.Roundup {
					t.Errorf("size %d pointers %v: the runtime rounds to %d, roundupsize to %d", n, pointers, got,
						v.Roundup)
				}
			}
			made = append(made, v)
		}
	}
	if *updateSizeClassVectors && !mallocHeaders {
		t.Fatal("-update-sizeclasses needs Go 1.22 or later: the vectors state the malloc-header rules")
	}
	if *updateSizeClassVectors && !t.Failed() {
		// One vector a line.
		data := []byte("[\n")
		for i, v := range made {
			line, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			data = append(data, "  "...)
			data = append(data, line...)
			if i < len(made)-1 {
				data = append(data, ',')
			}
			data = append(data, '\n')
		}
		data = append(data, "]\n"...)
		if err := os.WriteFile(sizeClassVectorsPath, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(sizeClassVectorsPath)
	if err != nil {
		t.Fatal(err)
	}
	var vectors []sizeClassVector
	if err := json.Unmarshal(data, &vectors); err != nil {
		t.Fatal(err)
	}
	if len(vectors) != len(made) {
		t.Fatalf("%s has %d vectors, sizeclass.go makes %d (go test -run TestSizeClassVectors "+
			"-update-sizeclasses rewrites it)", sizeClassVectorsPath, len(vectors), len(made))
	}
	for i, v := range vectors {
		want := v
		if !mallocHeaders && v.Pointers && i > 0 && vectors[i-1].Size == v.Size && !vectors[i-1].Pointers {
			// The file states the rules of Go 1.22 and later (malloc headers). Go 1.21 has none: an
			// object with pointers rounds as one without, the vector before it.
			want.Footprint, want.Roundup = vectors[i-1].Footprint, vectors[i-1].Roundup
		}
		if want != made[i] {
			t.Errorf("vector %d: file %+v, sizeclass.go %+v", i, want, made[i])
		}
	}
}
