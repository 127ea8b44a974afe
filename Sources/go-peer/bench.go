package main

// The bench mode: gomap-bench's speed case on a real Go map, for its Go columns.
//
//	go-peer bench [-keys N] [-sizing unsized|presized]
//
// Inserts the keys 0..<N of the int64 recipe into a map[int64]bool, made with no hint (unsized)
// or with hint N (presized), then looks every one up. Timed with the thread's CPU time, as
// gomap-bench times the Swift maps: the goroutine is locked to its thread, and the clock is
// CLOCK_THREAD_CPUTIME_ID (bench_linux.go; the wall clock elsewhere, and the output says so).
// GC assists made by this goroutine are counted; the GC's background workers on other threads
// are not (the map holds no pointers, so they have little to do). One round per run: the
// caller repeats runs and takes medians, interleaved with its own maps.
//
// Output, one line each: `clock <name>`, `insert_ns_per_op <x>`, `lookup_ns_per_op <x>`.

import (
	"flag"
	"fmt"
	"os"
	"runtime"
)

func runBench(args []string) int {
	flags := flag.NewFlagSet("go-peer bench", flag.ContinueOnError)
	flags.SetOutput(os.Stderr)
	keys := flags.Int("keys", 10_000_000, "distinct int64 keys to insert, then look up")
	sizing := flags.String("sizing", "unsized", "unsized (no hint) or presized (hint = keys)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *keys <= 0 || flags.NArg() > 0 || (*sizing != "unsized" && *sizing != "presized") {
		fmt.Fprintln(os.Stderr, "go-peer: usage: go-peer bench [-keys N] [-sizing unsized|presized]")
		return 2
	}
	insert, lookup := benchInt64(*keys, *sizing == "presized")
	fmt.Printf("clock %s\ninsert_ns_per_op %.3f\nlookup_ns_per_op %.3f\n", benchClockName,
		float64(insert)/float64(*keys), float64(lookup)/float64(*keys))
	return 0
}

// benchInt64 returns the nanoseconds of inserting n int64-recipe keys and of looking each up.
func benchInt64(n int, presized bool) (insert, lookup int64) {
	keys := make([]int64, n)
	for i := range keys {
		keys[i] = keyInt64(uint64(i))
	}
	hint := 0
	if presized {
		hint = n
	}
	runtime.GC() // start from a collected heap, as each Swift round starts from a freed one
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	m := make(map[int64]bool, hint)
	t0 := benchClock()
	for _, k := range keys {
		m[k] = true
	}
	t1 := benchClock()
	found := 0
	for _, k := range keys {
		if _, ok := m[k]; ok {
			found++
		}
	}
	t2 := benchClock()
	if found != n || len(m) != n {
		panic(fmt.Sprintf("go-peer bench: %d of %d keys found, len %d", found, n, len(m)))
	}
	runtime.KeepAlive(m)
	return t1 - t0, t2 - t1
}
