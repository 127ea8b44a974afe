//go:build !go1.24 || (!go1.26 && !goexperiment.swissmap)

package main

import (
	"reflect"
	"unsafe"
)

// mapextra mirrors runtime.mapextra (24 bytes, every release with the classic map): for buckets
// without pointers, every overflow bucket handed out is also kept in the overflow (current) or
// oldoverflow (old generation) slice.
type mapextra struct {
	overflow     *[]unsafe.Pointer
	oldoverflow  *[]unsafe.Pointer
	nextOverflow unsafe.Pointer
}

// mapType mirrors internal/abi.MapType (1.21 to 1.23; OldMapType in 1.24 and 1.25: the same fields).
type mapType struct {
	abiType
	key, elem, bucket *abiType
	hasher            unsafe.Pointer
	keySize           uint8
	valueSize         uint8
	bucketSize        uint16
	flags             uint32
}

const (
	mapextraSize    = 24
	sliceHeaderSize = 24
	// flagSameSizeGrow is hmap.flags' sameSizeGrow bit.
	flagSameSizeGrow = 8
	// mapIndirectKey and mapIndirectElem are MapType.flags' indirect key and indirect elem bits.
	mapIndirectKey, mapIndirectElem = 1, 2
)

// mirrorChecks are the classic map's mirrors, checked field by field by mirror_test.go.
var mirrorChecks = []mirrorCheck{
	abiTypeCheck,
	{reflect.TypeOf(hmap{}), []string{"runtime/map.go", "runtime/map_noswiss.go"}, []string{"hmap"}, hmapFields},
	{reflect.TypeOf(mapextra{}), []string{"runtime/map.go", "runtime/map_noswiss.go"}, []string{"mapextra"},
		[]string{"overflow", "oldoverflow", "nextOverflow"}},
	{reflect.TypeOf(mapType{}), []string{"internal/abi/map_noswiss.go", "internal/abi/type.go"},
		[]string{"OldMapType", "MapType"},
		[]string{"Type", "Key", "Elem", "Bucket", "Hasher", "KeySize", "ValueSize", "BucketSize", "Flags"}},
}

func init() {
	if unsafe.Sizeof(hmap{}) != hmapSize || unsafe.Sizeof(mapextra{}) != mapextraSize ||
		unsafe.Sizeof(abiType{}) != 48 {
		panic("go-peer: the classic map mirrors have the wrong size")
	}
}
