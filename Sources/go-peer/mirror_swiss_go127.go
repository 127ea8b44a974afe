//go:build go1.27

package main

import "unsafe"

// mapType mirrors internal/abi.MapType of Go 1.27: the key and element offsets and strides of
// both group layouts (interleaved, and GOEXPERIMENT=mapsplitgroup) replace SlotSize.
type mapType struct {
	abiType
	key, elem, group                                  *abiType
	hasher                                            unsafe.Pointer
	groupSize                                         uintptr
	keysOff, keyStride, elemsOff, elemStride, elemOff uintptr
	flags                                             uint32
}

// mapTypeFields are the runtime's names of mapType's mirrored fields.
var mapTypeFields = []string{"Type", "Key", "Elem", "Group", "Hasher", "GroupSize", "KeysOff", "KeyStride", "ElemsOff",
	"ElemStride", "ElemOff", "Flags"}
