package main

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

func TestBenchClockAdvancesWithWork(t *testing.T) {
	t0 := benchClock()
	x := 0
	for i := 0; i < 50_000_000; i++ {
		x ^= i
	}
	if d := benchClock() - t0; d <= 0 {
		t.Fatalf("clock did not advance over a busy loop (%d ns, %d)", d, x)
	}
}

func TestBenchModePrintsNsPerOperation(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, sizing := range []string{"unsized", "presized"} {
		cmd := exec.Command(exe, "-test.run=TestBenchHelper")
		cmd.Env = append(os.Environ(), "GO_PEER_BENCH_HELPER="+sizing)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", sizing, err)
		}
		fields := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if name, value, ok := strings.Cut(line, " "); ok {
				fields[name] = value
			}
		}
		if fields["clock"] != benchClockName {
			t.Errorf("%s: clock %q, want %q (output %q)", sizing, fields["clock"], benchClockName, out)
		}
		for _, name := range []string{"insert_ns_per_op", "lookup_ns_per_op"} {
			if v, err := strconv.ParseFloat(fields[name], 64); err != nil || v <= 0 {
				t.Errorf("%s: %s = %q, want a positive number (output %q)", sizing, name, fields[name], out)
			}
		}
	}
	if code := run([]string{"bench", "-sizing", "huge"}); code != 2 {
		t.Errorf("bad sizing: exit %d, want 2", code)
	}
}

// TestBenchHelper is the child of TestBenchModePrintsNsPerOperation: the bench mode's output alone.
func TestBenchHelper(t *testing.T) {
	sizing := os.Getenv("GO_PEER_BENCH_HELPER")
	if sizing == "" {
		t.Skip("helper process only")
	}
	os.Exit(run([]string{"bench", "-keys", "100000", "-sizing", sizing}))
}
