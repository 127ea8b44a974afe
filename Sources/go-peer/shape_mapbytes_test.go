package main

import (
	"runtime"
	"testing"
	"unsafe"
)

// The walk's map bytes equal the live heap's for maps of other shapes (TestMapBytesMatchLiveHeap's
// check): padding, arrays, keys and values stored apart (over 128 bytes) and exactly 128 bytes
// inline, pointer, string and interface values, small integer keys, pointer keys (their objects are
// made with the keys, before the baseline: key data, not map bytes). Small integer keys:
// TestSmallKeyMapsMatchLiveHeap.

type (
	paddedKey struct {
		a int8
		b int64
		c int16
	}
	session struct {
		id     int64
		name   string
		active bool
	}
	pointee struct{ a, b int64 }
)

func TestShapeMapBytesMatchLiveHeap(t *testing.T) {
	liveHeap()
	runtime.KeepAlive(fill([]int{1, 2, 3}, true, 0))
	liveHeap()
	// 55,000 unsized is in the middle of a classic growth (B 13 to 14 starts at 53,249 entries).
	counts := []int{50_000, 55_000, 100_000}
	checkShape[paddedKey, struct{}](t, "padded/empty", counts)
	checkShape[[16]byte, struct{}](t, "[16]byte/empty", counts)
	checkShape[[129]byte, bool](t, "[129]byte/bool", counts)
	checkShape[int32, [200]byte](t, "int32/[200]byte", counts)
	checkShape[[128]byte, bool](t, "[128]byte/bool", counts)
	checkShape[uint32, [128]byte](t, "uint32/[128]byte", counts)
	checkShape[uint64, *session](t, "uint64/*session", counts)
	checkShape[uint32, string](t, "uint32/string", counts)
	checkShape[uint64, any](t, "uint64/any", counts)
	checkShape[*pointee, bool](t, "*pointee/bool", counts)
	checkShape[session, [200]byte](t, "session/[200]byte", counts)
}

// checkShape makes n keys of K by the shape recipe, then checks map[K]V's walk against the heap,
// unsized and presized.
func checkShape[K comparable, V any](t *testing.T, name string, counts []int) {
	t.Helper()
	plan, err := newKeyPlan(typeFor[K]())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, n := range counts {
		keys := make([]K, n)
		for i := range keys {
			plan.fill(uint64(i), unsafe.Pointer(&keys[i]))
		}
		for _, hint := range []int{0, n} {
			var zero V
			checkMapBytes(t, name, n, hint, func() any { return fill(keys, zero, hint) })
		}
		runtime.KeepAlive(keys)
	}
}

// The blocks stored apart are counted: a 129-byte key's map holds one 144-byte block per entry
// beyond what a 128-byte key's map of the same entries holds in its buckets or groups.
func TestIndirectBlocksPerEntry(t *testing.T) {
	m := map[[129]byte][200]byte{}
	key := [129]byte{}
	for i := 0; i < 10; i++ {
		key[0] = byte(i)
		m[key] = [200]byte{}
	}
	o := newObserver(m, false)
	// 129 bytes: class 144; 200 bytes: class 208 (pointer-free, no malloc header).
	if o.indirect != 144+208 {
		t.Errorf("indirect bytes per entry = %d, want 352", o.indirect)
	}
	inline := newObserver(map[[128]byte][128]byte{}, false)
	if inline.indirect != 0 {
		t.Errorf("128-byte key and value: %d indirect bytes per entry, want 0 (stored inline)", inline.indirect)
	}
}

// Small maps, many at once: the readings around one map differ by up to a few KB of the test's
// own (seen as ~700 bytes in most rows of TestShapeMapBytesMatchLiveHeap, whatever the map's size),
// as much as an int8 map. 100 maps of int8 keys (all 256) and 10 of uint16 keys (all 65,536) are
// within 1% of the live heap, unsized and presized: a block of 64 bytes more or less per map would
// not be.
func TestSmallKeyMapsMatchLiveHeap(t *testing.T) {
	liveHeap()
	runtime.KeepAlive(fill([]int{1, 2, 3}, true, 0))
	liveHeap()
	checkMany[int8, int64](t, "int8/int64", 256, 100)
	checkMany[uint16, struct{}](t, "uint16/empty", 65_536, 10)
}

func checkMany[K comparable, V any](t *testing.T, name string, n, copies int) {
	t.Helper()
	plan, err := newKeyPlan(typeFor[K]())
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]K, n)
	for i := range keys {
		plan.fill(uint64(i), unsafe.Pointer(&keys[i]))
	}
	for _, hint := range []int{0, n} {
		maps := make([]map[K]V, copies)
		var zero V
		before := liveHeap()
		for j := range maps {
			maps[j] = fill(keys, zero, hint)
		}
		live := liveHeap() - before
		var walk int64
		for _, m := range maps {
			walk += newObserver(m, false).read(nil, true).mapBytes
		}
		t.Logf("%-12s n=%-6d hint=%-6d x%d walk=%d live=%d", name, n, hint, copies, walk, live)
		if d := float64(live-walk) / float64(walk); d > 0.01 || d < -0.01 {
			t.Errorf("%s x%d hint=%d: walk says %d bytes, the live heap holds %d", name, copies, hint, walk, live)
		}
		runtime.KeepAlive(maps)
	}
	runtime.KeepAlive(keys)
}
