package main

import (
	"encoding/json"
	"os"
	"strconv"
	"testing"
)

// The key recipes make exactly the keys of the shared vectors (Tests/Vectors/keys.json), which
// the Swift side checks too.
func TestKeyVectors(t *testing.T) {
	data, err := os.ReadFile("../../Tests/Vectors/keys.json")
	if err != nil {
		t.Fatal(err)
	}
	var vectors map[string]json.RawMessage
	if err := json.Unmarshal(data, &vectors); err != nil {
		t.Fatal(err)
	}
	recipes := map[string]func(uint64) string{
		"int64":       func(i uint64) string { return strconv.FormatInt(keyInt64(i), 10) },
		"string":      keyString,
		"string-long": keyStringLong,
	}
	for name, make := range recipes {
		var list []struct {
			I   uint64 `json:"i"`
			Key string `json:"key"`
		}
		if err := json.Unmarshal(vectors[name], &list); err != nil || len(list) == 0 {
			t.Fatalf("%s: no vectors (%v)", name, err)
		}
		for _, v := range list {
			if got := make(v.I); got != v.Key {
				t.Errorf("%s key %d = %q, want %q", name, v.I, got, v.Key)
			}
		}
	}
}
