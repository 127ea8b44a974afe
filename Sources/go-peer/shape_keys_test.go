package main

import (
	"encoding/json"
	"os"
	"reflect"
	"strconv"
	"testing"
	"unsafe"
)

// The shape recipe (shape_keys.go, the SHAPES contract). Until Tests/Vectors/keys.json has its
// "shapes" section, the expected leaves are derived by hand from the contract, in the comments.

// shapeLeaves makes key i of type t and renders its leaves as the vectors do: integers in decimal,
// bools true/false, floats as the integer they hold, strings raw, pointers "ptr".
func shapeLeaves(t *testing.T, typ reflect.Type, i uint64) []string {
	t.Helper()
	plan, err := newKeyPlan(typ)
	if err != nil {
		t.Fatalf("%s: %v", typ, err)
	}
	key := reflect.New(typ)
	plan.fill(i, key.UnsafePointer())
	var out []string
	for _, l := range plan.leaves {
		at := unsafe.Add(key.UnsafePointer(), l.off)
		v := reflect.NewAt(kindType[l.goKind], at).Elem()
		switch l.goKind {
		case reflect.Bool:
			out = append(out, strconv.FormatBool(v.Bool()))
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			out = append(out, strconv.FormatInt(v.Int(), 10))
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			out = append(out, strconv.FormatUint(v.Uint(), 10))
		case reflect.Float32, reflect.Float64:
			out = append(out, strconv.FormatFloat(v.Float(), 'f', -1, 64))
		case reflect.String:
			out = append(out, v.String())
		case reflect.Pointer, reflect.UnsafePointer:
			if *(*unsafe.Pointer)(at) == nil {
				out = append(out, "nil")
			} else {
				out = append(out, "ptr")
			}
		}
	}
	return out
}

var kindType = map[reflect.Kind]reflect.Type{
	reflect.Bool: typeFor[bool](), reflect.Int: typeFor[int](), reflect.Int8: typeFor[int8](),
	reflect.Int16: typeFor[int16](), reflect.Int32: typeFor[int32](),
	reflect.Int64: typeFor[int64](), reflect.Uint: typeFor[uint](),
	reflect.Uint8: typeFor[uint8](), reflect.Uint16: typeFor[uint16](),
	reflect.Uint32: typeFor[uint32](), reflect.Uint64: typeFor[uint64](),
	reflect.Uintptr: typeFor[uintptr](), reflect.Float32: typeFor[float32](),
	reflect.Float64: typeFor[float64](), reflect.String: typeFor[string](),
	reflect.Pointer: typeFor[unsafe.Pointer](), reflect.UnsafePointer: typeFor[unsafe.Pointer](),
}

func TestShapeRecipeByHand(t *testing.T) {
	int64Vectors := readKeyVectors(t, "int64")
	cases := []struct {
		typ  reflect.Type
		i    uint64
		want []string
	}{
		// [2]uint8, i = 258 = 1*256 + 2: leaf 0 gets 2, leaf 1 gets 1.
		{typeFor[[2]uint8](), 258, []string{"2", "1"}},
		// int8, i = 200: the low 8 bits of 200, two's complement: 200 - 256 = -56.
		{typeFor[int8](), 200, []string{"-56"}},
		// uint16, i = 65535: 65535.
		{typeFor[uint16](), 65535, []string{"65535"}},
		// struct{a bool; b int16; c string}, i = 393229: a: 393229 mod 2 = 1 (true), i = 196614;
		// b: 196614 mod 65536 = 6, i = 3; c: the string recipe of 3.
		{typeFor[struct {
			a bool
			b int16
			c string
		}](), 393229, []string{"true", "6", "key-0000003"}},
		// struct{x int64; y uint8}, i = 3: x takes all of i (radix 2^64): the int64 recipe of 3,
		// -2691343697317192356 (keys.json); y gets digit 0.
		{typeFor[struct {
			x int64
			y uint8
		}](), 3, []string{int64Vectors[3], "0"}},
		// struct{y uint8; x int64}, i = 3*256 + 7: y = 7, x = the int64 recipe of 3.
		{typeFor[struct {
			y uint8
			x int64
		}](), 3*256 + 7, []string{"7", int64Vectors[3]}},
		// complex128, i = 2^53 + 7: real = 7 (radix 2^53), imaginary = 1.
		{typeFor[complex128](), 1<<53 + 7, []string{"7", "1"}},
		// complex64, i = 2^24*5 + 9: real 9, imaginary 5.
		{typeFor[complex64](), 5<<24 + 9, []string{"9", "5"}},
		// [2]bool, i = 2: leaf 0 = 0 (false), leaf 1 = 1 (true).
		{typeFor[[2]bool](), 2, []string{"false", "true"}},
		// struct{s struct{}; u uint32; z [0]int64}: zero-size fields have no leaf; u = i.
		{typeFor[struct {
			s struct{}
			u uint32
			z [0]int64
		}](), 4_000_000_000, []string{"4000000000"}},
		// [2]string, i = 12: leaf 0 takes all (radix 2^64): "key-0000012"; leaf 1 the string of 0.
		{typeFor[[2]string](), 12, []string{"key-0000012", "key-0000000"}},
		// struct{p *int64; n uint8}, i = 9: the pointer takes all (unbounded); n gets 0.
		{typeFor[struct {
			p *int64
			n uint8
		}](), 9, []string{"ptr", "0"}},
		// uint64 as a whole key: the int64 recipe's bits, printed unsigned: i = 0 gives 0.
		{typeFor[uint64](), 0, []string{"0"}},
	}
	for _, c := range cases {
		got := shapeLeaves(t, c.typ, c.i)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s key %d: leaves %q, want %q", c.typ, c.i, got, c.want)
		}
	}
	// int64 as a leaf equals the int64 recipe for every vector.
	for i, want := range int64Vectors {
		if got := shapeLeaves(t, typeFor[struct{ a int64 }](), i); got[0] != want {
			t.Errorf("struct{a int64} key %d = %s, want the int64 recipe's %s", i, got[0], want)
		}
	}
}

func TestShapeRecipeCapacity(t *testing.T) {
	cases := []struct {
		typ  reflect.Type
		want uint64 // 0: unbounded
	}{
		{typeFor[bool](), 2},
		{typeFor[int8](), 256},
		{typeFor[struct{}](), 1},
		{typeFor[[3]bool](), 8},
		{typeFor[float32](), 1 << 24},
		{typeFor[[2]float32](), 1 << 48},
		{typeFor[[7]uint8](), 1 << 56},
		{typeFor[[8]uint8](), 0}, // 2^64: any index
		{typeFor[struct {
			a int16
			b float64
		}](), 0}, // 2^16 * 2^53 = 2^69
		{typeFor[*int](), 0},
		{typeFor[string](), 0},
	}
	for _, c := range cases {
		plan, err := newKeyPlan(c.typ)
		if err != nil {
			t.Fatalf("%s: %v", c.typ, err)
		}
		if plan.capacity != c.want {
			t.Errorf("%s: capacity %d, want %d", c.typ, plan.capacity, c.want)
		}
	}
	for _, typ := range []reflect.Type{typeFor[any](), typeFor[error](),
		typeFor[chan int](), typeFor[*struct{}](), typeFor[struct{ e any }]()} {
		if _, err := newKeyPlan(typ); err == nil {
			t.Errorf("%s: has a recipe, want a refusal", typ)
		}
	}
}

// Distinct indexes make distinct keys: every key of a [3]uint8 (2^24 of them, sampled), and pointer
// keys point to distinct objects.
func TestShapeRecipeDistinct(t *testing.T) {
	plan, _ := newKeyPlan(typeFor[struct {
		a uint8
		b [2]int8
		f float32
	}]())
	seen := map[[8]byte]uint64{}
	for i := uint64(0); i < 1<<20; i += 7 {
		var k [8]byte
		plan.fill(i, unsafe.Pointer(&k))
		if j, dup := seen[k]; dup {
			t.Fatalf("keys %d and %d are equal", j, i)
		}
		seen[k] = i
	}
	ptrs, _ := newKeyPlan(typeFor[*[3]int64]())
	objects := map[*[3]int64]bool{}
	for i := uint64(0); i < 1000; i++ {
		var k *[3]int64
		ptrs.fill(i, unsafe.Pointer(&k))
		if k == nil || objects[k] || *k != [3]int64{} {
			t.Fatalf("pointer key %d: nil, reused or not a zero object", i)
		}
		objects[k] = true
	}
}

// readKeyVectors reads the keys of one recipe from Tests/Vectors/keys.json, by index.
func readKeyVectors(t *testing.T, recipe string) map[uint64]string {
	t.Helper()
	data, err := os.ReadFile("../../Tests/Vectors/keys.json")
	if err != nil {
		t.Fatal(err)
	}
	var vectors map[string]json.RawMessage
	var list []struct {
		I   uint64 `json:"i"`
		Key string `json:"key"`
	}
	if err := json.Unmarshal(data, &vectors); err != nil || json.Unmarshal(vectors[recipe], &list) != nil {
		t.Fatalf("keys.json: no %s vectors", recipe)
	}
	out := map[uint64]string{}
	for _, v := range list {
		out[v.I] = v.Key
	}
	if _, ok := out[3]; !ok {
		t.Fatalf("keys.json: no %s vector for i = 3", recipe)
	}
	return out
}

// The shared vectors' "shapes" section, when present (written by the Swift side's helper): every
// vector of a type this test knows (vectorTypes) gives the same leaves.
func TestShapeVectors(t *testing.T) {
	data, err := os.ReadFile("../../Tests/Vectors/keys.json")
	if err != nil {
		t.Fatal(err)
	}
	var vectors map[string]json.RawMessage
	if err := json.Unmarshal(data, &vectors); err != nil {
		t.Fatal(err)
	}
	raw, ok := vectors["shapes"]
	if !ok {
		t.Skip("keys.json has no shapes section yet: TestShapeRecipeByHand checks the recipe")
	}
	var list []struct {
		Type   string   `json:"type"`
		I      uint64   `json:"i"`
		Leaves []string `json:"leaves"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatalf("keys.json shapes: %v", err)
	}
	checked := 0
	var unknown []string
	for _, v := range list {
		typ, ok := vectorTypes[v.Type]
		if !ok {
			unknown = append(unknown, v.Type)
			continue
		}
		checked++
		if got := shapeLeaves(t, typ, v.I); !reflect.DeepEqual(got, v.Leaves) {
			t.Errorf("%s key %d: leaves %q, keys.json says %q", v.Type, v.I, got, v.Leaves)
		}
	}
	if checked == 0 {
		t.Errorf("keys.json shapes: none of its %d vectors is of a type in vectorTypes (%q)", len(list), unknown)
	}
	if len(unknown) > 0 {
		t.Logf("keys.json shapes: %d vectors of types not compiled into this test: %q", len(unknown), unknown)
	}
}

// vectorTypes are the canonical type expressions this test has compiled in, for the vectors.
var vectorTypes = map[string]reflect.Type{
	"bool": typeFor[bool](), "int8": typeFor[int8](), "uint8": typeFor[uint8](),
	"int16": typeFor[int16](), "uint16": typeFor[uint16](), "int32": typeFor[int32](),
	"uint32": typeFor[uint32](), "uint64": typeFor[uint64](), "int": typeFor[int](),
	"uint": typeFor[uint](), "uintptr": typeFor[uintptr](),
	"float32": typeFor[float32](), "float64": typeFor[float64](),
	"complex64": typeFor[complex64](), "complex128": typeFor[complex128](),
	"[16]uint8": typeFor[[16]uint8](), "[2]uint8": typeFor[[2]uint8](),
	"[4]bool": typeFor[[4]bool](), "[129]uint8": typeFor[[129]uint8](),
	"[128]uint8": typeFor[[128]uint8](), "*int64": typeFor[*int64](),
	"unsafe.Pointer": typeFor[unsafe.Pointer](),
	"struct{a int8; b int64}": typeFor[struct {
		a int8
		b int64
	}](),
	"struct{a int8; b int64; c int16}": typeFor[struct {
		a int8
		b int64
		c int16
	}](),
	"struct{id int64; name string}": typeFor[struct {
		id   int64
		name string
	}](),
	"struct{id int64; name string; active bool}": typeFor[struct {
		id     int64
		name   string
		active bool
	}](),
	"struct{a bool; b int16; c string}": typeFor[struct {
		a bool
		b int16
		c string
	}](),
	"struct{x uint32; y uint32}": typeFor[struct{ x, y uint32 }](),
}
