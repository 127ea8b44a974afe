package main

import (
	"fmt"
	"runtime"
)

// The workload loop. The map is a real Go map made with make(map[K]V, hint); the loop hands every
// write to the sampler (sampler.go), which samples the heap and the map on plan and at growths.

// sink keeps the measured map reachable from a global, so that the compiler allocates its
// header (and a small map's first group) on the heap, as any map that outlives a call is.
var sink any

// verifyDerivations makes every sample compute what it derives also the long way and count
// the differences (tests).
var verifyDerivations bool

// outcome is what a workload run produced.
type outcome struct {
	obs     *observer
	summary summaryRow
	curve   [][]string
	growth  [][]string
	// latency is latency.csv's rows (nil when latency is not recorded).
	latency [][]string
	// heapProfile is the pprof heap profile taken at the end with the map live (alloc_sites), or nil.
	heapProfile []byte
	// err says why the workload failed after it ran (a lookup that missed), or is nil.
	err error
}

// measure runs the spec's operations on make(map[K]V, hint), the i-th key being keyOf(i). same
// checks a looked-up value against value in the timed loop; nil: after it, with isZeroValue (a
// shape's value is its zero value, and its type may not be comparable).
func measure[K comparable, V any](spec *Spec, keyOf func(uint64) K, value V, same func(V) bool,
	progress bool) outcome {
	s := newSampler(spec, progress)
	var clock insertClock
	if spec.Latency {
		clock = calibratedClock()
	}
	timed := spec.Latency
	s.begin()
	m := make(map[K]V, spec.Hint)
	sink = m
	s.watch(m)

	// insertKeys inserts keys lo..<hi, timing each when latency is recorded.
	insertKeys := func(lo, hi uint64) {
		for i := lo; i < hi; i++ {
			if !timed {
				m[keyOf(i)] = value
				s.inserted(0)
			} else {
				k := keyOf(i)
				t0 := clock.now()
				m[k] = value
				s.inserted(clock.nanoseconds(clock.now() - t0))
			}
		}
	}
	n := uint64(spec.Keys)
	insertKeys(0, n)
	// The live keys are a window [low, high) of the key sequence: [0, N) after the fill.
	low := uint64(0)
	if spec.Ops == "churn" {
		// Each round deletes the window's older half and inserts as many new keys.
		half := n / 2
		high := n
		for r := 0; r < spec.Rounds; r++ {
			for i := low; i < low+half; i++ {
				delete(m, keyOf(i))
				s.deleted()
			}
			insertKeys(high, high+half)
			low += half
			high += half
		}
	}
	e := s.finish(spec.Workload, spec.AllocSites != nil)
	// Every figure of the summary is read above: the lookups' garbage (keyString allocates) and
	// any GC it causes change none of them.
	nsPerLookup, missed := lookUp(m, keyOf, same, spec.Lookups, low, uint64(spec.liveKeysAtEnd()))
	runtime.KeepAlive(m)
	sink = nil

	out := outcome{obs: s.obs, heapProfile: e.profile, summary: summaryRow{
		spec: spec, inserts: s.inserts, deletes: int64(spec.totalDeletes()), growths: s.obs.counts(),
		final: e.final, finalAllocated: s.last.objects, peak: s.peak, finalActive: s.last.active,
		finalRes: s.last.resident, gcCycles: e.end.gcCycles, seconds: float64(e.measuredNs) / 1e9,
		nsPerInsert: float64(e.measuredNs) / float64(max(1, s.inserts)), status: "ok",
		lookups: int64(spec.Lookups), nsPerLookup: nsPerLookup,
	}}
	if missed {
		out.err = fmt.Errorf("%s: a lookup of a live key in [%d, %d) found no entry with the workload's value",
			spec.Workload, low, low+uint64(spec.liveKeysAtEnd()))
	}
	if e.measuredNs > 0 {
		out.summary.samplingOverhead = float64(s.samplingNs) / float64(e.measuredNs)
	}
	if e.latencyRows != nil {
		out.summary.insertP99, out.summary.insertMax = some(e.p99), some(e.longest)
		out.latency = e.latencyRows
	}
	for i := range s.curve {
		out.curve = append(out.curve, s.curve[i].fields(spec.Workload))
	}
	for i := range s.growth {
		out.growth = append(out.growth, s.growth[i].fields(spec.Workload))
	}
	return out
}
