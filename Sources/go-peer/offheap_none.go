//go:build !(linux && (amd64 || arm64))

package main

import "unsafe"

// No memory outside the Go heap on this platform (offheap_mmap.go): the Swiss observer walks
// every table at every sample.

func mapOffHeap(uintptr) unsafe.Pointer { return nil }

func unmapOffHeap(unsafe.Pointer, uintptr) {}
