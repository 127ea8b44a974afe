//go:build !go1.24

package main

import "unsafe"

// hmap mirrors runtime.hmap of Go 1.21 to 1.23 (48 bytes; runtime/map.go).
type hmap struct {
	count      int
	flags      uint8
	b          uint8
	noverflow  uint16
	hash0      uint32
	buckets    unsafe.Pointer
	oldbuckets unsafe.Pointer
	nevacuate  uintptr
	extra      *mapextra
}

// hmapSize is hmap's size: Go allocates it for every map.
const hmapSize = 48

// hmapFields are the runtime's names of hmap's mirrored fields.
var hmapFields = []string{"count", "flags", "B", "noverflow", "hash0", "buckets", "oldbuckets", "nevacuate", "extra"}
