// go-peer runs one mapheap workload on a real Go map and writes its rows: the Go side of the
// child protocol (Sources/PROTOCOL.md).
//
//	go-peer --spec SPEC.json --result-dir DIR [--progress]
//	go-peer bench [-keys N] [-sizing unsized|presized]   (gomap-bench's Go columns: bench.go)
//
// Exit status: 0 with the rows written; 2 with one line on stderr when the spec or the
// toolchain is refused; 1 when the rows cannot be written or a lookup missed. A panic crashes
// the process with SIGABRT (traceback "crash"), so the parent records it as crashed, and a Go
// out-of-memory failure says "out of memory" on stderr, so the parent records it as
// out-of-memory.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
)

func main() {
	debug.SetTraceback("crash")
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) > 0 && args[0] == "bench" {
		return runBench(args[1:])
	}
	flags := flag.NewFlagSet("go-peer", flag.ContinueOnError)
	flags.SetOutput(os.Stderr)
	specPath := flags.String("spec", "", "the spec, a JSON file written by the parent")
	resultDir := flags.String("result-dir", "", "the directory to write summary.csv, curve.csv and growth.csv to")
	progress := flags.Bool("progress", false, "write the insert count to stdout at every sample point")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *specPath == "" || *resultDir == "" || flags.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "go-peer: usage: go-peer --spec SPEC.json --result-dir DIR [--progress]")
		return 2
	}
	version, experiment := toolchain()
	if !slices.Contains(verifiedRuntimes, version) {
		fmt.Fprintf(os.Stderr, "go-peer: built with %s, whose map layout this peer has not verified (verified: %s)\n",
			version, strings.Join(verifiedRuntimes, ", "))
		return 2
	}
	spec, err := readSpec(*specPath)
	if err == nil {
		err = spec.matchToolchain(version, experiment)
	}
	if err == nil {
		err = checkExperiment(version, experiment)
	}
	if err == nil {
		err = spec.matchShape()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-peer: %v\n", err)
		return 2
	}
	if st, err := os.Stat(*resultDir); err != nil || !st.IsDir() {
		fmt.Fprintf(os.Stderr, "go-peer: --result-dir %s is not a directory\n", *resultDir)
		return 2
	}
	if spec.AllocSites != nil {
		setMemProfileRate(spec.AllocSites.SampleRate)
	}
	// Test hook, as mapheap's own child has: lets tests prove that a crash is recorded as one.
	if os.Getenv("MAPHEAP_TEST_CRASH_WORKLOAD") == spec.Workload {
		panic("MAPHEAP_TEST_CRASH_WORKLOAD: crashing " + spec.Workload + " on purpose")
	}

	out := dispatch(spec, *progress)
	if out.err != nil {
		fmt.Fprintf(os.Stderr, "go-peer: %v\n", out.err)
		return 1
	}
	runtimeName := version
	if experiment != "" {
		runtimeName += "+" + experiment
	}
	out.summary.runtime = runtimeName
	out.summary.allocator = version + " runtime.ReadMemStats"
	out.summary.machine = machineSummary()
	err = errors.Join(
		writeCSV(*resultDir, "summary.csv", summaryColumns, [][]string{out.summary.fields()}),
		writeCSV(*resultDir, "curve.csv", curveColumns, out.curve),
		writeCSV(*resultDir, "growth.csv", growthColumns, out.growth),
	)
	if err == nil && spec.Latency {
		err = writeCSV(*resultDir, "latency.csv", latencyColumns, out.latency)
	}
	if err == nil && spec.AllocSites != nil {
		err = os.WriteFile(filepath.Join(*resultDir, heapProfileName), out.heapProfile, 0o644)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-peer: %v\n", err)
		return 1
	}
	return 0
}

// heapProfileName is the pprof heap profile written with alloc_sites, beside the CSV files.
const heapProfileName = "heap.pprof"

// toolchain is the Go version the peer was built with ("go1.23.9") and the GOEXPERIMENT it was
// built with ("" when none).
func toolchain() (version, experiment string) {
	// "go1.27.3", or "go1.27.3-X:mapsplitgroup" when built with an experiment the release does not
	// enable by default: the release is what precedes "-X:".
	version, _, _ = strings.Cut(runtime.Version(), " ")
	version, _, _ = strings.Cut(version, "-X:")
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "GOEXPERIMENT" {
				experiment = s.Value
			}
		}
	}
	return version, experiment
}

// matchToolchain refuses a spec meant for another toolchain or GOEXPERIMENT than this build.
func (s *Spec) matchToolchain(version, experiment string) error {
	if "go"+s.GoVersion != version {
		return refuse("spec asks for go %s but this peer was built with %s", s.GoVersion, version)
	}
	if s.GoExperiment != experiment {
		return refuse("spec asks for GOEXPERIMENT=%q but this peer was built with GOEXPERIMENT=%q",
			s.GoExperiment, experiment)
	}
	return nil
}

// dispatch runs the spec on the map type its key_type and value_type name (shape.go): compiled in,
// or the shape this program was built for.
func dispatch(s *Spec, progress bool) outcome {
	if compiledIn(s.KeyType, s.ValueType) {
		return dispatchCompiledIn(s, progress)
	}
	return shapeProgram.run(s, progress)
}

func withValue[K comparable](s *Spec, keyOf func(uint64) K, progress bool) outcome {
	switch s.ValueType {
	case "bool":
		return measure(s, keyOf, true, equalTo(true), progress)
	case "struct{}":
		return measure(s, keyOf, struct{}{}, equalTo(struct{}{}), progress)
	case "int64":
		return measure(s, keyOf, int64(1), equalTo(int64(1)), progress)
	}
	panic("unreachable: value validated")
}

// equalTo is lookUp's check of a looked-up value: equal to x.
func equalTo[V comparable](x V) func(V) bool { return func(v V) bool { return v == x } }
