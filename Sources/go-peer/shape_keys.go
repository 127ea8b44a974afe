package main

// The shape recipe (SHAPES contract, PROTOCOL.md "Key recipes"): the i-th key of any comparable
// key type other than int64 and string, which keep their own recipes.
//
//   - Leaves: a depth-first walk of the key type: struct fields in order, array elements in index
//     order, complex64/complex128 two leaves (real, imaginary) of float32/float64. Zero-size types
//     have no leaf.
//   - Radix of a leaf: bool 2; 8-, 16-, 32-bit integers 2^8, 2^16, 2^32; 64-bit integers (int64,
//     uint64, int, uint, uintptr) 2^64; float32 2^24; float64 2^53; string 2^64; pointers unbounded.
//   - i is written least-significant digit first: leaf 0 gets i mod r0, then i = i / r0, and so on.
//     A leaf of radix 2^64 or unbounded takes all of what remains (the later leaves get digit 0).
//   - A leaf's value from its digit d: bool d == 1; 8/16/32-bit integers the low bits of d; 64-bit
//     integers the int64 recipe of d; floats the float of d; string the string recipe of d; a
//     pointer a new zero object of the pointee (unsafe.Pointer: a new 8-byte object).
//   - Capacity: the product of the radices, unbounded with a leaf that takes all.
//
// The plan is read from the type once (reflect); a key is then made by writing each leaf at its
// offset, without reflect (except for a pointer leaf's new object).

import (
	"fmt"
	"math/bits"
	"reflect"
	"unsafe"
)

// leafKind is how a leaf is written.
type leafKind uint8

const (
	leafBool leafKind = iota
	leafBits8
	leafBits16
	leafBits32
	leafInt64
	leafFloat32
	leafFloat64
	leafString
	leafPointer
)

// leaf is one leaf of a key: its offset in the key, kind, radix (0: takes all that remains) and,
// for a pointer, the pointee's type.
type leaf struct {
	off  uintptr
	kind leafKind
	// radix is 2^bits (every radix is a power of two), or 0 when the leaf takes all that remains.
	radix uint64
	bits  uint8
	elem  reflect.Type
	// goKind is the leaf's Go kind (a complex's part: its float kind), for tests that print leaves.
	goKind reflect.Kind
}

// keyPlan is a key type's recipe.
type keyPlan struct {
	leaves []leaf
	// zeroFrom[j]: leaves j... all write zero bits for digit 0 (no string, no pointer), so a key can
	// stop at the first such leaf once the index is used up.
	zeroFrom []bool
	// capacity is the number of distinct keys, or 0 when unbounded (2^64 or more); 1 for a key
	// without leaves.
	capacity uint64
	// pointers: some leaf is a pointer (keys are then made before the run).
	pointers bool
}

// typeFor is reflect.TypeFor (Go 1.22), written so that the peer builds with Go 1.21 too.
func typeFor[T any]() reflect.Type { return reflect.TypeOf((*T)(nil)).Elem() }

// newKeyPlan reads the recipe of key type t, or says why t has none.
func newKeyPlan(t reflect.Type) (*keyPlan, error) {
	p := &keyPlan{capacity: 1}
	if err := p.walk(t, 0); err != nil {
		return nil, err
	}
	p.zeroFrom = make([]bool, len(p.leaves)+1)
	p.zeroFrom[len(p.leaves)] = true
	for j := len(p.leaves) - 1; j >= 0; j-- {
		k := p.leaves[j].kind
		p.zeroFrom[j] = p.zeroFrom[j+1] && k != leafString && k != leafPointer
	}
	return p, nil
}

func (p *keyPlan) add(off uintptr, kind leafKind, radixLog uint, elem reflect.Type, goKind reflect.Kind) {
	var radix uint64
	if radixLog < 64 {
		radix = 1 << radixLog
	}
	p.leaves = append(p.leaves, leaf{off: off, kind: kind, radix: radix, bits: uint8(radixLog), elem: elem,
		goKind: goKind})
	if p.capacity == 0 || radix == 0 {
		p.capacity = 0
		return
	}
	if hi, lo := bits.Mul64(p.capacity, radix); hi != 0 {
		p.capacity = 0 // 2^64 keys or more: any index fits
	} else {
		p.capacity = lo
	}
}

// walk adds the leaves of type t at offset off.
func (p *keyPlan) walk(t reflect.Type, off uintptr) error {
	if t.Size() == 0 {
		return nil
	}
	switch t.Kind() {
	case reflect.Bool:
		p.add(off, leafBool, 1, nil, t.Kind())
	case reflect.Int8, reflect.Uint8:
		p.add(off, leafBits8, 8, nil, t.Kind())
	case reflect.Int16, reflect.Uint16:
		p.add(off, leafBits16, 16, nil, t.Kind())
	case reflect.Int32, reflect.Uint32:
		p.add(off, leafBits32, 32, nil, t.Kind())
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64, reflect.Uintptr:
		if t.Size() != 8 {
			return fmt.Errorf("%s is not 64 bits here", t)
		}
		p.add(off, leafInt64, 64, nil, t.Kind())
	case reflect.Float32:
		p.add(off, leafFloat32, 24, nil, t.Kind())
	case reflect.Float64:
		p.add(off, leafFloat64, 53, nil, t.Kind())
	case reflect.Complex64:
		p.add(off, leafFloat32, 24, nil, reflect.Float32)
		p.add(off+4, leafFloat32, 24, nil, reflect.Float32)
	case reflect.Complex128:
		p.add(off, leafFloat64, 53, nil, reflect.Float64)
		p.add(off+8, leafFloat64, 53, nil, reflect.Float64)
	case reflect.String:
		p.add(off, leafString, 64, nil, t.Kind())
	case reflect.Pointer, reflect.UnsafePointer:
		elem := typeFor[uint64]()
		if t.Kind() == reflect.Pointer {
			elem = t.Elem()
		}
		if elem.Size() == 0 {
			return fmt.Errorf("a pointer to the zero-size %s has no distinct objects to point to (Go may give "+
				"them all one address)", elem)
		}
		p.add(off, leafPointer, 64, elem, t.Kind())
		p.pointers = true
	case reflect.Array:
		e := t.Elem()
		for i := 0; i < t.Len(); i++ {
			if err := p.walk(e, off+uintptr(i)*e.Size()); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if err := p.walk(f.Type, off+f.Offset); err != nil {
				return err
			}
		}
	case reflect.Interface:
		return fmt.Errorf("an interface key's hash depends on its dynamic type, which the models cannot " +
			"reproduce; use a concrete type")
	case reflect.Chan:
		return fmt.Errorf("a channel key's hash is its identity, which the models cannot reproduce; " +
			"use another type")
	default:
		return fmt.Errorf("%s keys are not comparable in Go", t.Kind())
	}
	return nil
}

// fill writes key i at k, which holds a zero key.
func (p *keyPlan) fill(i uint64, k unsafe.Pointer) {
	for j := range p.leaves {
		if i == 0 && p.zeroFrom[j] {
			return
		}
		l := &p.leaves[j]
		d := i
		if l.radix == 0 {
			i = 0
		} else {
			d, i = i&(l.radix-1), i>>l.bits
		}
		at := unsafe.Add(k, l.off)
		switch l.kind {
		case leafBool:
			*(*bool)(at) = d == 1
		case leafBits8:
			*(*uint8)(at) = uint8(d)
		case leafBits16:
			*(*uint16)(at) = uint16(d)
		case leafBits32:
			*(*uint32)(at) = uint32(d)
		case leafInt64:
			*(*int64)(at) = keyInt64(d)
		case leafFloat32:
			*(*float32)(at) = float32(d)
		case leafFloat64:
			*(*float64)(at) = float64(d)
		case leafString:
			*(*string)(at) = keyString(d)
		case leafPointer:
			*(*unsafe.Pointer)(at) = reflect.New(l.elem).UnsafePointer()
		}
	}
}
