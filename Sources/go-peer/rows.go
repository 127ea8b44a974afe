package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The three result files in schema v2 (Sources/PROTOCOL.md, "Rows: schema v2"): a header line,
// then rows whose first field is the schema id; RFC 4180 quoting; empty means "does not apply".
// Their columns and schema ids are in columns_gen.go, written from Sources/columns.json.

// optInt is an integer field that may not apply (written empty).
type optInt struct {
	v  int64
	ok bool
}

func some(v int64) optInt { return optInt{v, true} }

var none = optInt{}

func (o optInt) String() string {
	if !o.ok {
		return ""
	}
	return strconv.FormatInt(o.v, 10)
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// ftoa formats a double so that it reads back as the same value: shortest round-trip digits, in
// plain decimal notation ("160.38", "0.0048", "12").
func ftoa(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// structure is what the peer reads from the map at one moment.
type structure struct {
	count    int64
	mapBytes int64
	classic  bool
	// Classic map: B, overflow buckets linked into chains (both generations), growth in progress.
	b        int64
	overflow int64
	growing  bool
	// Swiss map: distinct tables, directory length (0 for a small map).
	tables int64
	dirLen int64
	// Slots: classic 8·2^B; Swiss the sum of table capacities, 8 for a small map.
	capacity int64
	// oldBytes is the classic old generation's bytes while growing (not a column: a growth's
	// bytes_released when it starts).
	oldBytes int64
}

// curveRow is one row of curve.csv.
type curveRow struct {
	event                             string
	keys                              int64
	st                                structure
	allocated, active, resident, peak int64
	elapsedSeconds                    float64
}

func (r *curveRow) fields(workload string) []string {
	b, ovf, tables, dir, growing := none, none, none, none, ""
	if r.st.classic {
		b, ovf, growing = some(r.st.b), some(r.st.overflow), boolText(r.st.growing)
	} else {
		tables, dir = some(r.st.tables), some(r.st.dirLen)
	}
	return []string{
		curveSchema, workload, r.event, itoa(r.keys), itoa(r.st.count), itoa(r.allocated), itoa(r.active),
		itoa(r.resident), itoa(r.peak), itoa(r.st.mapBytes), b.String(), ovf.String(), tables.String(),
		dir.String(), itoa(r.st.capacity), growing, ftoa(r.elapsedSeconds),
	}
}

// growthRow is one row of growth.csv.
type growthRow struct {
	index                          int64
	kind                           string
	countAtStart, keysAtStart      int64
	bytesAllocated                 int64
	bytesReleased                  optInt
	writesToFinish                 optInt
	detail                         string
	allocatedAtStart, allocatedEnd optInt
	// maxInsertNs is the growth's longest insert (latency recorded), else empty.
	maxInsertNs optInt
	// growths is how many growths the row stands for: 0 or 1 for one, n for n table splits of one
	// sample in one row (splits=n in detail); the next row's index follows them.
	growths int64
}

// growthLog is growth.csv's rows of one workload, in storage the sampler reserves before the
// baseline.
type growthLog []growthRow

// add appends r as the next growth's row: its index follows the rows so far.
func (l *growthLog) add(r growthRow) {
	r.index = nextGrowthIndex(*l)
	*l = append(*l, r)
}

// nextGrowthIndex is the index of the growth after the rows so far.
func nextGrowthIndex(rows []growthRow) int64 {
	if len(rows) == 0 {
		return 1
	}
	last := rows[len(rows)-1]
	return last.index + max(1, last.growths)
}

func (r *growthRow) fields(workload string) []string {
	return []string{
		growthSchema, workload, itoa(r.index), r.kind, itoa(r.countAtStart), itoa(r.keysAtStart),
		itoa(r.bytesAllocated), r.bytesReleased.String(), r.writesToFinish.String(), r.detail,
		r.allocatedAtStart.String(), r.allocatedEnd.String(), r.maxInsertNs.String(),
	}
}

// growthCounts are the per-kind growth counts of the summary row.
type growthCounts struct {
	doubling, sameSize, smallToTable, tableGrow, tableSplit, directoryGrow int64
}

func (g growthCounts) total() int64 {
	return g.doubling + g.sameSize + g.smallToTable + g.tableGrow + g.tableSplit + g.directoryGrow
}

// summaryRow is the one row of summary.csv.
type summaryRow struct {
	spec                                        *Spec
	runtime, allocator                          string
	inserts, deletes                            int64
	growths                                     growthCounts
	final                                       structure
	finalAllocated, peak, finalActive, finalRes int64
	gcCycles                                    int64
	seconds, nsPerInsert, samplingOverhead      float64
	status, machine                             string
	// insertP99 and insertMax, in nanoseconds, when latency is recorded.
	insertP99, insertMax optInt
	// lookups is the live keys looked up at the end; nsPerLookup their time per lookup (written
	// empty when there were none).
	lookups     int64
	nsPerLookup float64
}

func (r *summaryRow) fields() []string {
	s := r.spec
	b, ovf, tables, dir := none, none, none, none
	if r.final.classic {
		b, ovf = some(r.final.b), some(r.final.overflow)
	} else {
		tables, dir = some(r.final.tables), some(r.final.dirLen)
	}
	perKey := 0.0
	if r.final.count > 0 {
		perKey = float64(r.finalAllocated) / float64(r.final.count)
	}
	perLookup := ""
	if r.lookups > 0 {
		perLookup = ftoa(r.nsPerLookup)
	}
	g := r.growths
	return []string{
		summarySchema, s.Workload, s.Impl, r.runtime, r.allocator, s.Key, s.Value, s.Sizing, itoa(int64(s.Hint)),
		s.Ops, itoa(int64(s.Keys)), itoa(r.inserts), itoa(r.deletes), itoa(r.final.count), itoa(g.total()),
		itoa(g.doubling), itoa(g.sameSize), itoa(g.smallToTable), itoa(g.tableGrow), itoa(g.tableSplit),
		itoa(g.directoryGrow), "0", b.String(), ovf.String(), tables.String(), dir.String(),
		itoa(r.final.capacity), itoa(r.finalAllocated), itoa(r.peak), itoa(r.finalActive), itoa(r.finalRes),
		itoa(r.final.mapBytes), ftoa(perKey), itoa(r.gcCycles), ftoa(r.seconds), ftoa(r.nsPerInsert),
		ftoa(r.samplingOverhead), r.status, r.machine, strconv.FormatUint(s.Seed, 10),
		r.insertP99.String(), r.insertMax.String(), itoa(r.lookups), perLookup, s.GoMapType,
		"map[" + s.KeyType + "]" + s.ValueType,
	}
}

// csvField quotes a field per RFC 4180 when it holds a comma, a quote or a line break.
func csvField(f string) string {
	if !strings.ContainsAny(f, ",\"\r\n") {
		return f
	}
	return `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
}

// writeCSV writes a header and rows to dir/name, each row exactly as wide as the header.
func writeCSV(dir, name string, columns []string, rows [][]string) error {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	line := func(fields []string) {
		for i, field := range fields {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(csvField(field))
		}
		w.WriteString("\n")
	}
	line(columns)
	for _, r := range rows {
		if len(r) != len(columns) {
			panic(fmt.Sprintf("%s: row of %d fields for %d columns", name, len(r), len(columns)))
		}
		line(r)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
