package main

import "time"

// The lookups after the operations: timed as a whole, checked, and not sampled.

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
