//go:build go1.26 || (go1.24 && goexperiment.swissmap)

package main

// The Swiss map (Go 1.24+): the peer mirrors internal/runtime/maps' Map and table, and
// internal/abi.MapType (SwissMapType in 1.24 and 1.25), and reads them through unsafe. The mirrors
// are per release (mirror_swiss_*.go); mirror_test.go checks each field's offset against the
// toolchain's own sources.
//
// Growth events are derived from the directory at each sample, exactly (nothing shrinks, and
// every rehash either doubles one table or splits a 1024-slot table in two):
//
//   - The map starts either small (no directory: hint <= 8) or with 2^d0 tables of capacity c0
//     (from the hint). A small map becomes one table of 16 slots at its 9th key: then d0 = 0,
//     c0 = 16, and small-to-table = 1.
//   - Each of the 2^d0 initial tables starts a lineage. A table that has not split has local
//     depth d0; its capacity c counts log2(c/c0) table grows. A lineage that split reached 1024
//     slots first: log2(1024/c0) grows. Tables born by a split have 1024 slots and never grow.
//   - Splits: a split turns one table into two of local depth d+1. With T_d tables of depth d
//     now and S_d splits that made depth d, T_d = 2·S_d − S_{d+1}: S_d is read top-down.
//     Their sum is (tables now) − 2^d0.
//   - Directory doublings: global depth now − d0.
//
// So the cumulative counts are exact at every sample; only the moment of each event is not:
// growth rows carry the sample point where they were seen (observed_at_sample=1), and within
// one sample they are listed small-to-table, then grows by capacity, then by depth a directory
// doubling before the splits that needed it.

import (
	"fmt"
	"math/bits"
	"os"
	"runtime"
	"unsafe"
)

// observer reads one Swiss map and derives its growths at each sample.
type observer struct {
	m *swissMap
	// everySplit: a growth row per table split, not one per sample and depth.
	everySplit    bool
	groupSize     int
	groupPointers bool
	// startedSmall: the map had no directory when made (hint <= 8).
	startedSmall bool
	// haveTables: d0 and c0 are known (tables exist, from the hint or since the 9th key).
	haveTables bool
	// walkEverySample turns the directory cache off (after a mismatch with a full walk).
	walkEverySample bool
	d0, c0Log       int
	// Cumulative counts at the last sample: grows into capacity 2^k, splits that made depth d,
	// directory doublings, small-to-table.
	growsTo      [maxTableLog + 1]int64
	splitsMade   [65]int64
	dirGrows     int64
	smallToTable int64
	// Scratch for one read: tables by local depth, unsplit tables by log2 capacity.
	depthTables [65]int64
	unsplitCaps [maxTableLog + 1]int64
	total       growthCounts
	// cache is the directory cache (tableCache), outside the Go heap; nil until the first read
	// given a MemStats.
	cache *tableCache
	// mismatches counts reads whose cached counts differed from a full walk (verifyDerivations).
	mismatches int
	// indirect is the bytes of the blocks stored apart per entry (shape_indirect.go).
	indirect int64
}

// The directory cache. A sample needs each table's capacity and local depth; reading them
// dereferences every table (16,384 at 10M keys), and doing that at each of the 1,000 samples cost
// 3-36% of the insert time. The cache keeps, per directory slot, the table's address and its cell
// (local depth, capacity) as last read, and the count of slots by cell; a read compares the
// directory's pointers with the addresses, sequentially, and reads only the tables of the slots
// that changed. A table of local depth d fills 2^(globalDepth-d) slots, so the tables of a cell
// are its slots >> (globalDepth-d).
//
// Why an unchanged address is an unchanged table. In Go 1.27's internal/runtime/maps, neither the
// capacity nor the local depth of a table ever changes: newTable sets localDepth, and capacity
// through reset, which only newTable calls; a rehash makes new tables (grow: one of twice the
// capacity, split: two of local depth+1) and installs them in the directory (replaceTable,
// installTableSplit); Clear empties a table in place, keeping both. So a slot that holds the
// address it held at the last read holds the same table, unless that table was freed and a new
// one allocated at its address. Freeing takes a GC cycle: the table was in the directory, so
// reachable, at the last read, and only a cycle that finishes marking after it became garbage can
// free it; sweeping starts in gcMarkTermination with the world stopped, and memstats.numgc is
// incremented before the world restarts, so an allocation reusing the memory comes after NumGC
// grew past the value the last read saw (its ReadMemStats, a stop of the world too, came before
// that read). The maps package frees nothing itself (runtime.freegc, GOEXPERIMENT=runtimefreegc,
// is called by growslice only), and the heap does not move objects. Hence the cache is dropped
// (every slot read again) whenever MemStats.NumGC changed since it was filled, or the directory's
// address, its length or the global depth did; this needs ms read after the map's last write,
// as the sampler does.
//
// The cache holds addresses (uintptr), not pointers: a pointer would keep replaced tables alive
// and change the heap figures. It lives outside the Go heap (mapOffHeap) for the same reason: a
// heap allocation after the baseline would be in every figure after it. It is mapped again, larger,
// only when the directory outgrows it.
type tableCache struct {
	// room is the slots the memory holds: their addresses ([room]uintptr) and cells
	// ([room]uint16) follow this header.
	room int
	// The directory, its length, global depth and MemStats.NumGC the entries hold for; valid is
	// false until they are filled.
	dir    uintptr
	dirLen int
	gc     uint32
	depth  uint8
	valid  bool
	// slots counts the directory's slots by cell.
	slots tableHistogram
}

// tableHistogram counts tables (or slots) by local depth d and log2 capacity k (capacities are
// powers of two, 8 to 1024: newTable rounds them up), in cell d*histCaps+k.
type tableHistogram [65 * histCaps]int64

const histCaps = maxTableLog + 1

func histCell(localDepth uint8, capacity uint16) uint16 {
	return uint16(localDepth)*histCaps + uint16(bits.TrailingZeros16(capacity))
}

func tableCacheBytes(room int) uintptr {
	return unsafe.Sizeof(tableCache{}) + uintptr(room)*(unsafe.Sizeof(uintptr(0))+unsafe.Sizeof(uint16(0)))
}

// entries is the slots' addresses and cells.
func (c *tableCache) entries() ([]uintptr, []uint16) {
	addrs := unsafe.Add(unsafe.Pointer(c), unsafe.Sizeof(*c))
	cells := unsafe.Add(addrs, uintptr(c.room)*unsafe.Sizeof(uintptr(0)))
	return unsafe.Slice((*uintptr)(addrs), c.room), unsafe.Slice((*uint16)(cells), c.room)
}

func newObserver(m any, everySplit bool) *observer {
	e := efaceOf(&m)
	t := (*mapType)(e.typ)
	o := &observer{m: (*swissMap)(e.data), everySplit: everySplit, groupSize: int(t.groupSize),
		groupPointers: t.group.ptrBytes != 0,
		indirect:      indirectBytesPerEntry(t.key, t.elem, t.flags&mapIndirectKey != 0, t.flags&mapIndirectElem != 0)}
	if o.m.dirLen == 0 {
		o.startedSmall = true
	} else {
		o.haveTables = true
		o.d0 = int(o.m.globalDepth)
		o.c0Log = bits.TrailingZeros16(o.table(0).capacity)
	}
	return o
}

func (o *observer) table(i int) *swissTable {
	return (*swissTable)(word(o.m.dirPtr, uintptr(i)*8))
}

func (o *observer) groupsBytes(capacity int) int64 {
	return int64(footprint(capacity/8*o.groupSize, o.groupPointers))
}

// read reads the map: the header, the directory, and each distinct table. With ms
// (ReadMemStats after the map's last write) it reads through the directory cache only the tables
// whose slot changed; with nil, every table. With full (the last sample) it also walks every
// table and checks the cache against the walk: a mismatch is reported on stderr and the peer
// walks at every sample from then on.
func (o *observer) read(ms *runtime.MemStats, full bool) structure {
	m := o.m
	st := structure{count: int64(m.used), mapBytes: int64(footprint(swissMapSize, true)) + int64(m.used)*o.indirect}
	if m.dirLen == 0 {
		if m.dirPtr != nil {
			st.mapBytes += int64(footprint(o.groupSize, o.groupPointers))
			st.capacity = 8
		}
		return st
	}
	var h tableHistogram
	cached := !o.walkEverySample && o.countCached(ms, &h)
	if !cached || full || verifyDerivations {
		var walked tableHistogram
		o.walk(&walked)
		if cached && walked != h {
			o.mismatches++
			if !verifyDerivations {
				fmt.Fprintln(os.Stderr, "go-peer: the tables counted through the directory cache differ from "+
					"the walk; walking at every sample from now on")
				o.walkEverySample = true
			}
		}
		h = walked
	}
	st.dirLen = int64(m.dirLen)
	st.mapBytes += int64(footprint(m.dirLen*8, true))
	o.depthTables = [65]int64{}
	o.unsplitCaps = [histCaps]int64{}
	for cell, n := range h {
		if n == 0 {
			continue
		}
		d, k := cell/histCaps, cell%histCaps
		st.tables += n
		st.capacity += n << k
		st.mapBytes += n * (swissTableSize + o.groupsBytes(1<<k))
		o.depthTables[d] += n
		if d == o.d0 {
			o.unsplitCaps[k] += n
		}
	}
	return st
}

// walk counts the tables into h, reading each: the directory is walked by table, each filling
// 2^(globalDepth-localDepth) consecutive slots.
func (o *observer) walk(h *tableHistogram) {
	m := o.m
	for i := 0; i < m.dirLen; {
		t := o.table(i)
		h[histCell(t.localDepth, t.capacity)]++
		i += 1 << (m.globalDepth - t.localDepth)
	}
}

// countCached counts the tables into h through the directory cache, first dropping it when it no
// longer holds (tableCache) and reading the tables of the slots that changed; false, with nothing
// counted, when there is no cache (ms nil, or no memory outside the heap).
func (o *observer) countCached(ms *runtime.MemStats, h *tableHistogram) bool {
	m := o.m
	if ms == nil {
		return false
	}
	c := o.cache
	if c == nil || m.dirLen > c.room {
		if c != nil {
			unmapOffHeap(unsafe.Pointer(c), tableCacheBytes(c.room))
			o.cache = nil
		}
		p := mapOffHeap(tableCacheBytes(m.dirLen))
		if p == nil {
			return false
		}
		c = (*tableCache)(p)
		c.room = m.dirLen
		o.cache = c
	}
	n, gd := m.dirLen, m.globalDepth
	addrs, cells := c.entries()
	addrs, cells = addrs[:n], cells[:n]
	if dir := uintptr(m.dirPtr); !c.valid || dir != c.dir || n != c.dirLen || gd != c.depth || ms.NumGC != c.gc {
		clear(addrs) // no table is at address 0: every slot is read
		c.slots = tableHistogram{}
		c.dir, c.dirLen, c.depth, c.gc, c.valid = dir, n, gd, ms.NumGC, true
	}
	for i, p := range unsafe.Slice((*unsafe.Pointer)(m.dirPtr), n) {
		if uintptr(p) != addrs[i] {
			if addrs[i] != 0 {
				c.slots[cells[i]]--
			}
			t := (*swissTable)(p)
			cell := histCell(t.localDepth, t.capacity)
			addrs[i], cells[i] = uintptr(p), cell
			c.slots[cell]++
		}
	}
	for cell, slots := range c.slots {
		if slots != 0 {
			h[cell] = slots >> (gd - uint8(cell/histCaps))
		}
	}
	return true
}

// afterSample derives the growths since the last sample and adds their rows to log.
func (o *observer) afterSample(row *curveRow, log *growthLog) {
	m := o.m
	if m.dirLen == 0 {
		return
	}
	// add adds a row for n growths (0 or 1: one) of a kind.
	add := func(kind string, allocated, released int64, detail string, n int64) {
		o.total = o.countsNow()
		log.add(growthRow{
			kind: kind, countAtStart: row.st.count, keysAtStart: row.keys,
			bytesAllocated: allocated, bytesReleased: some(released),
			detail: detail + ";observed_at_sample=1", allocatedAtStart: some(row.allocated), growths: n,
		})
	}
	if !o.haveTables {
		o.haveTables = true
		o.d0, o.c0Log = 0, 4
		o.smallToTable = 1
		add("small-to-table", int64(footprint(8, true))+swissTableSize+o.groupsBytes(16),
			int64(footprint(o.groupSize, o.groupPointers)), "old_capacity=8;new_capacity=16", 0)
	}
	gd := int(m.globalDepth)
	// The read above counted the tables by depth, and the unsplit lineages by capacity (d0 is 0
	// until the map has tables, as set just above).
	lineages := int64(1) << o.d0
	split := lineages - o.depthTables[o.d0]
	var target [maxTableLog + 1]int64
	above := int64(0)
	for k := maxTableLog; k > o.c0Log; k-- {
		above += o.unsplitCaps[k]
		target[k] = split + above
	}
	for k := o.c0Log + 1; k <= maxTableLog; k++ {
		for c := 1 << k; o.growsTo[k] < target[k]; o.growsTo[k]++ {
			add("table-grow", swissTableSize+o.groupsBytes(c), swissTableSize+o.groupsBytes(c/2),
				"old_capacity="+itoa(int64(c/2))+";new_capacity="+itoa(int64(c)), 0)
		}
	}
	var made [65]int64
	for d := gd; d > o.d0; d-- {
		next := int64(0)
		if d < gd {
			next = made[d+1]
		}
		made[d] = (o.depthTables[d] + next) / 2
	}
	full := swissTableSize + o.groupsBytes(maxTableCapacity)
	for d := o.d0 + 1; d <= gd; d++ {
		if int64(d-o.d0) > o.dirGrows {
			o.dirGrows = int64(d - o.d0)
			add("directory-grow", int64(footprint((1<<d)*8, true)), int64(footprint((1<<(d-1))*8, true)),
				"depth="+itoa(int64(d)), 0)
		}
		// The splits that made depth d since the last sample: one row for all of them (16,404 rows of
		// one split each made growth.csv 24 MB), or one each when the spec asks for every split.
		if n := made[d] - o.splitsMade[d]; n > 0 && !o.everySplit {
			add("table-split", n*2*full, n*full, "splits="+itoa(n)+";depth="+itoa(int64(d)), n)
			o.splitsMade[d] = made[d]
		}
		for ; o.splitsMade[d] < made[d]; o.splitsMade[d]++ {
			add("table-split", 2*full, full, "depth="+itoa(int64(d)), 0)
		}
	}
	o.total = o.countsNow()
}

// countsNow sums the cumulative counts.
func (o *observer) countsNow() growthCounts {
	g := growthCounts{smallToTable: o.smallToTable, directoryGrow: o.dirGrows}
	for _, n := range o.growsTo {
		g.tableGrow += n
	}
	for _, n := range o.splitsMade {
		g.tableSplit += n
	}
	return g
}

// afterInsert, afterDelete, changed and prepareGrowth: a Swiss map's growths are derived at samples (afterSample).
func (o *observer) afterInsert() bool { return false }
func (o *observer) afterDelete() bool { return false }
func (o *observer) changed(int64) growthChange {
	return growthChange{}
}
func (o *observer) prepareGrowth(int64) {}

func (o *observer) counts() growthCounts { return o.total }

// splitRows is the growth rows to reserve beyond doublings and same-size growths: a full table of
// 1,024 slots splits at 7/8 into two of about 448 entries, so a split comes every ~448 inserts once
// there are many tables (16,404 growth rows at 10M keys); one row per 256 inserts.
func splitRows(inserts int) int { return inserts / 256 }
