package main

// Maps of any key and value type ("shapes", issue 19). The spec names the map's types as canonical
// Go type expressions ("key_type", "value_type"; PROTOCOL.md). The peer has today's combinations
// compiled in (compiledIn); for any other shape mapheap builds a program of its own: these sources
// plus a generated file, shape_gen.go, that declares
//
//	type shapeKey = <key_type>
//	type shapeValue = <value_type>
//
// and sets shapeProgram (the generated file is written by MapHeapRun's GoShapePeer.swift;
// shapeSource there is its text). Keys are made by the shape recipe (keyPlan, shape_keys.go),
// values are the zero value of the value type.

import (
	"fmt"
	"reflect"
	"unsafe"
)

// shapeBuild is what the generated file of a shape program declares: the types it was built for
// and the measurement of map[shapeKey]shapeValue.
type shapeBuild struct {
	keyType, valueType string
	run                func(s *Spec, progress bool) outcome
	// plan checks that the key type has a recipe and enough keys for the spec, before anything runs.
	plan func(s *Spec) error
}

// shapeProgram is set by the generated shape_gen.go of a program built for one shape; nil in the
// peer built from these sources alone.
var shapeProgram *shapeBuild

// compiledIn reports whether the peer built from these sources alone measures the shape: today's
// keys (int64, string; string-long is a string) with today's values (bool, struct{}, int64).
func compiledIn(keyType, valueType string) bool {
	return (keyType == "int64" || keyType == "string") &&
		(valueType == "bool" || valueType == "struct{}" || valueType == "int64")
}

// aliasTypes are the canonical types of the key and value aliases, for a spec written without
// key_type and value_type (a parent from before issue 19).
var aliasTypes = map[string]string{
	"int64": "int64", "string": "string", "string-long": "string", "bool": "bool", "empty": "struct{}",
}

// matchShape refuses a shape this program does not measure: one that is neither compiled in nor the
// shape this program was built for, or whose key type has no recipe or too few keys.
func (s *Spec) matchShape() error {
	if compiledIn(s.KeyType, s.ValueType) {
		return nil
	}
	if shapeProgram == nil {
		return refuse("map[%s]%s: this peer measures only map[int64 or string](bool, struct{} or int64); "+
			"mapheap builds a peer for any other shape (GoShapePeer.swift)", s.KeyType, s.ValueType)
	}
	if shapeProgram.keyType != s.KeyType || shapeProgram.valueType != s.ValueType {
		return refuse("spec asks for map[%s]%s but this peer was built for map[%s]%s",
			s.KeyType, s.ValueType, shapeProgram.keyType, shapeProgram.valueType)
	}
	return shapeProgram.plan(s)
}

// dispatchCompiledIn runs a compiled-in shape: the key by its recipe (key), the value by its type.
func dispatchCompiledIn(s *Spec, progress bool) outcome {
	switch {
	case s.KeyType == "int64":
		return withValue(s, keyInt64, progress)
	case s.Key == "string-long":
		return withValue(s, keyStringLong, progress)
	default:
		return withValue(s, keyString, progress)
	}
}

// planShape is shapeBuild.plan for map[K]V: K's recipe exists and has room for the spec's keys.
func planShape[K comparable](s *Spec) error {
	plan, err := newKeyPlan(typeFor[K]())
	if err != nil {
		return refuse("key_type %s: %v", s.KeyType, err)
	}
	if n := uint64(s.highestKey()); plan.capacity != 0 && n > plan.capacity {
		return refuse("keys: %d keys of type %s, which has only %d distinct keys by the recipe; use fewer keys",
			n, s.KeyType, plan.capacity)
	}
	return nil
}

// runShape is shapeBuild.run for map[K]V: keys by shapeKeys, the zero V as the value.
func runShape[K comparable, V any](s *Spec, progress bool) outcome {
	var zero V
	return measure(s, shapeKeys[K](s), zero, nil, progress)
}

// shapeKeys is the key maker of a shape program: the i-th key by the shape recipe, or, for a string
// key named string-long, by the string-long recipe (the contract keeps the int64, string and
// string-long recipes; the shape recipe of int64 and string is theirs already). Keys holding
// pointers are made here, before the run (the pointed-to objects are key data, allocated before the
// baseline, and each key must stay the same object for its delete and lookups); other keys are made
// as the loop goes, as the compiled-in recipes are.
func shapeKeys[K comparable](s *Spec) func(uint64) K {
	plan, err := newKeyPlan(typeFor[K]())
	if err != nil {
		panic("unreachable: the shape was planned: " + err.Error())
	}
	if s.Key == "string-long" && typeFor[K]() == typeFor[string]() {
		return func(i uint64) K {
			var k K
			*(*string)(unsafe.Pointer(&k)) = keyStringLong(i)
			return k
		}
	}
	keyOf := func(i uint64) K {
		var k K
		plan.fill(i, unsafe.Pointer(&k))
		return k
	}
	if !plan.pointers {
		return keyOf
	}
	keys := make([]K, s.highestKey())
	for i := range keys {
		keys[i] = keyOf(uint64(i))
	}
	return func(i uint64) K { return keys[i] }
}

// isZeroValue reports whether v is its type's zero value (reflect: field by field, padding aside).
// A shape's value may be of a type == does not compare (a slice, a map), so lookUp checks a shape's
// values with it, after the timed loop.
func isZeroValue[V any](v V) bool {
	return reflect.ValueOf(&v).Elem().IsZero()
}

// newShapeBuild is what the generated file calls: the shape program for map[K]V.
func newShapeBuild[K comparable, V any](keyType, valueType string) *shapeBuild {
	if keyType == "" || valueType == "" {
		panic(fmt.Sprintf("go-peer: a shape program names its types (%q, %q)", keyType, valueType))
	}
	return &shapeBuild{keyType: keyType, valueType: valueType, run: runShape[K, V], plan: planShape[K]}
}
