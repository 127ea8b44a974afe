package main

import (
	"bytes"
	"runtime"
	"runtime/pprof"
)

// What the Go heap holds, from runtime.ReadMemStats. It stops the world for about 10 µs and
// flushes every P's allocation cache first, so its figures are exact at the moment of the
// sample; runtime/metrics (/memory/classes/heap/objects:bytes, the same quantity as HeapAlloc)
// does not flush, and lags by up to a span per size class and P, which hides a small map
// entirely. The world stop is sampling time, left out of the measured time.

// heapFigures is one reading.
type heapFigures struct {
	// objects is HeapAlloc: live objects and garbage not yet swept, each by its size-class slot.
	objects int64
	// active is HeapInuse: bytes in in-use heap spans.
	active int64
	// resident is Sys less HeapReleased: memory mapped by the runtime minus what it returned.
	resident int64
	// gcCycles is NumGC: completed GC cycles.
	gcCycles int64
}

// heapReader reads heapFigures into a MemStats it owns (ReadMemStats does not allocate).
type heapReader struct {
	stats runtime.MemStats
}

func newHeapReader() *heapReader { return &heapReader{} }

func (r *heapReader) read() heapFigures {
	runtime.ReadMemStats(&r.stats)
	s := &r.stats
	return heapFigures{
		objects:  int64(s.HeapAlloc),
		active:   int64(s.HeapInuse),
		resident: int64(s.Sys) - int64(s.HeapReleased),
		gcCycles: int64(s.NumGC),
	}
}

// minus is the reading net of a baseline.
func (h heapFigures) minus(base heapFigures) heapFigures {
	return heapFigures{
		objects:  h.objects - base.objects,
		active:   h.active - base.active,
		resident: h.resident - base.resident,
		gcCycles: h.gcCycles - base.gcCycles,
	}
}

// heapProfile is the pprof heap profile now, after a GC so that its in-use figures are current.
func heapProfile() []byte {
	runtime.GC()
	var buf bytes.Buffer
	if err := pprof.Lookup("heap").WriteTo(&buf, 0); err != nil {
		panic("go-peer: heap profile: " + err.Error())
	}
	return buf.Bytes()
}

// setMemProfileRate makes rate the heap profile's sampling rate from the next allocation on.
// Assigning runtime.MemProfileRate alone does not: each P's next sample point is drawn when its
// allocation cache is made, at the rate then (512 KiB on average, up to about 20 times that), and
// drawn again only when an allocation is sampled. Until that first sample, which can be past the
// whole of a small workload, the new rate does not apply: the profile of a 10,000-key workload
// was empty in about 1 run of 8 (TestAllocSitesWritesPprofProfile). So the points are drawn anew:
// with one P left (GOMAXPROCS(1) frees the others' caches), an allocation at rate 1 is sampled
// and sets that P's next point to 0, and the next allocation, at the new rate, is sampled and draws
// it at the new rate; the other Ps then come back with new caches, drawn at the new rate. The two
// allocations (64 bytes each, profiledAllocation) are in the profile.
func setMemProfileRate(rate int) {
	procs := runtime.GOMAXPROCS(1)
	runtime.MemProfileRate = 1
	profiledAllocation()
	runtime.MemProfileRate = rate
	profiledAllocation()
	allocSink = nil
	runtime.GOMAXPROCS(procs)
}

// allocSink keeps profiledAllocation's block on the heap.
var allocSink []byte

// profiledAllocation allocates one block on the heap (setMemProfileRate).
//
//go:noinline
func profiledAllocation() { allocSink = make([]byte, 64) }
