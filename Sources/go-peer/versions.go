package main

import (
	"fmt"
	"slices"
	"strings"
)

// verifiedRuntimes are the Go releases the peer is verified for: its mirrors (mirror_*.go) are
// checked field by field against each release's sources (mirror_test.go). toolchains.txt lists the
// same releases (versions_test.go checks it); any other is refused.
var verifiedRuntimes = []string{"go1.21.13", "go1.22.10", "go1.23.9", "go1.24.11", "go1.25.5", "go1.26.6", "go1.27.3"}

// mapExperiments are the GOEXPERIMENTs about maps the peer accepts, with the releases that have
// them (docs/versions.md): the classic map on 1.24 and 1.25, split Swiss groups on 1.27.
var mapExperiments = map[string][]string{
	"noswissmap":    {"go1.24.11", "go1.25.5"},
	"mapsplitgroup": {"go1.27.3"},
}

// checkExperiment refuses a GOEXPERIMENT list the peer does not accept with release version
// ("go1.24.11"): an experiment other than mapExperiments', or one this release does not have.
func checkExperiment(version, experiment string) error {
	if experiment == "" {
		return nil
	}
	for _, name := range strings.Split(experiment, ",") {
		releases, known := mapExperiments[name]
		if !known {
			names := make([]string, 0, len(mapExperiments))
			for n := range mapExperiments {
				names = append(names, n)
			}
			slices.Sort(names)
			return fmt.Errorf("GOEXPERIMENT %q is not one the peer measures (it accepts %s)", name,
				strings.Join(names, ", "))
		}
		if !slices.Contains(releases, version) {
			return fmt.Errorf("GOEXPERIMENT %s is not in %s (the releases that have it: %s)", name, version,
				strings.Join(releases, ", "))
		}
	}
	return nil
}
