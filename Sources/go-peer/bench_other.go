//go:build !linux

package main

// benchClockName names the clock benchClock reads.
const benchClockName = "wall"

// benchClock is the monotonic clock in nanoseconds: no thread CPU clock without cgo here.
func benchClock() int64 { return nanotime() }
