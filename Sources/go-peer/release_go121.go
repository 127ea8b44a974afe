//go:build !go1.22

package main

// mallocHeaders: Go 1.21 has no malloc headers (runtime/msize.go's roundupsize takes no noscan
// argument; the heap bitmap covers every object). docs/versions.md.
const mallocHeaders = false

// loadFactorNum is runtime/map.go's loadFactorNum over loadFactorDen = 2: a doubling starts when
// an insert would take the count past loadFactorNum * 2^B / 2 (overLoadFactor). Go 1.21 computes it
// as (8*13/16)*2 = 12 in integer arithmetic, a load factor of 6. TestDoublingStartsWhereForeseen
// checks it against the runtime.
const loadFactorNum = 12
