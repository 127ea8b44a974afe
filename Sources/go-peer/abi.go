package main

import "unsafe"

// abiType mirrors internal/abi.Type, identical in Go 1.23 and Go 1.27 (48 bytes on 64-bit).
type abiType struct {
	size       uintptr
	ptrBytes   uintptr
	hash       uint32
	tflag      uint8
	align      uint8
	fieldAlign uint8
	kind       uint8
	equal      unsafe.Pointer
	gcData     unsafe.Pointer
	str        int32
	ptrToThis  int32
}

// eface mirrors an empty interface: the dynamic type and the data word. A map is pointer-shaped,
// so the data word of an `any` holding a map is the map's runtime header.
type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

func efaceOf(v *any) *eface { return (*eface)(unsafe.Pointer(v)) }

// word reads the pointer-sized word at p+off.
func word(p unsafe.Pointer, off uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Add(p, off))
}
