// An example of the Go declarations `mapheap size --types` reads (docs/size.md): named types for a
// map's key and value, e.g. `mapheap size 'map[[16]byte]Session' --types bench-configs/types/session.go`.
package cache

// Session: 32 bytes with 3 of padding (bool then uint32 after the string), and pointers (the string).
type Session struct {
    ID     int64
    Name   string
    Active bool
    Hits   uint32
}
