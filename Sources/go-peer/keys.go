package main

import "strconv"

// The key recipes of the child protocol (Sources/PROTOCOL.md, "Key recipes"): the i-th key of
// each. Tests/Vectors/keys.json lists keys for chosen i; keys_test.go checks them.

// keyInt64 is the int64 recipe: i times the 64-bit golden ratio (wrapping), then x ^= x >> 29.
func keyInt64(i uint64) int64 {
	x := i * 0x9E3779B97F4A7C15
	x ^= x >> 29
	return int64(x)
}

// keyString is the string recipe: "key-" and i in decimal, zero-padded to at least 7 digits.
func keyString(i uint64) string {
	var buf [32]byte
	return string(appendPadded(append(buf[:0], "key-"...), i, 7))
}

// longKeyLimit bounds the string-long recipe: 15 digits.
const longKeyLimit = 1_000_000_000_000_000

// keyStringLong is the string-long recipe: "key-long-" and i zero-padded to exactly 15 digits
// (24 bytes); i < 10^15.
func keyStringLong(i uint64) string {
	var buf [32]byte
	return string(appendPadded(append(buf[:0], "key-long-"...), i, 15))
}

// appendPadded appends i in decimal, zero-padded to at least width digits.
func appendPadded(b []byte, i uint64, width int) []byte {
	var digits [20]byte
	d := strconv.AppendUint(digits[:0], i, 10)
	for n := len(d); n < width; n++ {
		b = append(b, '0')
	}
	return append(b, d...)
}
