//go:build !go1.24 || (!go1.26 && !goexperiment.swissmap)

package main

import "fmt"

func shape(st structure) string {
	return fmt.Sprintf("B=%d overflow=%d growing=%v", st.b, st.overflow, st.growing)
}

func derivationMismatches(o *observer) int { return o.mismatches }

const isSwiss = false
