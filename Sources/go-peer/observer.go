package main

import "runtime"

// The observer contract. Each Go map the peer can read has one observer file, chosen by build
// tags: observe_classic.go (the classic bucket map, Go 1.21 to 1.23, and 1.24/1.25 noswissmap) and
// observe_swiss.go (the Swiss table, Go 1.24+). Each defines a type named observer that satisfies
// mapObserver, and two functions:
//
//	newObserver(m any, everySplit bool) *observer   reads m's runtime layout once, before the inserts;
//	                                                everySplit: a row per Swiss table split
//	splitRows(inserts int) int                      growth rows to reserve beyond doublings and churn's
//	                                                same-size growths (a Swiss map's table splits)
//
// The sampler (sampler.go) calls the observer; the observer never calls the sampler: it answers
// with what it read (structure, growthChange) and appends growth rows to the log it is handed.
// The sampler keeps the concrete *observer, so the per-insert calls stay direct; the declarations
// at the end of this file make the compiler check each observer file against the contract.
type mapObserver interface {
	// read is the map's structure now; full asks for the figures that need a walk of the map (a
	// growth's start and the last insert), where a sample may use what it cached.
	read(ms *runtime.MemStats, full bool) structure
	// afterInsert runs after every insert: true when a growth started or ended in it, or when the
	// next insert starts one (the classic map sees its incremental growths here; then the sampler
	// asks changed).
	afterInsert() bool
	// afterDelete runs after every delete: true when a growth ended in it.
	afterDelete() bool
	// changed is what write number write, which afterInsert or afterDelete reported, did to the
	// growths.
	changed(write int64) growthChange
	// prepareGrowth runs when changed said that the next insert starts a growth, as sampling time:
	// the observer reads now what it would otherwise read when the growth has started (write is
	// the write just done).
	prepareGrowth(write int64)
	// afterSample runs after each curve row is taken (the Swiss map derives its growths here and
	// adds their rows to log).
	afterSample(row *curveRow, log *growthLog)
	// counts is the growths by kind so far.
	counts() growthCounts
}

// growthChange is what one write did to a classic map's growths: it ended the growth in progress,
// started one, or both. For the growth started: its kind, the entries it saw, its B before and
// after, its load and the bytes of its new array; endedAtOnce: its evacuation finished within the
// write that started it (B 0 to 1, 1 to 2), and released is the old array's bytes. growsNext: none
// of these, but the next insert of a new key starts a doubling.
type growthChange struct {
	ended, started, endedAtOnce, growsNext bool
	kind                                   string
	countAtStart, oldB, newB               int64
	load                                   float64
	allocated, released                    int64
}

// row is the growth started's row as far as the map shows it; the sampler adds what its
// growth-start sample shows (keys_at_start, allocated_at_start, and bytes_released unless ended at
// once). It allocates (the detail text), so the sampler calls it after that sample.
func (c *growthChange) row() growthRow {
	g := growthRow{
		kind: c.kind, countAtStart: c.countAtStart, bytesAllocated: c.allocated,
		detail: "old_b=" + itoa(c.oldB) + ";new_b=" + itoa(c.newB) + ";load=" + ftoa(c.load),
	}
	if c.endedAtOnce {
		g.bytesReleased = some(c.released)
	}
	return g
}

var (
	_ mapObserver                            = (*observer)(nil)
	_ func(m any, everySplit bool) *observer = newObserver
	_ func(inserts int) int                  = splitRows
)
