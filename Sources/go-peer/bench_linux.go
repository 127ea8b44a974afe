package main

import (
	"syscall"
	"unsafe"
)

// benchClockName names the clock benchClock reads.
const benchClockName = "thread-cpu"

// benchClock is the calling thread's CPU time in nanoseconds (CLOCK_THREAD_CPUTIME_ID).
func benchClock() int64 {
	const clockThreadCPUTimeID = 3
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID,
		uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		panic("go-peer bench: clock_gettime: " + errno.Error())
	}
	return ts.Nano()
}
