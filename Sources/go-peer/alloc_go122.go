//go:build go1.22

package main

// mallocHeaders: from Go 1.22 a small object with pointers above 512 bytes carries an 8-byte
// header (runtime/mbitmap_allocheaders.go in 1.22, runtime/mbitmap.go in 1.23 and 1.24,
// internal/runtime/gc/malloc.go from 1.25). docs/versions.md.
const mallocHeaders = true
