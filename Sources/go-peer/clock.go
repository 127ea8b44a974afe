package main

import (
	"math"
	"math/bits"
	"time"
)

// insertClock times inserts: the cycle counter (RDTSC on amd64) with its tick length calibrated
// against the runtime's monotonic clock, as the Swift side does (InsertLatency/InsertClock.swift);
// the monotonic clock itself (runtime.nanotime) when there is no counter or the calibration does
// not hold. A counter read costs a fraction of a vDSO clock_gettime.
type insertClock struct {
	cycles bool
	// nsPerTickQ32 is nanoseconds per tick in 32.32 fixed point.
	nsPerTickQ32 uint64
}

// calibratedClock measures the counter's rate over two intervals of 10 ms; when they differ by more
// than 0.1 % three times in a row, it falls back to the monotonic clock.
func calibratedClock() insertClock {
	if !haveCycleCounter {
		return insertClock{}
	}
	for i := 0; i < 3; i++ {
		a, b := ticksPerNanosecond(10*time.Millisecond), ticksPerNanosecond(10*time.Millisecond)
		if a <= 0 || b <= 0 || math.Abs(a-b)/a > 1e-3 {
			continue
		}
		return insertClock{cycles: true, nsPerTickQ32: uint64(math.Round(2 / (a + b) * (1 << 32)))}
	}
	return insertClock{}
}

// ticksPerNanosecond is counter ticks per nanosecond of the monotonic clock over about d; each
// end is the tightest of five (counter, clock, counter) brackets.
func ticksPerNanosecond(d time.Duration) float64 {
	pair := func() (ticks, ns float64) {
		width := uint64(math.MaxUint64)
		for i := 0; i < 5; i++ {
			before := cputicks()
			clock := nanotime()
			after := cputicks()
			if after-before < width {
				width, ticks, ns = after-before, float64(before)/2+float64(after)/2, float64(clock)
			}
		}
		return ticks, ns
	}
	t0, n0 := pair()
	time.Sleep(d)
	t1, n1 := pair()
	if t1 <= t0 || n1 <= n0 {
		return 0
	}
	return (t1 - t0) / (n1 - n0)
}

// now reads the clock in its own ticks.
func (c insertClock) now() uint64 {
	if c.cycles {
		return cputicks()
	}
	return uint64(nanotime())
}

// nanoseconds turns an interval of ticks into nanoseconds.
func (c insertClock) nanoseconds(ticks uint64) uint64 {
	if !c.cycles {
		return ticks
	}
	hi, lo := bits.Mul64(ticks, c.nsPerTickQ32)
	return hi<<32 | lo>>32
}
