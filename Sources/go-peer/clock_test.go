package main

import (
	"testing"
	"time"
)

// The calibrated clock agrees with the monotonic clock over an interval (within 1 %).
func TestCalibratedClockAgreesWithMonotonic(t *testing.T) {
	c := calibratedClock()
	t0, n0 := c.now(), nanotime()
	time.Sleep(50 * time.Millisecond)
	t1, n1 := c.now(), nanotime()
	got, want := float64(c.nanoseconds(t1-t0)), float64(n1-n0)
	if got < want*0.99 || got > want*1.01 {
		t.Errorf("calibrated clock: %.0f ns for %.0f ns of CLOCK_MONOTONIC (cycle counter %v)", got, want, c.cycles)
	}
}

func BenchmarkClockRead(b *testing.B) {
	c := calibratedClock()
	for i := 0; i < b.N; i++ {
		_ = c.now()
	}
}

func BenchmarkNanotime(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = nanotime()
	}
}
