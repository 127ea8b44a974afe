package main

import "reflect"

// mirrorCheck names one runtime struct the peer mirrors: where the toolchain declares it and which
// runtime field each mirror field stands for. mirror_test.go parses the declaration from the
// toolchain's own sources (GOROOT/src), lays it out by gc's rules for amd64 and compares every
// field's offset and size with the mirror's: a mismatch is one line naming the field.
type mirrorCheck struct {
	// mirror is the peer's struct.
	mirror reflect.Type
	// files are where the release may declare it, relative to GOROOT/src: the first that declares
	// one of names as a struct is used (the file and the name moved between releases).
	files []string
	// names are the runtime type's names (e.g. OldMapType in 1.24 and 1.25, MapType before).
	names []string
	// fields are the runtime's fields, one per mirror field in order; "a.b" is field b of the
	// struct in field a (the mirror flattens it).
	fields []string
}

// abiTypeCheck: internal/abi.Type, the same fields in every release.
var abiTypeCheck = mirrorCheck{
	mirror: reflect.TypeOf(abiType{}),
	files:  []string{"internal/abi/type.go"},
	names:  []string{"Type"},
	fields: []string{"Size_", "PtrBytes", "Hash", "TFlag", "Align_", "FieldAlign_", "Kind_", "Equal", "GCData",
		"Str", "PtrToThis"},
}

// reflectTypeOf is reflect.TypeOf, for mirror_test.go's own structs.
func reflectTypeOf(v any) reflect.Type { return reflect.TypeOf(v) }
