//go:build go1.26 || (go1.24 && goexperiment.swissmap)

package main

import (
	"reflect"
	"unsafe"
)

// swissMap mirrors internal/runtime/maps.Map (48 bytes in every release; tombstonePossible exists
// from 1.25, in what was padding in 1.24, where the mirror reads it as false).
type swissMap struct {
	used              uint64
	seed              uintptr
	dirPtr            unsafe.Pointer
	dirLen            int
	globalDepth       uint8
	globalShift       uint8
	writing           uint8
	tombstonePossible bool
	clearSeq          uint64
}

// swissTable mirrors internal/runtime/maps.table (32 bytes).
type swissTable struct {
	used       uint16
	capacity   uint16
	growthLeft uint16
	localDepth uint8
	index      int
	groups     unsafe.Pointer
	lengthMask uint64
}

const (
	swissMapSize   = 48
	swissTableSize = 32
	// maxTableCapacity is the largest table; a full one splits.
	maxTableCapacity = 1024
	maxTableLog      = 10
	// mapIndirectKey and mapIndirectElem are MapType.flags' indirect key and indirect elem bits.
	mapIndirectKey, mapIndirectElem = 4, 8
)

// mirrorChecks are the Swiss map's mirrors, checked field by field by mirror_test.go.
var mirrorChecks = []mirrorCheck{
	abiTypeCheck,
	{reflect.TypeOf(swissMap{}), []string{"internal/runtime/maps/map.go"}, []string{"Map"}, swissMapFields},
	{reflect.TypeOf(swissTable{}), []string{"internal/runtime/maps/table.go"}, []string{"table"},
		[]string{"used", "capacity", "growthLeft", "localDepth", "index", "groups.data", "groups.lengthMask"}},
	{reflect.TypeOf(mapType{}), []string{"internal/abi/map.go", "internal/abi/map_swiss.go"},
		[]string{"MapType", "SwissMapType"}, mapTypeFields},
}

func init() {
	if unsafe.Sizeof(swissMap{}) != swissMapSize || unsafe.Sizeof(swissTable{}) != swissTableSize ||
		unsafe.Sizeof(abiType{}) != 48 {
		panic("go-peer: the Swiss map mirrors have the wrong size")
	}
}

// swissMapFields are the runtime's names of swissMap's mirrored fields ("?": absent in some
// releases, tombstonePossible before 1.25; the mirror's field must then lie in padding).
var swissMapFields = []string{"used", "seed", "dirPtr", "dirLen", "globalDepth", "globalShift", "writing",
	"tombstonePossible?", "clearSeq"}
