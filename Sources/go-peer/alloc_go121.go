//go:build !go1.22

package main

// mallocHeaders: Go 1.21 has no malloc headers (runtime/msize.go's roundupsize takes no noscan
// argument; the heap bitmap covers every object). docs/versions.md.
const mallocHeaders = false
