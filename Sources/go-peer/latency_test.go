package main

import (
	"math/rand"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// The layout is the protocol's formula: every value falls in its counter's range, the ranges
// tile 0...100 s without gaps, and each is at most 1 % of its values wide.
func TestLatencyLayout(t *testing.T) {
	next := uint64(0)
	for i := 0; i < latencyCounters; i++ {
		low, high := latencyRange(i)
		if low != next || high < low {
			t.Fatalf("counter %d: %d...%d after %d", i, low, high, next)
		}
		if latencyIndex(low) != i || latencyIndex(high) != i {
			t.Fatalf("counter %d: its range %d...%d maps to %d, %d", i, low, high, latencyIndex(low),
				latencyIndex(high))
		}
		if high > low && float64(high-low+1)/float64(low) > 0.01 {
			t.Fatalf("counter %d: %d...%d wider than 1 %%", i, low, high)
		}
		next = high + 1
	}
	if latencyIndex(latencyHighest) >= latencyCounters {
		t.Fatalf("100 s has no counter")
	}
	// Worked values: b = 56 - clz64(v | 255), s = v >> b, index (b + 1) * 128 + s - 128.
	for v, want := range map[uint64]int{0: 0, 255: 255, 256: 256, 257: 256, 1000: 506, 1 << 20: 1792} {
		if got := latencyIndex(v); got != want {
			t.Errorf("index of %d = %d, want %d", v, got, want)
		}
	}
}

// Quantiles are the highest value of the bucket the rank falls in, so within 1 % above the exact
// quantile; the counts add up to the inserts; the max is exact.
func TestLatencyQuantiles(t *testing.T) {
	r := newLatencyRecorder(0)
	values := make([]uint64, 100_000)
	rng := rand.New(rand.NewSource(1))
	for i := range values {
		values[i] = uint64(rng.ExpFloat64() * 300)
		r.record(values[i], int64(i))
	}
	values[777] = 123_456_789
	r.record(values[777], 100_000)
	sorted := append([]uint64(nil), values...)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a] < sorted[b] })
	for _, q := range latencyQuantiles {
		exact := sorted[int(q.q*float64(len(sorted)))-1]
		got := r.quantile(q.q)
		if got < exact || float64(got) > float64(exact)*1.01+1 {
			t.Errorf("%s = %d, exact %d", q.name, got, exact)
		}
	}
	if r.max != 123_456_789 || r.maxIndex != 100_000 {
		t.Errorf("max %d at %d", r.max, r.maxIndex)
	}
	var sum uint64
	for _, c := range r.counts {
		sum += c
	}
	if sum != r.total || r.total != 100_001 {
		t.Errorf("counts add up to %d of %d", sum, r.total)
	}
}

// A slow insert inside a growth is that growth's figure; one outside is not.
func TestLatencyGrowthFigure(t *testing.T) {
	r := newLatencyRecorder(0)
	r.record(5_000_000, 0) // before the growth
	r.record(40, 1)
	r.growthStarted() // started in insert 1
	r.record(900_000, 2)
	r.record(30, 3)
	if got := r.growthFinished(); got != 900_000 {
		t.Errorf("growth figure %d, want 900000", got)
	}
	r.record(50, 4)
	r.growthStarted() // started and finished in insert 4
	if got := r.growthFinished(); got != 50 {
		t.Errorf("one-insert growth figure %d, want 50", got)
	}
}

// With latency, a run writes latency.csv (stats in order, buckets adding up to the inserts, a
// window per sample point after the first) and fills the latency columns.
func TestRunWritesLatency(t *testing.T) {
	spec := goodSpec()
	spec["latency"] = true
	dir := t.TempDir()
	if code := run([]string{"--spec", writeSpec(t, spec), "--result-dir", dir}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	rows := readCSV(t, filepath.Join(dir, "latency.csv"))
	var names []string
	var buckets, windows uint64
	for _, r := range rows[1:] {
		switch r[2] {
		case "stat":
			names = append(names, r[3])
		case "bucket":
			c, _ := strconv.ParseUint(r[8], 10, 64)
			buckets += c
		case "window":
			windows++
		}
	}
	if got := filepath.Join(names...); got != filepath.Join("inserts", "p50", "p90", "p99", "p99.9", "p99.99", "max") {
		t.Errorf("stats %v", names)
	}
	if buckets != 6000 || windows != 6 {
		t.Errorf("bucket counts add up to %d (6000 inserts), %d windows (6)", buckets, windows)
	}
	summary := readCSV(t, filepath.Join(dir, "summary.csv"))
	column := func(name string) string {
		for i, header := range summary[0] {
			if header == name {
				return summary[1][i]
			}
		}
		return ""
	}
	if p99, max := column("insert_p99_ns"), column("insert_max_ns"); p99 == "" || max == "" {
		t.Errorf("latency columns empty: %q %q", p99, max)
	}
}
