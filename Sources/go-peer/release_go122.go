//go:build go1.22

package main

// mallocHeaders: from Go 1.22 a small object with pointers above 512 bytes carries an 8-byte
// header (runtime/mbitmap_allocheaders.go in 1.22, runtime/mbitmap.go in 1.23 and 1.24,
// internal/runtime/gc/malloc.go from 1.25). docs/versions.md.
const mallocHeaders = true

// loadFactorNum is runtime/map.go's loadFactorNum over loadFactorDen = 2 (see release_go121.go):
// from Go 1.22 on 2*8*13/16 = 13, a load factor of 6.5, in the classic map of every later release
// that has one. TestDoublingStartsWhereForeseen checks it against the runtime.
const loadFactorNum = 13
