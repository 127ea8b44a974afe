package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// goodSpec is a small valid spec for the toolchain running the test.
func goodSpec() map[string]any {
	version, experiment := toolchain()
	return map[string]any{
		"protocol": specProtocol, "workload": "w", "impl": "go",
		"go_version": strings.TrimPrefix(version, "go"), "goexperiment": experiment,
		"key": "string", "value": "empty", "sizing": "hint", "hint": 100, "ops": "churn", "keys": 2000,
		"rounds": 4, "lookups": 2000, "sample_at": []int{0, 1000, 2000, 3000, 4000, 5000, 6000},
		"seed":        uint64(1) << 63,
		"latency":     false,
		"alloc_sites": nil,
	}
}

func writeSpec(t *testing.T, spec map[string]any) string {
	t.Helper()
	data, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "spec.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// A valid spec gives three files in schema v2, every row as wide as its header.
func TestRunWritesSchemaV2(t *testing.T) {
	dir := t.TempDir()
	if code := run([]string{"--spec", writeSpec(t, goodSpec()), "--result-dir", dir}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	// The headers as Sources/columns.json (the one statement of the columns) states them, v2's
	// appended columns included, read from that file rather than from columns_gen.go.
	files := readSchemaFiles(t)
	for _, f := range []struct {
		name   string
		header string
		schema string
	}{
		{"summary.csv", strings.Join(files["summary"].written(), ","), files["summary"].Schema},
		{"curve.csv", strings.Join(files["curve"].written(), ","), files["curve"].Schema},
		{"growth.csv", strings.Join(files["growth"].written(), ","), files["growth"].Schema},
	} {
		rows := readCSV(t, filepath.Join(dir, f.name))
		if got := strings.Join(rows[0], ","); got != f.header {
			t.Errorf("%s: header\n got %s\nwant %s", f.name, got, f.header)
		}
		if len(rows) < 2 {
			t.Errorf("%s: no rows", f.name)
		}
		for _, r := range rows[1:] {
			if len(r) != len(rows[0]) || r[0] != f.schema || r[1] != "w" {
				t.Errorf("%s: row %v", f.name, r)
			}
		}
	}
	got := readSummary(t, dir)
	for col, want := range map[string]string{
		"inserts": "6000", "deletes": "4000", "final_count": "2000", "status": "ok", "impl": "go",
		"seed": "9223372036854775808", "growths_reallocation": "0",
	} {
		if got[col] != want {
			t.Errorf("summary %s = %q, want %q", col, got[col], want)
		}
	}
	if !strings.HasPrefix(got["runtime"], "go1.") || got["map_bytes"] == "" || got["machine"] == "" {
		t.Errorf("summary: %v", got)
	}
	if curve := readCSV(t, filepath.Join(dir, "curve.csv")); len(curve) < 8 {
		t.Errorf("curve: %d rows for 7 sample points", len(curve)-1)
	}
}

// runSummary runs spec and returns its summary row by column.
func runSummary(t *testing.T, spec map[string]any) map[string]string {
	t.Helper()
	dir := t.TempDir()
	if code := run([]string{"--spec", writeSpec(t, spec), "--result-dir", dir}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	return readSummary(t, dir)
}

// readSummary reads dir's summary.csv, which must hold one row, by column.
func readSummary(t *testing.T, dir string) map[string]string {
	t.Helper()
	summary := readCSV(t, filepath.Join(dir, "summary.csv"))
	if len(summary) != 2 {
		t.Fatalf("summary: %d rows", len(summary))
	}
	got := map[string]string{}
	for i, c := range summary[0] {
		got[c] = summary[1][i]
	}
	return got
}

// A small insert and a small churn workload write the spec's lookups (the parent gives
// min(live keys, 100,000): here every live key) and a positive time per lookup.
func TestRunWritesLookups(t *testing.T) {
	insert := goodSpec()
	insert["ops"], insert["rounds"], insert["keys"], insert["lookups"] = "insert", 0, 3000, 3000
	insert["sample_at"] = []int{0, 3000}
	for name, spec := range map[string]map[string]any{"insert": insert, "churn": goodSpec()} {
		got := runSummary(t, spec)
		if want := strconv.Itoa(spec["lookups"].(int)); got["lookups"] != want {
			t.Errorf("%s: lookups = %q, want %s", name, got["lookups"], want)
		}
		if ns, err := strconv.ParseFloat(got["ns_per_lookup"], 64); err != nil || !(ns > 0) {
			t.Errorf("%s: ns_per_lookup = %q, want a positive number", name, got["ns_per_lookup"])
		}
	}
	spec := goodSpec()
	spec["lookups"] = 0
	if got := runSummary(t, spec); got["lookups"] != "0" || got["ns_per_lookup"] != "" {
		t.Errorf("no lookups: lookups %q, ns_per_lookup %q; want 0 and empty", got["lookups"], got["ns_per_lookup"])
	}
}

// Bad input: one line on stderr, exit status 2, nothing run.
func TestRunRefusesBadSpecs(t *testing.T) {
	cases := map[string]func(map[string]any){
		"unknown key":                 func(s map[string]any) { s["key"] = "uuid" },
		"unknown value":               func(s map[string]any) { s["value"] = "string" },
		"unknown ops":                 func(s map[string]any) { s["ops"] = "lookup" },
		"unknown impl":                func(s map[string]any) { s["impl"] = "gomap" },
		"other go version":            func(s map[string]any) { s["go_version"] = "1.20.1" },
		"other experiment":            func(s map[string]any) { s["goexperiment"] = "nosuchexperiment" },
		"missing field":               func(s map[string]any) { delete(s, "seed") },
		"unknown field":               func(s map[string]any) { s["colour"] = "blue" },
		"unsorted samples":            func(s map[string]any) { s["sample_at"] = []int{5, 3} },
		"sample past the end":         func(s map[string]any) { s["sample_at"] = []int{0, 6001} },
		"rounds for insert":           func(s map[string]any) { s["ops"] = "insert" },
		"protocol v2":                 func(s map[string]any) { s["protocol"] = "mapheap.spec.v2" },
		"wrong type":                  func(s map[string]any) { s["keys"] = "many" },
		"missing lookups":             func(s map[string]any) { delete(s, "lookups") },
		"negative lookups":            func(s map[string]any) { s["lookups"] = -1 },
		"more lookups than live keys": func(s map[string]any) { s["lookups"] = 2001 },
	}
	for name, change := range cases {
		spec := goodSpec()
		change(spec)
		if code := run([]string{"--spec", writeSpec(t, spec), "--result-dir", t.TempDir()}); code != 2 {
			t.Errorf("%s: exit %d, want 2", name, code)
		}
	}
	if code := run([]string{"--result-dir", t.TempDir()}); code != 2 {
		t.Errorf("no --spec: exit %d, want 2", code)
	}
}

// With alloc_sites, the run also writes a pprof heap profile that go tool pprof opens.
func TestAllocSitesWritesPprofProfile(t *testing.T) {
	spec := goodSpec()
	spec["alloc_sites"] = map[string]any{"sample_rate": 4096, "threshold": 0}
	dir := t.TempDir()
	defer func(rate int) { runtime.MemProfileRate = rate }(runtime.MemProfileRate)
	if code := run([]string{"--spec", writeSpec(t, spec), "--result-dir", dir}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	profile := filepath.Join(dir, heapProfileName)
	out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "tool", "pprof", "-top",
		"-sample_index=alloc_space", profile).CombinedOutput()
	if err != nil {
		t.Fatalf("go tool pprof: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "measure") {
		t.Errorf("the profile names no allocation in measure:\n%s", out)
	}
}

// setMemProfileRate's rate holds from the next allocation on, however far away the runtime's next
// sample point was: with the point drawn at a rate of 1 GiB (capped at about 117 MB on average),
// 256 KiB allocated after setMemProfileRate(4096) are sampled (64 samples expected), where an
// assignment of runtime.MemProfileRate leaves them unsampled in 998 runs of 1,000.
func TestMemProfileRateHoldsFromTheNextAllocation(t *testing.T) {
	defer func(rate int) { runtime.MemProfileRate = rate }(runtime.MemProfileRate)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	// One P: its next sample point drawn at 1 GiB, as the default rate draws it at 512 KiB.
	runtime.MemProfileRate = 1
	profiledAllocation()
	runtime.MemProfileRate = 1 << 30
	profiledAllocation()
	setMemProfileRate(4096)
	allocateForProfile()
	runtime.GC()
	runtime.GC()
	records := make([]runtime.MemProfileRecord, 4096)
	n, ok := runtime.MemProfile(records, true)
	if !ok {
		t.Fatalf("%d memory profile records, more than %d", n, len(records))
	}
	var sampled int64
	for _, r := range records[:n] {
		for _, pc := range r.Stack() {
			if f := runtime.FuncForPC(pc); f != nil && strings.HasSuffix(f.Name(), ".allocateForProfile") {
				sampled += r.AllocObjects
				break
			}
		}
	}
	if sampled == 0 {
		t.Errorf("no allocation of 256 KiB at rate 4096 was sampled")
	}
}

// profileSink keeps allocateForProfile's blocks on the heap.
var profileSink [][]byte

// allocateForProfile allocates 256 blocks of 1 KiB.
//
//go:noinline
func allocateForProfile() {
	profileSink = make([][]byte, 256)
	for i := range profileSink {
		profileSink[i] = make([]byte, 1024)
	}
	profileSink = nil
}
