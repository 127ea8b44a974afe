package main

import "testing"

// The sampler's rows are reserved before the baseline: a workload never outgrows them, so their
// storage is never counted as what the Go heap holds (a Swiss map writes a growth row per table
// split, 16,404 at 10M keys, once beyond a fixed reservation of 72).
func TestRowsStayWithinTheirReservation(t *testing.T) {
	for _, hint := range []int{0, 300_000} {
		spec := testSpec("int64", "bool", hint, 300_000, 3_000)
		s := newSampler(spec, false)
		curveCap, growthCap := cap(s.curve), cap(s.growth)
		out := runSpec(t, spec)
		grown := out.obs.counts().total()
		if isSwiss && hint == 0 && grown <= 72 {
			t.Errorf("hint 0: %d growths; the test needs more than a fixed reservation of 72", grown)
		}
		if grown > int64(growthCap) {
			t.Errorf("hint %d: %d growth rows, %d reserved", hint, grown, growthCap)
		}
		if rows := len(spec.SampleAt) + 2*int(grown); !isSwiss && rows > curveCap {
			t.Errorf("hint %d: up to %d curve rows, %d reserved", hint, rows, curveCap)
		}
	}
}
