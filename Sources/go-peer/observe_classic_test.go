//go:build !go1.24

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
