package main

import (
	"math"
	"math/bits"
	"runtime/metrics"
	"strconv"
	_ "unsafe" // go:linkname
)

// Insert latency (PROTOCOL.md, "Insert latency"): every insert timed, into the protocol's
// histogram layout (HdrHistogram, lowest discernible 1 ns, 2 significant digits, values above
// 100 s counted at 100 s), allocated before the baseline so that recording does not allocate.
//
// The clock is the runtime's own monotonic clock (runtime.nanotime, CLOCK_MONOTONIC through the
// vDSO), read just before and just after `m[k] = v`: the key is made before the first read, and
// the peer never samples inside an insert (growths are noticed and sampled after it returns), so
// nothing is subtracted. time.Now would read two clocks (wall and monotonic) per call.

//go:linkname nanotime runtime.nanotime
func nanotime() int64

const (
	// latencyHighest is the largest value recorded as itself: 100 s.
	latencyHighest = 100_000_000_000
	// latencyHalf is the sub-bucket half count of 2 significant digits (256 sub-buckets).
	latencyHalf = 128
	// latencyCounters covers 0...100 s.
	latencyCounters = 4736
)

// latencyIndex is the counter of value v: bucket b = 56 - clz64(v | 255), sub-bucket s = v >> b.
func latencyIndex(v uint64) int {
	b := 56 - bits.LeadingZeros64(v|255)
	s := int(v >> b)
	return (b+1)*latencyHalf + s - latencyHalf
}

// latencyRange is the range of values counted at counter i.
func latencyRange(i int) (low, high uint64) {
	b := i/latencyHalf - 1
	s := uint64(i%latencyHalf + latencyHalf)
	if b < 0 {
		b, s = 0, uint64(i)
	}
	return s << b, (s+1)<<b - 1
}

// latencyRecorder records the inserts of one workload.
type latencyRecorder struct {
	counts []uint64
	total  uint64
	// max is exact; maxIndex is its insert's 0-based index; maxRecorded and minNonZero are the
	// clamped extremes the quantiles are bounded by (as HdrHistogram bounds them).
	max, maxRecorded, minNonZero uint64
	maxIndex                     int64
	// windowMax is the longest insert since the last sample point.
	windowMax uint64
	// growthOpen: a classic growth is in progress; growthMax is its longest insert so far.
	growthOpen bool
	growthMax  uint64
	// last is the last insert's latency.
	last uint64
	// window rows: the sample point and its window's longest insert.
	windows []latencyWindow
	// gcPauses: the GC pause histogram (gcPauseMetric) at the baseline.
	gcPauses []metrics.Sample
	gcBase   []uint64
}

type latencyWindow struct {
	keys  int64
	value uint64
}

func newLatencyRecorder(points int) *latencyRecorder {
	r := &latencyRecorder{
		counts:     make([]uint64, latencyCounters),
		minNonZero: math.MaxUint64,
		maxIndex:   -1,
		windows:    make([]latencyWindow, 0, points),
		gcPauses:   []metrics.Sample{{Name: gcPauseMetric()}},
	}
	return r
}

// startGCPauses reads the GC pause histogram at the baseline.
func (r *latencyRecorder) startGCPauses() {
	metrics.Read(r.gcPauses)
	if r.gcPauses[0].Value.Kind() == metrics.KindFloat64Histogram {
		r.gcBase = append([]uint64(nil), r.gcPauses[0].Value.Float64Histogram().Counts...)
	}
}

// record counts one insert of ns nanoseconds; index is its 0-based position.
func (r *latencyRecorder) record(ns uint64, index int64) {
	v := min(ns, latencyHighest)
	r.counts[latencyIndex(v)]++
	r.total++
	r.maxRecorded = max(r.maxRecorded, v)
	if v != 0 && v < r.minNonZero {
		r.minNonZero = v
	}
	r.last = ns
	if ns > r.windowMax {
		r.windowMax = ns
	}
	if ns > r.max || r.maxIndex < 0 {
		r.max, r.maxIndex = ns, index
	}
	if r.growthOpen && ns > r.growthMax {
		r.growthMax = ns
	}
}

// window closes the sample window ending at keys (not for the first sample point).
func (r *latencyRecorder) window(keys int64, first bool) {
	if !first {
		r.windows = append(r.windows, latencyWindow{keys, r.windowMax})
	}
	r.windowMax = 0
}

// growthStarted: a growth started in the insert just recorded; its figure starts with it.
func (r *latencyRecorder) growthStarted() {
	r.growthOpen, r.growthMax = true, r.last
}

// growthFinished: the growth ended in the last write; its figure is the longest insert since it
// started (deletes are not timed).
func (r *latencyRecorder) growthFinished() uint64 {
	r.growthOpen = false
	return r.growthMax
}

// quantile is HdrHistogram's valueAtPercentile: the highest value of the bucket the rank falls
// in, bounded by the recorded extremes.
func (r *latencyRecorder) quantile(q float64) uint64 {
	if r.total == 0 {
		return 0
	}
	lowest := r.minNonZero
	if r.counts[0] > 0 {
		lowest = 0
	}
	percentile := q * 100
	if percentile >= 100 {
		return r.maxRecorded
	}
	requested := min(max(math.Nextafter(percentile, math.Inf(-1)), 0), 100)
	rank := max(1, uint64(math.Ceil(requested*float64(r.total)/100)))
	var seen uint64
	for i, c := range r.counts {
		seen += c
		if seen >= rank {
			_, high := latencyRange(i)
			return max(min(high, r.maxRecorded), lowest)
		}
	}
	return 0
}

// latencyQuantiles are the reported quantiles and their names.
var latencyQuantiles = []struct {
	q    float64
	name string
}{{0.5, "p50"}, {0.9, "p90"}, {0.99, "p99"}, {0.999, "p99.9"}, {0.9999, "p99.99"}}

// latency.csv's columns and schema id are in columns_gen.go (Sources/columns.json).

func utoa(v uint64) string { return strconv.FormatUint(v, 10) }

// rows are latency.csv's rows: stats, buckets, windows, GC pauses.
func (r *latencyRecorder) rows(workload string) [][]string {
	row := func(kind, name, keys, value, low, high, count string) []string {
		return []string{latencySchema, workload, kind, name, keys, value, low, high, count}
	}
	out := [][]string{row("stat", "inserts", "", "", "", "", utoa(r.total))}
	for _, q := range latencyQuantiles {
		out = append(out, row("stat", q.name, "", utoa(r.quantile(q.q)), "", "", ""))
	}
	maxKeys := ""
	if r.maxIndex >= 0 {
		maxKeys = itoa(r.maxIndex)
	}
	out = append(out, row("stat", "max", maxKeys, utoa(r.max), "", "", ""))
	for i, c := range r.counts {
		if c > 0 {
			low, high := latencyRange(i)
			out = append(out, row("bucket", "", "", "", utoa(low), utoa(high), utoa(c)))
		}
	}
	for _, w := range r.windows {
		out = append(out, row("window", "", itoa(w.keys), utoa(w.value), "", "", ""))
	}
	metrics.Read(r.gcPauses)
	if r.gcPauses[0].Value.Kind() == metrics.KindFloat64Histogram {
		h := r.gcPauses[0].Value.Float64Histogram()
		for i, c := range h.Counts {
			if i < len(r.gcBase) {
				c -= r.gcBase[i]
			}
			if c > 0 {
				out = append(out, row("gc-pause", "", "", "", utoa(secondsToNs(h.Buckets[i])),
					utoa(secondsToNs(h.Buckets[i+1])), utoa(c)))
			}
		}
	}
	return out
}

// secondsToNs is a bucket boundary in whole nanoseconds, rounded down (infinities clamped).
func secondsToNs(s float64) uint64 {
	switch {
	case s <= 0 || math.IsNaN(s):
		return 0
	case s >= float64(math.MaxInt64)/1e9:
		return math.MaxInt64
	}
	return uint64(math.Floor(s * 1e9))
}

// gcPauseMetric is the runtime/metrics histogram of GC pauses: /sched/pauses/total/gc:seconds from
// Go 1.22; Go 1.21 has only its predecessor, /gc/pauses:seconds (the same stop-the-world pauses).
func gcPauseMetric() string {
	for _, d := range metrics.All() {
		if d.Name == "/sched/pauses/total/gc:seconds" {
			return d.Name
		}
	}
	return "/gc/pauses:seconds"
}
