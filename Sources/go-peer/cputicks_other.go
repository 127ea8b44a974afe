//go:build !amd64

package main

// cputicks falls back to the monotonic clock where no cycle counter is read.
func cputicks() uint64 { return uint64(nanotime()) }

// haveCycleCounter: not on this architecture.
const haveCycleCounter = false
