package main

import (
	"strings"
	"testing"
)

func testSpec(key, value string, hint, n int, every int) *Spec {
	s := &Spec{Protocol: specProtocol, Workload: "t", Impl: "go", Key: key, Value: value, Sizing: "unsized",
		Hint: hint, Ops: "insert", Keys: n}
	for at := 0; at < n; at += every {
		s.SampleAt = append(s.SampleAt, at)
	}
	s.SampleAt = append(s.SampleAt, n)
	return s
}

func runSpec(t *testing.T, s *Spec) outcome {
	t.Helper()
	if err := s.validate(); err != nil {
		t.Fatal(err)
	}
	return dispatch(s, false)
}

// What a sample derives instead of walking equals the walk, at every sample (classic map with
// pointers in the bucket: fresh overflow buckets from the allocation counts).
func TestDerivationsMatchWalks(t *testing.T) {
	verifyDerivations = true
	defer func() { verifyDerivations = false }()
	for _, value := range []string{"bool", "empty"} {
		for _, hint := range []int{0, 300_000} {
			out := runSpec(t, testSpec("string", value, hint, 300_000, 1000))
			if n := derivationMismatches(out.obs); n != 0 {
				t.Errorf("string/%s hint %d: %d samples derived other figures than the walk", value, hint, n)
			}
		}
	}
}

// Growth counts do not depend on where samples are taken (the Swiss ones are derived from the
// directory at samples): one map, one observer reading it after every insert, one only at the
// end. And every growth has its row.
func TestGrowthCountsIndependentOfSampling(t *testing.T) {
	for _, hint := range []int{0, 5, 1000} {
		// No plan: the test takes the samples, with no heap read (a growth's samples read it).
		spec := testSpec("int64", "bool", hint, 60_000, 60_000)
		spec.SampleAt = nil
		m := make(map[int64]bool, hint)
		every, sparse := newSampler(spec, false), newSampler(spec, false)
		every.watch(m)
		sparse.watch(m)
		sample := func(s *sampler) {
			row := curveRow{keys: s.inserts, st: s.obs.read(nil, true)}
			s.obs.afterSample(&row, &s.growth)
		}
		for i := uint64(0); i < uint64(60_000); i++ {
			m[keyInt64(i)] = true
			every.inserted(0)
			sample(every)
		}
		sparse.inserts = every.inserts
		sample(sparse)
		if !isSwiss {
			sparse = every // the classic growths are read from the header after every insert
		}
		if a, b := every.obs.counts(), sparse.obs.counts(); a != b {
			t.Errorf("hint %d: growths %+v sampled at every insert, %+v sampled at the end", hint, a, b)
		}
		for _, s := range []*sampler{every, sparse} {
			if n, rows := s.obs.counts().total(), growthsInRows(t, s.growth); rows != n {
				t.Errorf("hint %d: growth rows stand for %d growths, not %d", hint, rows, n)
			}
		}
		if isSwiss && hint == 0 && every.obs.counts().tableSplit == 0 {
			t.Errorf("hint %d: no table splits at 60,000 keys: the aggregation is not tested", hint)
		}
		if isSwiss {
			// Sampled at every insert, each insert shows at most one rehash (a grow, or a split
			// with the directory doubling it needed).
			perInsert := map[int64]int{}
			for _, row := range every.growth {
				if row.kind != "directory-grow" {
					perInsert[row.keysAtStart]++
				}
				if !strings.HasSuffix(row.detail, ";observed_at_sample=1") {
					t.Errorf("Swiss growth row without observed_at_sample: %+v", row)
				}
			}
			for at, n := range perInsert {
				if n > 1 {
					t.Errorf("hint %d: %d rehashes derived at insert %d", hint, n, at)
				}
			}
		} else if st := every.obs.read(nil, true); hint == 0 && every.obs.counts().doubling != st.b {
			t.Errorf("unsized: %d doublings to B = %d", every.obs.counts().doubling, st.b)
		}
	}
}

// Looking up changes no figure of the map: its bytes and structure read the same before and after
// every live key is looked up (string keys: keyString allocates garbage), in the same map (Go seeds
// each map's hash at random, so two runs may differ in overflow buckets or tables). A key that is
// not there, or has another value, is a miss.
func TestLookupsChangeNoMapFigure(t *testing.T) {
	for _, n := range []int{5, 3000, 60_000} {
		spec := testSpec("string", "bool", 0, n, n)
		m := make(map[string]bool)
		s := newSampler(spec, false)
		s.obs = newObserver(m, false)
		for i := uint64(0); i < uint64(n); i++ {
			m[keyString(i)] = true
		}
		before := s.obs.read(nil, true)
		ns, missed := lookUp(m, keyString, equalTo(true), n, 0, uint64(n))
		if after := s.obs.read(nil, true); after != before || missed || !(ns > 0) {
			t.Errorf("%d keys: %+v before the lookups, %+v after; missed %v, %v ns per lookup", n, before, after,
				missed, ns)
		}
		if _, missed := lookUp(m, keyString, equalTo(true), 1, uint64(n), 1); !missed {
			t.Errorf("%d keys: key %d, never inserted, was found", n, n)
		}
		if _, missed := lookUp(m, keyString, equalTo(false), 1, 0, uint64(n)); !missed {
			t.Errorf("%d keys: key 0 found with the value false, which it does not have", n)
		}
	}
}

// growthsInRows checks that each row's index follows the growths of the rows before it and returns
// how many growths the rows stand for (a row of n table splits stands for n).
func growthsInRows(t *testing.T, rows []growthRow) int64 {
	t.Helper()
	next := int64(1)
	for _, row := range rows {
		if row.index != next {
			t.Errorf("growth row %+v: index %d, expected %d", row, row.index, next)
		}
		n := max(1, row.growths)
		if n > 1 && !strings.HasPrefix(row.detail, "splits="+itoa(n)+";") {
			t.Errorf("growth row %+v stands for %d growths but its detail does not say splits=%d", row, n, n)
		}
		next += n
	}
	return next - 1
}

// Issue 24: the table splits one sample sees share one row per depth (count, bytes summed); with the
// spec's every_split each has its own row. Same growths, same bytes either way.
func TestSplitsShareARowPerSampleUnlessEverySplit(t *testing.T) {
	if !isSwiss {
		t.Skip("classic maps do not split")
	}
	run := func(everySplit bool) []growthRow {
		spec := testSpec("int64", "bool", 0, 200_000, 50_000)
		spec.EverySplit = everySplit
		m := make(map[int64]bool)
		s := newSampler(spec, false)
		s.obs = newObserver(m, everySplit)
		for i := uint64(0); i < 200_000; i++ {
			m[keyInt64(i)] = true
			s.inserts++
			if s.inserts%40_000 == 0 { // five samples
				row := curveRow{keys: s.inserts, st: s.obs.read(nil, true)}
				s.obs.afterSample(&row, &s.growth)
			}
		}
		return s.growth
	}
	aggregated, each := run(false), run(true)
	sum := func(rows []growthRow) (splits, rowsOfSplits, allocated int64) {
		for _, row := range rows {
			if row.kind == "table-split" {
				splits += max(1, row.growths)
				rowsOfSplits++
				allocated += row.bytesAllocated
			}
		}
		return
	}
	s1, r1, b1 := sum(aggregated)
	s2, r2, b2 := sum(each)
	if s1 != s2 || b1 != b2 || s1 < 100 {
		t.Errorf("aggregated: %d splits, %d bytes; one row each: %d splits, %d bytes", s1, b1, s2, b2)
	}
	if r2 != s2 || r1 > 5*2 {
		t.Errorf("%d rows for %d splits one each; %d rows aggregated over 5 samples", r2, s2, r1)
	}
	growthsInRows(t, aggregated)
	growthsInRows(t, each)
}
