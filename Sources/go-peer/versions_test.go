package main

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// toolchains.txt lists exactly the releases verifiedRuntimes names, and the experiments
// mapExperiments gives each (one fact, checked here).
func TestVerifiedRuntimesAreToolchainsTxt(t *testing.T) {
	data, err := os.ReadFile("toolchains.txt")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	experiments := map[string][]string{}
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		listed = append(listed, "go"+fields[0])
		for _, f := range fields[1:] {
			if names, ok := strings.CutPrefix(f, "experiments="); ok {
				for _, name := range strings.Split(names, ",") {
					experiments[name] = append(experiments[name], "go"+fields[0])
				}
			}
		}
	}
	if !slices.Equal(listed, verifiedRuntimes) {
		t.Fatalf("toolchains.txt lists %v, verifiedRuntimes %v", listed, verifiedRuntimes)
	}
	if len(experiments) != len(mapExperiments) {
		t.Fatalf("toolchains.txt lists experiments %v, mapExperiments %v", experiments, mapExperiments)
	}
	for name, releases := range mapExperiments {
		if !slices.Equal(experiments[name], releases) {
			t.Errorf("toolchains.txt gives %s to %v, mapExperiments to %v", name, experiments[name], releases)
		}
	}
}

// noswissmap exists on 1.24 and 1.25, mapsplitgroup on 1.27; any other pair is refused in one line
// naming the releases that have the experiment.
func TestCheckExperiment(t *testing.T) {
	for _, ok := range [][2]string{{"go1.24.11", "noswissmap"}, {"go1.25.5", "noswissmap"},
		{"go1.27.3", "mapsplitgroup"}, {"go1.23.9", ""}} {
		if err := checkExperiment(ok[0], ok[1]); err != nil {
			t.Errorf("%s %s: %v", ok[0], ok[1], err)
		}
	}
	cases := map[[2]string]string{
		{"go1.23.9", "noswissmap"}:    "GOEXPERIMENT noswissmap is not in go1.23.9 (the releases that have it: go1.24.11, go1.25.5)",
		{"go1.26.6", "noswissmap"}:    "GOEXPERIMENT noswissmap is not in go1.26.6 (the releases that have it: go1.24.11, go1.25.5)",
		{"go1.26.6", "mapsplitgroup"}: "GOEXPERIMENT mapsplitgroup is not in go1.26.6 (the releases that have it: go1.27.3)",
		{"go1.27.3", "arenas"}:        `GOEXPERIMENT "arenas" is not one the peer measures (it accepts mapsplitgroup, noswissmap)`,
	}
	for in, want := range cases {
		if err := checkExperiment(in[0], in[1]); err == nil || err.Error() != want {
			t.Errorf("%s %s: got %v, want %q", in[0], in[1], err, want)
		}
	}
}
