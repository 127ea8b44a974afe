package main

// cputicks reads the time-stamp counter (cputicks_amd64.s).
func cputicks() uint64

// haveCycleCounter: amd64 has one.
const haveCycleCounter = true
