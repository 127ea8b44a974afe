package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Spec is the child protocol's spec (Sources/PROTOCOL.md, "The spec"): one JSON object, every
// field present and resolved by the parent.
type Spec struct {
	Protocol     string      `json:"protocol"`
	Workload     string      `json:"workload"`
	Impl         string      `json:"impl"`
	GoVersion    string      `json:"go_version"`
	GoExperiment string      `json:"goexperiment"`
	Key          string      `json:"key"`
	Value        string      `json:"value"`
	KeyType      string      `json:"key_type"`
	ValueType    string      `json:"value_type"`
	GoMapType    string      `json:"go_map_type"`
	Sizing       string      `json:"sizing"`
	Hint         int         `json:"hint"`
	Ops          string      `json:"ops"`
	Keys         int         `json:"keys"`
	Rounds       int         `json:"rounds"`
	Lookups      int         `json:"lookups"`
	SampleAt     []int       `json:"sample_at"`
	Seed         uint64      `json:"seed"`
	Latency      bool        `json:"latency"`
	AllocSites   *AllocSites `json:"alloc_sites"`
}

// AllocSites asks for allocation sites: the Go peer sets runtime.MemProfileRate to SampleRate
// and writes a pprof heap profile. Threshold is Swift's reporting cut-off; Go leaves it to pprof.
type AllocSites struct {
	SampleRate int `json:"sample_rate"`
	Threshold  int `json:"threshold"`
}

// specProtocol is the only protocol this peer speaks.
const specProtocol = "mapheap.spec.v1"

// refusal is a spec the peer will not run: printed as one line, exit status 2.
type refusal struct{ msg string }

func (r refusal) Error() string { return r.msg }

func refuse(format string, args ...any) error { return refusal{fmt.Sprintf(format, args...)} }

// readSpec reads and validates the spec at path: every field present, no unknown field, every
// value one this peer runs.
func readSpec(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, refuse("%v", err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, refuse("%s: not a JSON object: %v", path, err)
	}
	want := []string{"protocol", "workload", "impl", "go_version", "goexperiment", "key", "value", "sizing",
		"hint", "ops", "keys", "rounds", "lookups", "sample_at", "seed", "latency", "alloc_sites"}
	var missing []string
	for _, name := range want {
		if _, ok := fields[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, refuse("%s: missing field(s) %s", path, strings.Join(missing, ", "))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Spec
	if err := dec.Decode(&s); err != nil {
		return nil, refuse("%s: %v", path, err)
	}
	if s.AllocSites != nil {
		var sites map[string]json.RawMessage
		_ = json.Unmarshal(fields["alloc_sites"], &sites)
		for _, name := range []string{"sample_rate", "threshold"} {
			if _, ok := sites[name]; !ok {
				return nil, refuse("%s: alloc_sites: missing field %s", path, name)
			}
		}
	}
	if err := s.validate(); err != nil {
		return nil, refuse("%s: %v", path, err)
	}
	return &s, nil
}

func oneOf(field, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return fmt.Errorf("%s: unknown value %q (expected %s)", field, value, strings.Join(allowed, ", "))
}

// validate checks every value against what the protocol allows and what this peer runs.
func (s *Spec) validate() error {
	if s.Protocol != specProtocol {
		return fmt.Errorf("protocol: %q is not %q", s.Protocol, specProtocol)
	}
	if s.Workload == "" {
		return fmt.Errorf("workload: empty name")
	}
	if err := oneOf("impl", s.Impl, "go"); err != nil {
		return err
	}
	if err := s.resolveTypes(); err != nil {
		return err
	}
	if err := oneOf("sizing", s.Sizing, "unsized", "presized", "hint"); err != nil {
		return err
	}
	if err := oneOf("ops", s.Ops, "insert", "churn"); err != nil {
		return err
	}
	if s.Keys <= 0 {
		return fmt.Errorf("keys: %d is not positive", s.Keys)
	}
	if s.Hint < 0 {
		return fmt.Errorf("hint: %d is negative", s.Hint)
	}
	switch {
	case s.Ops == "insert" && s.Rounds != 0:
		return fmt.Errorf("rounds: %d for ops insert (must be 0)", s.Rounds)
	case s.Ops == "churn" && s.Rounds <= 0:
		return fmt.Errorf("rounds: %d for ops churn (must be positive)", s.Rounds)
	case s.Ops == "churn" && s.Keys < 2:
		return fmt.Errorf("keys: churn needs at least 2 keys")
	}
	if s.Ops == "churn" && s.Rounds > (1<<40)/s.Keys {
		return fmt.Errorf("rounds: %d rounds of %d keys is too many inserts", s.Rounds, s.Keys)
	}
	if s.Lookups < 0 || s.Lookups > s.liveKeysAtEnd() {
		return fmt.Errorf("lookups: %d outside 0...%d (the live keys at the end)", s.Lookups, s.liveKeysAtEnd())
	}
	total := s.totalInserts()
	if s.Key == "string-long" && s.KeyType == "string" && uint64(s.highestKey()) > longKeyLimit {
		return fmt.Errorf("keys: string-long keys stop at i < 10^15")
	}
	if len(s.SampleAt) == 0 {
		return fmt.Errorf("sample_at: empty")
	}
	if !sort.IntsAreSorted(s.SampleAt) {
		return fmt.Errorf("sample_at: not sorted")
	}
	for i, at := range s.SampleAt {
		if at < 0 || at > total {
			return fmt.Errorf("sample_at: %d outside 0...%d", at, total)
		}
		if i > 0 && at == s.SampleAt[i-1] {
			return fmt.Errorf("sample_at: %d twice", at)
		}
	}
	if s.AllocSites != nil && (s.AllocSites.SampleRate <= 0 || s.AllocSites.Threshold < 0) {
		return fmt.Errorf("alloc_sites: sample_rate must be positive and threshold not negative")
	}
	return nil
}

// totalInserts is N plus N/2 per churn round: the insert counter's final value.
func (s *Spec) totalInserts() int {
	if s.Ops == "churn" {
		return s.Keys + s.Rounds*(s.Keys/2)
	}
	return s.Keys
}

// totalDeletes is N/2 per churn round.
func (s *Spec) totalDeletes() int {
	if s.Ops == "churn" {
		return s.Rounds * (s.Keys / 2)
	}
	return 0
}

// liveKeysAtEnd is N for both mixes: a churn round deletes as many keys as it inserts.
func (s *Spec) liveKeysAtEnd() int { return s.Keys }

// highestKey is one past the largest key index the workload uses.
func (s *Spec) highestKey() int {
	if s.Ops == "churn" {
		return s.Keys + s.Rounds*(s.Keys/2)
	}
	return s.Keys
}

// resolveTypes checks key, value, key_type and value_type (PROTOCOL.md, "The spec"). A spec without
// key_type and value_type (a parent from before issue 19) names an alias in key and value: their
// types are the aliases' (aliasTypes). Whether this program measures the shape is matchShape's.
func (s *Spec) resolveTypes() error {
	if s.Key == "" || s.Value == "" {
		return fmt.Errorf("key, value: empty (expected a recipe or a Go type)")
	}
	for _, f := range []struct {
		field, alias string
		typ          *string
	}{{"key_type", s.Key, &s.KeyType}, {"value_type", s.Value, &s.ValueType}} {
		if *f.typ != "" {
			continue
		}
		t, ok := aliasTypes[f.alias]
		if !ok {
			return fmt.Errorf("%s: missing for %q, which is no alias (write the canonical Go type)", f.field, f.alias)
		}
		*f.typ = t
	}
	if s.Key == "string-long" && s.KeyType != "string" {
		return fmt.Errorf("key_type: %q for key string-long (must be string)", s.KeyType)
	}
	return nil
}
