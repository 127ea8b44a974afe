//go:build !go1.24 || (!go1.26 && !goexperiment.swissmap)

package main

import "testing"

// A growing classic map with pointers in the bucket: its old array is walked once per growth,
// not at every sample (oldChains), and what the kept chains give equals the walk at every sample.
func TestOldArrayWalkedOncePerGrowth(t *testing.T) {
	verifyDerivations = true
	defer func() { verifyDerivations = false }()
	for _, key := range []string{"string", "string-long"} {
		out := runSpec(t, testSpec(key, "bool", 0, 200_000, 50))
		growths := out.obs.counts().total()
		if growths < 10 {
			t.Fatalf("%s: %d growths at 200,000 keys; the test needs growths sampled", key, growths)
		}
		if n := int64(out.obs.oldWalks); n > growths {
			t.Errorf("%s: the old arrays were walked %d times in %d growths", key, n, growths)
		}
		if out.obs.chains.buckets == nil && out.obs.oldWalks == 0 {
			t.Errorf("%s: no old array was ever read", key)
		}
		if n := out.obs.mismatches; n != 0 {
			t.Errorf("%s: %d samples counted other old chains than the walk", key, n)
		}
	}
}

// A string-keyed map's current array is not walked while it has preallocated overflow buckets
// left (sparesLeft), at 300,000 keys neither unsized (growths from B=0 to 16) nor presized: only
// arrays of fewer than 16 buckets, which have none, are walked. A run that walks at every sample
// finds the figures the rule gives.
func TestCurrentArrayNotWalkedWhileSparesLeft(t *testing.T) {
	for _, hint := range []int{0, 300_000} {
		out := runSpec(t, testSpec("string", "bool", hint, 300_000, 1000))
		if n := out.obs.currentWalks; n != 0 {
			t.Errorf("hint %d: the current array was walked %d times with spares left", hint, n)
		}
		if !out.obs.sparesLeft() {
			t.Errorf("hint %d: no spares left at 300,000 keys; the test needs them", hint)
		}
		verifyDerivations = true
		walked := runSpec(t, testSpec("string", "bool", hint, 300_000, 1000))
		verifyDerivations = false
		if n := walked.obs.mismatches; n != 0 {
			t.Errorf("hint %d: %d samples derived other figures than the walk", hint, n)
		}
	}
}

// The count after which the next insert starts a doubling (foresee, loadFactorNum) is where the
// runtime starts each one, on every release the peer reads a classic map of (scripts/test-go.sh
// --all-go): from B 2 to 15 on a string-keyed map.
func TestDoublingStartsWhereForeseen(t *testing.T) {
	m := map[string]bool{}
	o := newObserver(m, false)
	foreseen, doublings := -1, 0
	for i, write := uint64(0), int64(1); i < 250_000; i, write = i+1, write+1 {
		m[keyString(i)] = true
		if !o.afterInsert() {
			continue
		}
		c := o.changed(write)
		switch {
		case c.growsNext:
			foreseen = int(o.h.count)
			o.growAt = -1 // as prepareGrowth does, without the walk
		case c.started && c.oldB >= 2:
			doublings++
			if c.kind != "doubling" || int(c.countAtStart) != foreseen {
				t.Errorf("B %d: a %s started after %d entries; foreseen after %d", c.oldB, c.kind,
					c.countAtStart, foreseen)
			}
			foreseen = -1
		}
	}
	if doublings != 14 {
		t.Errorf("%d doublings from B 2 on at 250,000 keys, want 14 (B 2 to 16)", doublings)
	}
}

// Every doubling that keeps an old array starts on the walk prepareGrowth did one insert before:
// no old array is walked when its growth has started, and the kept chains give what a walk
// gives at every sample.
func TestGrowthPreparedOneInsertAhead(t *testing.T) {
	verifyDerivations = true
	defer func() { verifyDerivations = false }()
	out := runSpec(t, testSpec("string", "empty", 0, 250_000, 1000))
	o := out.obs
	if o.counts().doubling != 16 || o.preparedUsed != 14 || o.oldWalks != 14 {
		t.Errorf("%d doublings, %d of them prepared, %d walks of an array; want 16, 14 (from B 2 on), 14",
			o.counts().doubling, o.preparedUsed, o.oldWalks)
	}
	if n := derivationMismatches(o); n != 0 {
		t.Errorf("%d samples counted other figures than the walk", n)
	}
}

// A prepared walk serves only a growth that starts on the very next write: after deletes and
// inserts in between, the chains may have changed, and the old array is walked again when the
// growth starts.
func TestPreparedWalkDroppedAfterOtherWrites(t *testing.T) {
	verifyDerivations = true
	defer func() { verifyDerivations = false }()
	m := map[string]bool{}
	o := newObserver(m, false)
	write, next := int64(0), uint64(0)
	insert := func() growthChange {
		m[keyString(next)] = true
		next, write = next+1, write+1
		if o.afterInsert() {
			return o.changed(write)
		}
		return growthChange{}
	}
	for c := insert(); !c.growsNext || o.h.b < 10; c = insert() {
	}
	o.prepareGrowth(write)
	if o.chains.buckets != o.h.buckets || o.preparedWrite != write {
		t.Fatalf("B %d: the array was not walked and kept before its growth", o.h.b)
	}
	// 500 deletes, then 500 new keys bring the count back; the next insert starts the doubling.
	for i := uint64(0); i < 500; i++ {
		delete(m, keyString(i))
		write++
	}
	for i := 0; i < 500; i++ {
		if c := insert(); c.started || c.growsNext {
			t.Fatalf("insert %d of 500: started %v, growsNext %v", i, c.started, c.growsNext)
		}
	}
	if c := insert(); !c.started || c.kind != "doubling" {
		t.Fatalf("the next insert did not start a doubling: %+v", c)
	}
	if o.preparedUsed != 0 || o.chains.buckets != nil {
		t.Errorf("the walk made 1,001 writes before the growth was kept (used %d)", o.preparedUsed)
	}
	walks := o.oldWalks
	o.read(nil, true)
	if o.oldWalks != walks+1 || o.chains.buckets != o.h.oldbuckets {
		t.Errorf("the old array was not walked at the growth's start (%d walks before, %d after)", walks, o.oldWalks)
	}
	sink = m
}
