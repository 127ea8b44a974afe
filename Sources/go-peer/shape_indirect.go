package main

// Keys and values stored apart. A key or value over 128 bytes is stored in the bucket or slot as a
// pointer, and the map allocates it on its own at each insert (newobject of the key or value type),
// one block per entry: deleted entries' blocks become garbage (the slot's pointer is cleared), and a
// growth moves the pointer, not the block. So a map holds count blocks of each, each taking its size
// class (sizeclass.go), and those are the map's own bytes. Objects that a pointer key points to are
// the key's data, not the map's, as a string key's bytes are.

// indirectBytesPerEntry is the bytes of the blocks the map holds per entry: the key's footprint when
// keys are stored apart, the value's when values are.
func indirectBytesPerEntry(key, elem *abiType, indirectKey, indirectElem bool) int64 {
	var n int64
	if indirectKey {
		n += int64(footprint(int(key.size), key.ptrBytes != 0))
	}
	if indirectElem {
		n += int64(footprint(int(elem.size), elem.ptrBytes != 0))
	}
	return n
}
