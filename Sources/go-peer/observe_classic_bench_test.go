//go:build !go1.24

package main

import "testing"

// What a sample during growth costs to count the old array's chains: the walk done at every sample
// before (walk) and the kept chains' update (kept), on a string-keyed map (pointers in the bucket)
// just after its growth from B=17 to 18 started (131,072 old buckets).
func BenchmarkOldGenerationRead(b *testing.B) {
	m := map[string]bool{}
	o := newObserver(m, false)
	i := uint64(0)
	for o.h.oldbuckets == nil || o.h.b != 18 {
		m[keyString(i)] = true
		i++
	}
	for n := 0; n < 1000; n++ {
		m[keyString(i)] = true
		i++
	}
	if o.h.oldbuckets == nil || o.h.b != 18 {
		b.Fatalf("not growing to B=18 (B=%d)", o.h.b)
	}
	old, oldB, from := o.h.oldbuckets, o.oldB(), int(o.h.nevacuate)
	walkInUse, walkFresh := o.walkChains(old, oldB, from)
	if !o.keepChains(old, oldB, from) || o.chains.buckets == nil {
		b.Skip("no memory outside the heap here")
	}
	if inUse, fresh := o.updateChains(from); inUse != walkInUse || fresh != walkFresh {
		b.Fatalf("kept %d/%d, walked %d/%d", inUse, fresh, walkInUse, walkFresh)
	}
	b.Run("walk", func(b *testing.B) {
		for n := 0; n < b.N; n++ {
			o.walkChains(old, oldB, from)
		}
	})
	b.Run("kept", func(b *testing.B) {
		for n := 0; n < b.N; n++ {
			o.updateChains(from)
		}
	})
	sink = m
}
