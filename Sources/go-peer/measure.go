package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

// The workload loop and the sampler. The map is a real Go map made with make(map[K]V, hint);
// the observer (observe_classic.go for Go 1.23, observe_swiss.go for Go 1.24+) reads its
// structure through the runtime's own internal layout.

// sink keeps the measured map reachable from a global, so that the compiler allocates its
// header (and a small map's first group) on the heap, as any map that outlives a call is.
var sink any

// verifyDerivations makes every sample compute what it derives also the long way and count
// the differences (tests).
var verifyDerivations bool

// sampler takes samples for one workload, in storage reserved before the baseline.
type sampler struct {
	spec     *Spec
	heap     *heapReader
	baseline heapFigures
	obs      *observer
	// inserts counts insert operations (the curve's x axis); writes counts inserts and deletes.
	inserts, writes int64
	curve           []curveRow
	growth          []growthRow
	// peak is the largest sampled heap object bytes: a lower bound of the true peak.
	peak int64
	// last is the last reading, net of the baseline.
	last heapFigures
	// start is when the operations started; samplingNs the time spent sampling since.
	start       time.Time
	samplingNs  int64
	progress    bool
	progressBuf []byte
	// total is the insert counter's value at the end.
	total int64
	// lat records every insert's latency when the spec asks for it, else nil.
	lat *latencyRecorder
	// samples counts the sample points taken so far.
	samples int
}

// newSampler reserves the rows before the baseline, so that storing them allocates nothing the heap
// figures would count: growths are at most ~64 doublings plus churn's same-size growths, and for a
// Swiss map its table splits (splitRows).
func newSampler(spec *Spec, progress bool) *sampler {
	points := len(spec.SampleAt)
	growths := 64 + 4*spec.Rounds + 8 + splitRows(spec.totalInserts())
	return &sampler{
		spec:        spec,
		heap:        newHeapReader(),
		curve:       make([]curveRow, 0, points+2*(64+4*spec.Rounds)+8),
		growth:      make([]growthRow, 0, growths),
		progress:    progress,
		progressBuf: make([]byte, 0, 24),
		total:       int64(spec.totalInserts()),
	}
}

// sample reads the heap and the map and appends a curve row; its time is left out of the
// measured time.
func (s *sampler) sample(event string) *curveRow {
	t0 := time.Now()
	h := s.heap.read().minus(s.baseline)
	// Growth events and the last insert are read in full; other samples may derive (classic map
	// with pointers in the bucket: see currentGeneration).
	st := s.obs.read(&s.heap.stats, event != "sample" || s.inserts == s.total)
	s.last = h
	s.peak = max(s.peak, h.objects)
	s.curve = append(s.curve, curveRow{
		event: event, keys: s.inserts, st: st, allocated: h.objects, active: h.active, resident: h.resident,
		peak: s.peak, elapsedSeconds: float64(t0.Sub(s.start).Nanoseconds()-s.samplingNs) / 1e9,
	})
	row := &s.curve[len(s.curve)-1]
	if event == "sample" {
		if s.lat != nil {
			s.lat.window(s.inserts, s.samples == 0)
		}
		s.samples++
		s.obs.afterSample(s, row)
		if s.progress {
			s.progressBuf = strconv.AppendInt(s.progressBuf[:0], s.inserts, 10)
			s.progressBuf = append(s.progressBuf, '\n')
			os.Stdout.Write(s.progressBuf)
		}
	}
	s.samplingNs += time.Since(t0).Nanoseconds()
	return row
}

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
	plan := spec.SampleAt
	next := 0
	nextAt := int64(-1)
	advance := func() {
		if next < len(plan) {
			nextAt = int64(plan[next])
		} else {
			nextAt = -1
		}
	}

	var clock insertClock
	if spec.Latency {
		s.lat = newLatencyRecorder(len(plan))
		s.lat.startGCPauses()
		clock = calibratedClock()
	}
	lat := s.lat
	runtime.GC()
	s.baseline = s.heap.read()
	s.start = time.Now()
	m := make(map[K]V, spec.Hint)
	sink = m
	s.obs = newObserver(m, s)
	advance()
	if nextAt == 0 {
		s.sample("sample")
		next++
		advance()
	}

	// insertKeys inserts keys lo..<hi, timing each when latency is recorded and sampling on plan.
	insertKeys := func(lo, hi uint64) {
		for i := lo; i < hi; i++ {
			if lat == nil {
				m[keyOf(i)] = value
			} else {
				k := keyOf(i)
				t0 := clock.now()
				m[k] = value
				lat.record(clock.nanoseconds(clock.now()-t0), s.inserts)
			}
			s.inserts++
			s.writes++
			s.obs.afterInsert(s)
			if s.inserts == nextAt {
				s.sample("sample")
				next++
				advance()
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
				s.writes++
				s.obs.afterDelete(s)
			}
			insertKeys(high, high+half)
			low += half
			high += half
		}
	}
	measuredNs := time.Since(s.start).Nanoseconds() - s.samplingNs
	end := s.heap.read().minus(s.baseline)
	var final structure
	if n := len(s.curve); n > 0 && s.curve[n-1].keys == s.inserts {
		final = s.curve[n-1].st
	} else {
		// The plan did not sample the end: read it anyway for the summary (not a curve row).
		final = s.obs.read(&s.heap.stats, true)
		s.last = end
		s.peak = max(s.peak, s.last.objects)
		s.obs.afterSample(s, &curveRow{keys: s.inserts, st: final, allocated: s.last.objects})
	}
	gc := end.gcCycles
	var profile []byte
	if spec.AllocSites != nil {
		// With the map still live: the profile's in-use figures are as of the last completed GC.
		profile = heapProfile()
	}
	// The GC pauses of the workload are read now, before the lookups, as the heap was.
	var latencyRows [][]string
	if lat != nil {
		latencyRows = lat.rows(spec.Workload)
	}
	// Every figure of the summary is read above: the lookups' garbage (keyString allocates) and
	// any GC it causes change none of them.
	nsPerLookup, missed := lookUp(m, keyOf, same, spec.Lookups, low, uint64(spec.liveKeysAtEnd()))
	runtime.KeepAlive(m)
	sink = nil

	out := outcome{obs: s.obs, heapProfile: profile, summary: summaryRow{
		spec: spec, inserts: s.inserts, deletes: int64(spec.totalDeletes()), growths: s.obs.counts(),
		final: final, finalAllocated: s.last.objects, peak: s.peak, finalActive: s.last.active,
		finalRes: s.last.resident, gcCycles: gc, seconds: float64(measuredNs) / 1e9,
		nsPerInsert: float64(measuredNs) / float64(max(1, s.inserts)), status: "ok",
		lookups: int64(spec.Lookups), nsPerLookup: nsPerLookup,
	}}
	if missed {
		out.err = fmt.Errorf("%s: a lookup of a live key in [%d, %d) found no entry with the workload's value",
			spec.Workload, low, low+uint64(spec.liveKeysAtEnd()))
	}
	if measuredNs > 0 {
		out.summary.samplingOverhead = float64(s.samplingNs) / float64(measuredNs)
	}
	if lat != nil {
		out.summary.insertP99 = some(int64(lat.quantile(0.99)))
		out.summary.insertMax = some(int64(lat.max))
		out.latency = latencyRows
	}
	for i := range s.curve {
		out.curve = append(out.curve, s.curve[i].fields(spec.Workload))
	}
	for i := range s.growth {
		out.growth = append(out.growth, s.growth[i].fields(spec.Workload))
	}
	return out
}

// lookUp looks up count live keys spaced evenly over the window [low, low+live), key
// i = low + j*live/count for j in 0..<count, reading each value, and returns the nanoseconds per
// lookup (0 when count is 0). The loop is timed as a whole with the insert clock (time.Now), key
// making inside it as for inserts, and not sampled. missed reports a key not found with its value
// (same; with same nil, the values are checked to be zero after the timed loop).
func lookUp[K comparable, V any](m map[K]V, keyOf func(uint64) K, same func(V) bool, count int, low,
	live uint64) (nsPerLookup float64, missed bool) {
	if count == 0 {
		return 0, false
	}
	c := uint64(count)
	t0 := time.Now()
	for j := uint64(0); j < c; j++ {
		if v, ok := m[keyOf(low+j*live/c)]; !ok || (same != nil && !same(v)) {
			return 0, true
		}
	}
	nsPerLookup = float64(time.Since(t0).Nanoseconds()) / float64(count)
	if same == nil {
		for j := uint64(0); j < c; j++ {
			if !isZeroValue(m[keyOf(low+j*live/c)]) {
				return 0, true
			}
		}
	}
	return nsPerLookup, false
}
