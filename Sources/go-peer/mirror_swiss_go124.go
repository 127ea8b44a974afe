//go:build (go1.24 && !go1.26 && goexperiment.swissmap) || (go1.26 && !go1.27)

package main

import "unsafe"

// mapType mirrors internal/abi.SwissMapType of Go 1.24 and 1.25 and MapType of Go 1.26.
type mapType struct {
	abiType
	key, elem, group *abiType
	hasher           unsafe.Pointer
	groupSize        uintptr
	slotSize         uintptr
	elemOff          uintptr
	flags            uint32
}

// mapTypeFields are the runtime's names of mapType's mirrored fields.
var mapTypeFields = []string{"Type", "Key", "Elem", "Group", "Hasher", "GroupSize", "SlotSize", "ElemOff", "Flags"}
