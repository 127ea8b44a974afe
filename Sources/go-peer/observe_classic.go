//go:build !go1.24 || (!go1.26 && !goexperiment.swissmap)

package main

// The classic map (Go 1.21 to 1.23; Go 1.24 and 1.25 with GOEXPERIMENT=noswissmap): the peer
// mirrors runtime/map.go's hmap (runtime/map_noswiss.go in 1.24 and 1.25), mapextra and the bucket
// layout, and internal/abi.MapType (OldMapType), and reads them through unsafe. The mirrors are
// per release (mirror_classic_*.go); mirror_test.go checks each field's offset against the
// toolchain's own sources.

import (
	"fmt"
	"os"
	"runtime"
	"unsafe"
)

// observer reads one classic map and watches its header for growths after every write.
type observer struct {
	h          *hmap
	bucketSize int
	// bucketPointers: the bucket type holds pointers (then no overflow slices are kept).
	bucketPointers bool
	// What the header showed after the last write.
	lastBuckets, lastOld unsafe.Pointer
	lastB                uint8
	growths              growthCounts
	// bucketBytes is the footprint of one bucket allocated on its own.
	bucketBytes int64
	// Buckets with pointers: the bucket's size class in MemStats.BySize (-1 if not listed), and
	// the last anchor: the array walked, its fresh overflow buckets, the class's mallocs then.
	classIndex    int
	anchorBuckets unsafe.Pointer
	anchorFresh   int64
	anchorMallocs uint64
	// walkEverySample turns the derivations off (after a mismatch); noMallocs turns off only the one
	// from allocation counts (blocks stored apart share the bucket's size class); verify walks at
	// every sample and counts mismatches (tests).
	walkEverySample, noMallocs, verify bool
	mismatches                         int
	// indirect is the bytes of the blocks stored apart per entry (shape_indirect.go).
	indirect int64
	// chains is the old generation's chains while growing, with pointers in the bucket
	// (oldChains); oldWalks counts the walks of an old array, currentWalks those of a current array
	// of 16 buckets or more, which has preallocated overflow buckets (tests).
	chains                 oldChains
	oldWalks, currentWalks int
	// growAt is the count after which the next insert of a new key starts a doubling (with pointers
	// in the bucket, not growing; -1 otherwise, and once the array is walked for it); preparedWrite is
	// the write after which prepareGrowth walked the array (-1 when it has not). preparedUsed counts
	// growths that started on the walk prepareGrowth did (tests).
	growAt        int
	preparedWrite int64
	preparedUsed  int
}

func newObserver(m any, _ bool) *observer {
	e := efaceOf(&m)
	t := (*mapType)(e.typ)
	o := &observer{
		h: (*hmap)(e.data), bucketSize: int(t.bucketSize), bucketPointers: t.bucket.ptrBytes != 0,
		indirect: indirectBytesPerEntry(t.key, t.elem, t.flags&mapIndirectKey != 0, t.flags&mapIndirectElem != 0),
	}
	o.lastBuckets, o.lastOld, o.lastB = o.h.buckets, o.h.oldbuckets, o.h.b
	o.preparedWrite = -1
	o.foresee()
	o.bucketBytes = int64(footprint(o.bucketSize, o.bucketPointers))
	o.classIndex = bySizeIndex(int(o.bucketBytes))
	o.verify = verifyDerivations
	// Blocks stored apart in the bucket's size class would count as overflow buckets in the derivation.
	if o.indirect != 0 && (footprint(int(t.key.size), t.key.ptrBytes != 0) == int(o.bucketBytes) ||
		footprint(int(t.elem.size), t.elem.ptrBytes != 0) == int(o.bucketBytes)) {
		o.noMallocs = true
	}
	return o
}

// arrayBuckets is how many buckets makeBucketArray allocates for b: 2^b, and from b = 4 on
// 2^(b-4) preallocated overflow buckets more, plus what the allocator's rounding leaves room for.
func (o *observer) arrayBuckets(b uint8) int {
	n := 1 << b
	if b >= 4 {
		n += 1 << (b - 4)
		size := o.bucketSize * n
		if up := roundupsize(size, o.bucketPointers); up != size {
			n = up / o.bucketSize
		}
	}
	return n
}

// generation is one bucket array and its overflow buckets.
type generation struct {
	bytes    int64
	overflow int64 // overflow buckets linked into chains
}

// readGeneration counts the array at buckets (2^b primary buckets) and its overflow buckets.
// Without pointers in the bucket, the overflow slice lists every overflow bucket handed out:
// preallocated ones first (the array's spare buckets, nextOverflow), then fresh objects, so the
// fresh ones are those beyond the array's spares. With pointers there is no slice: the chains of
// primary buckets from..2^b are walked (an evacuated old bucket's chain is cleared, so it is not
// counted: it is garbage).
func (o *observer) readGeneration(buckets unsafe.Pointer, b uint8, list *[]unsafe.Pointer, from int) generation {
	nb := o.arrayBuckets(b)
	g := generation{bytes: int64(footprint(nb*o.bucketSize, o.bucketPointers))}
	if !o.bucketPointers {
		if list != nil {
			n := len(*list)
			g.overflow = int64(n)
			fresh := max(0, n-(nb-(1<<b)))
			g.bytes += int64(footprint(sliceHeaderSize, true)+footprint(cap(*list)*8, true)) +
				int64(fresh)*o.bucketBytes
		}
		return g
	}
	inUse, fresh := o.walkChains(buckets, b, from)
	g.overflow = inUse
	g.bytes += fresh * o.bucketBytes
	return g
}

// walkChains follows the overflow chain of every primary bucket from..2^b of the array at
// buckets: overflow buckets in use, and those of them that are objects of their own (outside
// the array, not preallocated).
func (o *observer) walkChains(buckets unsafe.Pointer, b uint8, from int) (inUse, fresh int64) {
	size := o.bucketSize
	lo := uintptr(buckets)
	hi := lo + uintptr(o.arrayBuckets(b)*size)
	link := uintptr(size) - 8
	for i := from; i < 1<<b; i++ {
		for ovf := word(buckets, uintptr(i*size)+link); ovf != nil; ovf = word(ovf, link) {
			inUse++
			fresh += outside(ovf, lo, hi)
		}
	}
	return inUse, fresh
}

// oldChains is the old generation's non-empty chains (with pointers in the bucket), walked once
// per growth instead of at every sample: a walk of 2^(B-1) chains costs a pass over the whole
// old array (1M buckets at 10M keys), and a sample during growth took up to 22.6 % of the
// measured time. While the map grows, an old bucket's chain never changes until the bucket is
// evacuated: writes first evacuate the old bucket they hash to (growWork), then write to the new
// array; evacuation clears the primary bucket's overflow link (memclrHasPointers from dataOffset)
// and nevacuate passes it. So the walk's result at a later sample is the kept chains whose bucket
// is at or above nevacuate and whose primary link is still set: a read of one word per kept
// chain, no chain followed. The entries live outside the Go heap (mapOffHeap), one uint64 each:
// bucket << 32 | in use << 16 | fresh, in bucket order; as many words again hold the walk's
// first links (keepChains).
type oldChains struct {
	// buckets is the old array the entries are of; nil when none are kept.
	buckets      unsafe.Pointer
	entries      unsafe.Pointer
	room, n      int
	inUse, fresh int64
}

// list is the kept entries.
func (c *oldChains) list() []uint64 { return unsafe.Slice((*uint64)(c.entries), c.room)[:c.n] }

// firstLinks is the scratch words after the entries: the first overflow bucket of each kept chain,
// as an address. A pointer store would go through the GC's write barrier whenever a GC cycle is
// marking, as it usually was when the walk ran at a growth's start (the new array starts one):
// storing pointers made the first pass cost about 2.5 times as much there (82 to 103 ms against 33
// to 35 ms over a 10M string-key workload's growths, Go 1.23.9, measured 2026-12-07). The addresses
// are read back in the same walk, with no write to the map between: the buckets are still linked,
// so still live.
func (c *oldChains) firstLinks() []uintptr {
	return unsafe.Slice((*uintptr)(unsafe.Add(c.entries, uintptr(c.room)*8)), c.room)
}

// keepChains walks the array at buckets (2^b primary buckets: the old array, or the current one
// just before its growth starts, prepareGrowth) from bucket from, sets the totals and keeps its
// chains; false, with nothing walked, when there is no memory outside the heap. When a figure
// does not fit an entry the totals are set but nothing is kept (the next sample walks again).
//
// The walk is the cost of a growth's samples: 2^(B-1) primary links read in order, and one
// overflow bucket at a random address per chain (a cache and TLB miss each, 200,000 chains at
// 10M keys). So it runs in two passes: the first reads the primary links in order and keeps the
// non-nil ones; the second reads each first overflow bucket's link, loads that do not depend on
// each other and that the processor overlaps, and follows a chain further only where it goes on
// (rare: a chain of two overflow buckets holds more than 16 entries).
func (o *observer) keepChains(buckets unsafe.Pointer, b uint8, from int) bool {
	c := &o.chains
	c.buckets = nil
	need := 1 << b
	if c.entries == nil || c.room < need {
		if c.entries != nil {
			unmapOffHeap(c.entries, uintptr(c.room)*16)
			c.entries, c.room = nil, 0
		}
		if c.entries = mapOffHeap(uintptr(need) * 16); c.entries == nil {
			return false
		}
		c.room = need
	}
	o.oldWalks++
	entries, first := unsafe.Slice((*uint64)(c.entries), c.room), c.firstLinks()
	size := uintptr(o.bucketSize)
	link := size - 8
	n := 0
	for i := from; i < need; i++ {
		if ovf := word(buckets, uintptr(i)*size+link); ovf != nil {
			entries[n], first[n] = uint64(i), uintptr(ovf)
			n++
		}
	}
	lo := uintptr(buckets)
	hi := lo + uintptr(o.arrayBuckets(b))*size
	c.inUse, c.fresh = 0, 0
	fits := true
	for j := 0; j < n; j++ {
		ovf := *(*unsafe.Pointer)(unsafe.Pointer(&first[j]))
		inUse, fresh := int64(1), outside(ovf, lo, hi)
		for next := word(ovf, link); next != nil; next = word(next, link) {
			inUse++
			fresh += outside(next, lo, hi)
		}
		c.inUse += inUse
		c.fresh += fresh
		fits = fits && inUse <= 0xffff
		entries[j] = entries[j]<<32 | uint64(inUse)<<16 | uint64(fresh)
	}
	if fits {
		c.buckets, c.n = buckets, n
	}
	return true
}

// outside is 1 when p is outside [lo, hi): an overflow bucket that is an object of its own.
func outside(p unsafe.Pointer, lo, hi uintptr) int64 {
	if a := uintptr(p); a < lo || a >= hi {
		return 1
	}
	return 0
}

// updateChains drops the kept chains whose bucket was evacuated since (below from, or its link
// cleared), compacting the list, and returns the totals left. The entries below from are a prefix
// (bucket order) and need no read; each other one is a load of its primary link that does not
// depend on the one before, so the loop keeps no branch on it.
func (o *observer) updateChains(from int) (inUse, fresh int64) {
	c := &o.chains
	list := c.list()
	size := uintptr(o.bucketSize)
	link := size - 8
	lo, hi := 0, len(list)
	for lo < hi {
		if mid := int(uint(lo+hi) >> 1); int(list[mid]>>32) < from {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for _, e := range list[:lo] {
		c.inUse -= int64(e >> 16 & 0xffff)
		c.fresh -= int64(e & 0xffff)
	}
	kept := 0
	for _, e := range list[lo:] {
		gone := isNil(word(c.buckets, uintptr(e>>32)*size+link))
		c.inUse -= gone * int64(e>>16&0xffff)
		c.fresh -= gone * int64(e&0xffff)
		list[kept] = e
		kept += int(1 - gone)
	}
	c.n = kept
	return c.inUse, c.fresh
}

// isNil is 1 when p is nil, else 0.
func isNil(p unsafe.Pointer) int64 {
	if p == nil {
		return 1
	}
	return 0
}

// oldGeneration counts the old array at buckets (2^b primary buckets, with pointers in the
// bucket), its chains from bucket from on: from the kept chains (oldChains), walking only when
// the array is new to them or they cannot be kept. With verify, the walk is done too and a
// difference counted.
func (o *observer) oldGeneration(buckets unsafe.Pointer, b uint8, from int) generation {
	g := generation{bytes: int64(footprint(o.arrayBuckets(b)*o.bucketSize, true))}
	var inUse, fresh int64
	switch {
	case o.chains.buckets == buckets:
		inUse, fresh = o.updateChains(from)
		if o.verify {
			if walkedInUse, walkedFresh := o.walkChains(buckets, b, from); walkedInUse != inUse ||
				walkedFresh != fresh {
				o.mismatches++
			}
		}
	case o.keepChains(buckets, b, from):
		inUse, fresh = o.chains.inUse, o.chains.fresh
	default:
		o.oldWalks++
		inUse, fresh = o.walkChains(buckets, b, from)
	}
	g.overflow = inUse
	g.bytes += fresh * o.bucketBytes
	return g
}

// preallocatedInUse is how many of the current array's spare buckets were handed out: all of
// them once nextOverflow is nil, else those before it.
func (o *observer) preallocatedInUse() int64 {
	h := o.h
	spare := o.arrayBuckets(h.b) - 1<<h.b
	if spare == 0 || h.extra == nil || h.extra.nextOverflow == nil {
		return int64(spare)
	}
	first := uintptr(h.buckets) + uintptr(1<<h.b)*uintptr(o.bucketSize)
	return int64((uintptr(h.extra.nextOverflow) - first) / uintptr(o.bucketSize))
}

// sparesLeft reports whether the current array still has preallocated overflow buckets to hand
// out: nextOverflow points into its spare region. newoverflow allocates an overflow bucket of its
// own (newobject) only when nextOverflow is nil, so until then the array has no fresh overflow
// buckets: exactly, without a walk.
func (o *observer) sparesLeft() bool {
	h := o.h
	if h.extra == nil || h.extra.nextOverflow == nil {
		return false
	}
	first := uintptr(h.buckets) + uintptr(1<<h.b)*uintptr(o.bucketSize)
	end := uintptr(h.buckets) + uintptr(o.arrayBuckets(h.b))*uintptr(o.bucketSize)
	p := uintptr(h.extra.nextOverflow)
	return p >= first && p < end
}

// currentGeneration counts the current array. With pointers in the bucket, a walk of 2^B chains
// costs a pass over the whole array (2M buckets at 10M keys), so the current array is not walked
// at samples. While it has spares left (sparesLeft) it has no fresh overflow buckets; once they
// are handed out, the fresh ones are derived exactly: each is one allocation of the bucket's size
// class (newobject), the current generation never loses one until the next growth, and nothing
// else in the peer allocates in that class; so fresh now = fresh at the anchor + the class's
// mallocs since (runtime.MemStats.BySize, exact because ReadMemStats flushes every P's cache).
// Every sample with spares left is an anchor (fresh 0); an array without spares (B < 4) is walked
// at its first sample. full (the last insert) walks the array when its figure was derived from
// allocations, to check the derivation; a mismatch is reported on stderr and the peer walks at
// every sample from then on.
func (o *observer) currentGeneration(ms *runtime.MemStats, full bool) generation {
	h := o.h
	if !o.bucketPointers {
		var list *[]unsafe.Pointer
		if h.extra != nil {
			list = h.extra.overflow
		}
		return o.readGeneration(h.buckets, h.b, list, 0)
	}
	g := generation{bytes: int64(footprint(o.arrayBuckets(h.b)*o.bucketSize, true))}
	canAnchor := ms != nil && o.classIndex >= 0
	spares := !o.walkEverySample && o.sparesLeft()
	canDerive := !spares && canAnchor && o.anchorBuckets == h.buckets && !o.walkEverySample && !o.noMallocs
	var fresh int64
	if canDerive {
		fresh = o.anchorFresh + int64(ms.BySize[o.classIndex].Mallocs-o.anchorMallocs)
	}
	if (!spares && (!canDerive || full)) || o.verify {
		_, walked := o.walkChains(h.buckets, h.b, 0)
		if h.b >= 4 && !o.verify {
			o.currentWalks++
		}
		if (spares || canDerive) && walked != fresh {
			o.mismatches++
			if !o.verify {
				fmt.Fprintf(os.Stderr, "go-peer: overflow buckets derived (%d) differ from "+
					"the walk (%d); walking at every sample from now on\n", fresh, walked)
				o.walkEverySample = true
			}
		}
		fresh = walked
	}
	if canAnchor {
		o.anchorFresh, o.anchorMallocs, o.anchorBuckets = fresh, ms.BySize[o.classIndex].Mallocs, h.buckets
	}
	g.overflow = o.preallocatedInUse() + fresh
	g.bytes += fresh * o.bucketBytes
	return g
}

// oldB is the old generation's B while growing.
func (o *observer) oldB() uint8 {
	if o.h.flags&flagSameSizeGrow != 0 {
		return o.h.b
	}
	return o.h.b - 1
}

// read reads the map; ms is the sample's MemStats (nil outside a workload: then everything is
// walked); full asks for a walk of the current generation even where it can be derived (a growth's
// start and the last insert).
func (o *observer) read(ms *runtime.MemStats, full bool) structure {
	h := o.h
	st := structure{classic: true, count: int64(h.count), b: int64(h.b), capacity: 8 << h.b,
		growing: h.oldbuckets != nil, mapBytes: int64(footprint(hmapSize, true)) + int64(h.count)*o.indirect}
	if h.extra != nil {
		st.mapBytes += int64(footprint(mapextraSize, true))
	}
	if h.buckets != nil {
		g := o.currentGeneration(ms, full)
		st.mapBytes += g.bytes
		st.overflow += g.overflow
	}
	if h.oldbuckets != nil {
		// Old buckets below nevacuate are evacuated: with pointers their chains are cleared.
		var list *[]unsafe.Pointer
		if h.extra != nil {
			list = h.extra.oldoverflow
		}
		var g generation
		if o.bucketPointers {
			g = o.oldGeneration(h.oldbuckets, o.oldB(), int(h.nevacuate))
		} else {
			g = o.readGeneration(h.oldbuckets, o.oldB(), list, int(h.nevacuate))
		}
		st.oldBytes = g.bytes
		st.mapBytes += g.bytes
		st.overflow += g.overflow
	}
	return st
}

// afterInsert checks the header for a growth that started or ended during the last insert, and
// for the count after which the next insert starts a doubling: three loads and three compares when
// nothing changed. Every growth installs a new bucket array, so a changed buckets pointer is a
// growth started, even one whose evacuation finished within the same insert (an old array of one
// or two buckets: B 0 to 1, 1 to 2).
func (o *observer) afterInsert() bool {
	return o.h.buckets != o.lastBuckets || o.h.oldbuckets != o.lastOld || o.h.count == o.growAt
}

// foresee sets growAt for the map as it is now: with pointers in the bucket, no growth in
// progress and B of 2 or more, the count after which an insert of a new key starts a doubling
// (overLoadFactor: more than 8 entries and more than loadFactorNum * 2^B / 2). From B 0 and 1 the
// growth ends within the insert that starts it, and no old array is read.
func (o *observer) foresee() {
	o.growAt = -1
	if h := o.h; o.bucketPointers && h.oldbuckets == nil && h.b >= 2 {
		o.growAt = max(8, loadFactorNum*((1<<h.b)/2))
	}
}

// prepareGrowth walks the current array's chains and keeps them (keepChains), the sampler having
// been told by changed that the next insert of a new key starts a doubling; write is the write
// just done. When the growth does start on the next write, this array is its old one as walked:
// mapassign decides to grow before it writes anything, so the growth's start takes the kept chains
// and drops those its first evacuations cleared (updateChains) instead of walking the old array
// then. That walk ran just after the new array was allocated, which usually starts a GC cycle, and
// cost about twice what the same walk costs here.
func (o *observer) prepareGrowth(write int64) {
	o.growAt = -1
	if o.keepChains(o.h.buckets, o.h.b, 0) && o.chains.buckets != nil {
		o.preparedWrite = write
	}
}

// afterDelete: a delete does growth work too, so a growth can end during one.
func (o *observer) afterDelete() bool { return o.h.oldbuckets != o.lastOld }

func (o *observer) afterSample(*curveRow, *growthLog) {}

func (o *observer) counts() growthCounts { return o.growths }

// changed reads what the last write did to the growths (afterInsert or afterDelete said it did
// something) and takes the header as seen; write is that write's number (the sampler's count).
func (o *observer) changed(write int64) growthChange {
	h := o.h
	var c growthChange
	if h.oldbuckets != o.lastOld {
		// Another old array (or none): the chains kept are of an array that may be freed and
		// its address reused; unless prepareGrowth walked this old array just before this write.
		if h.oldbuckets != nil && h.oldbuckets == o.chains.buckets && write == o.preparedWrite+1 {
			o.preparedUsed++
		} else {
			o.chains.buckets = nil
		}
	}
	c.ended = o.lastOld != nil && h.oldbuckets != o.lastOld
	if o.lastBuckets != nil && h.buckets != o.lastBuckets {
		// Started during the insert just done, which added a new key: the growth saw count-1
		// entries.
		var oldB uint8
		sameSize := false
		if h.oldbuckets != nil {
			oldB, sameSize = o.oldB(), h.flags&flagSameSizeGrow != 0
		} else {
			oldB, sameSize = o.lastB, h.b == o.lastB
		}
		kind := "doubling"
		if sameSize {
			kind = "same-size"
			o.growths.sameSize++
		} else {
			o.growths.doubling++
		}
		c.started, c.kind, c.countAtStart = true, kind, int64(h.count)-1
		c.oldB, c.newB = int64(oldB), int64(h.b)
		c.load = float64(c.countAtStart) / float64(int64(1)<<oldB)
		c.allocated = int64(footprint(o.arrayBuckets(h.b)*o.bucketSize, o.bucketPointers))
		if h.oldbuckets == nil {
			// Evacuated within the insert: the old array is known by its B; it had no overflow
			// buckets of its own (at most two buckets and 13 entries).
			c.endedAtOnce = true
			c.released = int64(footprint(o.arrayBuckets(oldB)*o.bucketSize, o.bucketPointers))
		}
	}
	o.lastBuckets, o.lastOld, o.lastB = h.buckets, h.oldbuckets, h.b
	if c.started || c.ended {
		o.foresee()
		o.preparedWrite = -1
	}
	// An insert that ends a growth can also bring the count to growAt (after a same-size growth).
	c.growsNext = !c.started && h.count == o.growAt
	return c
}

// splitRows is the growth rows to reserve beyond doublings and same-size growths: none, a classic
// map grows at most ~64 times plus churn's same-size growths.
func splitRows(inserts int) int { return 0 }
