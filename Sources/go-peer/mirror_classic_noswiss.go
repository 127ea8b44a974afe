//go:build go1.24 && !go1.26 && !goexperiment.swissmap

package main

import "unsafe"

// hmap mirrors runtime.hmap of Go 1.24 and 1.25 with GOEXPERIMENT=noswissmap (56 bytes;
// runtime/map_noswiss.go): clearSeq was added before extra.
type hmap struct {
	count      int
	flags      uint8
	b          uint8
	noverflow  uint16
	hash0      uint32
	buckets    unsafe.Pointer
	oldbuckets unsafe.Pointer
	nevacuate  uintptr
	clearSeq   uint64
	extra      *mapextra
}

// hmapSize is hmap's size: Go allocates it for every map (in a 64-byte size class).
const hmapSize = 56

// hmapFields are the runtime's names of hmap's mirrored fields.
var hmapFields = []string{"count", "flags", "B", "noverflow", "hash0", "buckets", "oldbuckets", "nevacuate",
	"clearSeq", "extra"}
