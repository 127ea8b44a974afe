//go:build go1.26 || (go1.24 && goexperiment.swissmap)

package main

import (
	"runtime"
	"testing"
	"unsafe"
)

// The directory cache (observe_swiss.go) reads what a full walk reads: one map, one observer
// reading it through the cache (with ReadMemStats before each read, as the sampler does) and one
// walking every table, compared at every sample: the structure, the counts the growths are derived
// from, and at the end every growth row. Between samples the map grows, tables grow and split, the
// directory doubles, and a GC is forced in the middle of some intervals (tables replaced before it
// are freed, and tables made after it may take their memory).
func TestSwissCacheMatchesWalk(t *testing.T) {
	cases := []struct {
		name       string
		hint, keys int
		every      int // inserts between samples
		gcEvery    int // a GC in the middle of every gcEvery-th interval
	}{
		{"unsized", 0, 200_000, 997, 3},
		{"unsized-sparse", 0, 400_000, 20_011, 1},
		{"unsized-every-insert", 0, 20_000, 1, 50},
		{"hint", 50_000, 300_000, 4_999, 2},
	}
	for _, c := range cases {
		spec := testSpec("int64", "bool", c.hint, c.keys, c.every)
		m := make(map[int64]bool, c.hint)
		cached, walked := newSampler(spec, false), newSampler(spec, false)
		cached.obs, walked.obs = newObserver(m, false), newObserver(m, false)
		var ms runtime.MemStats
		samples := 0
		sample := func() {
			runtime.ReadMemStats(&ms)
			a, b := cached.obs.read(&ms, false), walked.obs.read(nil, false)
			if a != b {
				t.Fatalf("%s at %d keys: through the cache %+v, walked %+v", c.name, len(m), a, b)
			}
			if cached.obs.depthTables != walked.obs.depthTables || cached.obs.unsplitCaps != walked.obs.unsplitCaps {
				t.Fatalf("%s at %d keys: tables by depth or unsplit capacity differ from the walk", c.name, len(m))
			}
			for _, s := range []*sampler{cached, walked} {
				s.inserts = int64(len(m))
				row := curveRow{keys: s.inserts, st: a}
				s.obs.afterSample(&row, &s.growth)
			}
			samples++
		}
		sample()
		for i := 0; i < c.keys; {
			n := min(c.every, c.keys-i)
			gc := samples%c.gcEvery == 0
			for j := 0; j < n; j++ {
				if gc && j == n/2 {
					runtime.GC()
				}
				m[keyInt64(uint64(i+j))] = true
			}
			i += n
			sample()
		}
		if cached.obs.counts() != walked.obs.counts() || len(cached.growth) != len(walked.growth) {
			t.Fatalf("%s: growths %+v through the cache, %+v walked", c.name, cached.obs.counts(), walked.obs.counts())
		}
		for i := range cached.growth {
			if cached.growth[i] != walked.growth[i] {
				t.Fatalf("%s: growth row %d through the cache %+v, walked %+v", c.name, i, cached.growth[i],
					walked.growth[i])
			}
		}
		if cached.obs.cache == nil {
			t.Errorf("%s: the cache was never used", c.name)
		}
		runtime.KeepAlive(m)
	}
}

// A table freed by a GC and a new one made at its address: the cache reads the slot again because
// NumGC changed. The runtime seldom gives a replaced table's memory to a table of the same slot
// (the test above cannot count on it), so the case is made by hand: a directory of four tables,
// the first changed in place as a new table at the same address would be.
func TestSwissCacheDroppedAfterGC(t *testing.T) {
	tables := make([]swissTable, 4)
	dir := make([]*swissTable, 4)
	for i := range dir {
		tables[i] = swissTable{capacity: 1024, localDepth: 2}
		dir[i] = &tables[i]
	}
	m := &swissMap{used: 3000, dirPtr: unsafe.Pointer(&dir[0]), dirLen: 4, globalDepth: 2}
	cached := &observer{m: m, groupSize: 144, haveTables: true, d0: 2, c0Log: 10}
	walked := &observer{m: m, groupSize: 144, haveTables: true, d0: 2, c0Log: 10}
	ms := runtime.MemStats{NumGC: 7}
	check := func(what string) {
		t.Helper()
		if a, b := cached.read(&ms, false), walked.read(nil, false); a != b || cached.depthTables != walked.depthTables ||
			cached.unsplitCaps != walked.unsplitCaps {
			t.Errorf("%s: through the cache %+v, walked %+v", what, a, b)
		}
	}
	check("first read")
	tables[0].capacity = 512
	ms.NumGC++
	check("a table of another capacity at a cached address, after a GC")
	tables[1] = swissTable{capacity: 64, localDepth: 1}
	dir[0] = dir[1] // slots 0 and 1: one table of depth 1, at the address slot 1 held
	ms.NumGC++
	check("a table of another depth at a cached address, after a GC")
	// And it is the GC count that makes it read such a slot again: without a GC the cached entry
	// stands (what makes a read cheap), so the checks above would catch a cache that ignored it.
	tables[1].capacity = 128
	if a, b := cached.read(&ms, false), walked.read(nil, false); a.capacity == b.capacity {
		t.Errorf("without a GC the cache read the table at an unchanged address again (capacity %d)", a.capacity)
	}
	runtime.KeepAlive(tables)
	runtime.KeepAlive(dir)
}

// A read through the cache allocates nothing on the Go heap, neither the first (which maps the
// cache's memory) nor later ones: every heap figure after the baseline would count it.
func TestSwissCacheAllocatesNothing(t *testing.T) {
	m := make(map[int64]bool)
	for i := uint64(0); i < uint64(100_000); i++ {
		m[keyInt64(i)] = true
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fresh := make([]*observer, 11)
	for i := range fresh {
		fresh[i] = newObserver(m, false)
	}
	next := 0
	if n := testing.AllocsPerRun(len(fresh)-1, func() {
		fresh[next].read(&ms, false)
		next++
	}); n != 0 {
		t.Errorf("a first read through the cache allocates %v times", n)
	}
	o := newObserver(m, false)
	if n := testing.AllocsPerRun(100, func() { o.read(&ms, false) }); n != 0 {
		t.Errorf("a read through the cache allocates %v times", n)
	}
	if o.cache == nil {
		t.Errorf("the cache was not used")
	}
	runtime.KeepAlive(m)
}

// The observer is allocated after the baseline, so its bytes are in every allocated figure: a
// field that moved it to another size class would change them all. It takes the 1,408-byte class
// (as before the directory cache).
func TestSwissObserverSizeClass(t *testing.T) {
	if got := footprint(int(unsafe.Sizeof(observer{})), true); got != 1408 {
		t.Errorf("the observer (%d bytes) takes %d bytes of heap, not 1408", unsafe.Sizeof(observer{}), got)
	}
}
