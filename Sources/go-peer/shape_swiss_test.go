//go:build go1.26 || (go1.24 && goexperiment.swissmap)

package main

import "fmt"

func shape(st structure) string {
	return fmt.Sprintf("tables=%d dir=%d capacity=%d", st.tables, st.dirLen, st.capacity)
}

func derivationMismatches(o *observer) int { return o.mismatches }

const isSwiss = true
