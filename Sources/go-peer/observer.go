package main

import "runtime"

// The observer contract. Each Go map the peer can read has one observer file, chosen by build
// tags: observe_classic.go (the classic bucket map, Go 1.23) and observe_swiss.go (the Swiss table,
// Go 1.24+). Each defines a type named observer that satisfies mapObserver, and two functions:
//
//	newObserver(m any, s *sampler) *observer   reads m's runtime layout once, before the inserts
//	splitRows(inserts int) int                 growth rows to reserve beyond doublings and churn's
//	                                           same-size growths (a Swiss map's table splits)
//
// The sampler keeps the concrete *observer, so the per-insert calls stay direct; the declarations
// at the end of this file make the compiler check each observer file against the contract.
type mapObserver interface {
	// read is the map's structure now; full asks for the figures that need a walk of the map (the
	// growth events and the last sample), where a sample may use what it cached.
	read(ms *runtime.MemStats, full bool) structure
	// afterInsert runs after every insert (the classic map sees its incremental growths here).
	afterInsert(s *sampler)
	// afterDelete runs after every delete.
	afterDelete(s *sampler)
	// afterSample runs after each curve row is taken (the Swiss map derives its growths here).
	afterSample(s *sampler, row *curveRow)
	// counts is the growths by kind so far.
	counts() growthCounts
}

var (
	_ mapObserver                       = (*observer)(nil)
	_ func(m any, s *sampler) *observer = newObserver
	_ func(inserts int) int             = splitRows
)
