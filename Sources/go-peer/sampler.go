package main

import (
	"os"
	"runtime"
	"strconv"
	"time"
)

// The sampler: what one workload's loop (measure.go) hands every write to. It counts the writes,
// takes the samples the plan asks for and those a growth asks for, and passes each on: to the
// observer (observe_classic.go or observe_swiss.go: the map's structure and growths), to the latency
// recorder (latency.go: every insert's time) and to the heap reader (heap.go). Data flows one way:
// loop → sampler → observer, recorder, heap; none of them calls back.

// sampler takes samples for one workload, in storage reserved before the baseline.
type sampler struct {
	heap     *heapReader
	baseline heapFigures
	obs      *observer
	// plan is the insert counts to sample at (the spec's sample_at); next is the next one's index,
	// nextAt its insert count (-1 when the plan is done).
	plan       []int
	next       int
	nextAt     int64
	everySplit bool
	// inserts counts insert operations (the curve's x axis); writes counts inserts and deletes.
	inserts, writes int64
	curve           []curveRow
	growth          growthLog
	// open is the growth in progress's row (classic map), -1 when none; startedWrite is the write
	// that started it.
	open         int
	startedWrite int64
	// peak is the largest sampled heap object bytes: a lower bound of the true peak.
	peak int64
	// last is the last reading, net of the baseline.
	last heapFigures
	// start is when the operations started; samplingNs the time spent sampling since.
	start       time.Time
	samplingNs  int64
	progress    bool
	progressBuf []byte
	// total is the insert counter's value at the end.
	total int64
	// lat records every insert's latency when the spec asks for it, else nil.
	lat *latencyRecorder
	// samples counts the sample points taken so far.
	samples int
}

// newSampler reserves the rows before the baseline, so that storing them allocates nothing the heap
// figures would count: growths are at most ~64 doublings plus churn's same-size growths, and for a
// Swiss map its table splits (splitRows). With latency asked for, the recorder is made here too and
// reads the GC pauses so far.
func newSampler(spec *Spec, progress bool) *sampler {
	points := len(spec.SampleAt)
	growths := 64 + 4*spec.Rounds + 8 + splitRows(spec.totalInserts())
	s := &sampler{
		heap:        newHeapReader(),
		plan:        spec.SampleAt,
		nextAt:      -1,
		everySplit:  spec.EverySplit,
		curve:       make([]curveRow, 0, points+2*(64+4*spec.Rounds)+8),
		growth:      make(growthLog, 0, growths),
		open:        -1,
		progress:    progress,
		progressBuf: make([]byte, 0, 24),
		total:       int64(spec.totalInserts()),
	}
	if spec.Latency {
		s.lat = newLatencyRecorder(points)
		s.lat.startGCPauses()
	}
	return s
}

// begin collects the garbage so far and reads the baseline; the operations start now.
func (s *sampler) begin() {
	runtime.GC()
	s.baseline = s.heap.read()
	s.start = time.Now()
}

// watch starts observing the map m, just made, and takes the plan's sample at 0 inserts if it has one.
func (s *sampler) watch(m any) {
	s.obs = newObserver(m, s.everySplit)
	s.advance()
	if s.nextAt == 0 {
		s.planned()
	}
}

// advance moves nextAt to the plan's next point.
func (s *sampler) advance() {
	if s.next < len(s.plan) {
		s.nextAt = int64(s.plan[s.next])
	} else {
		s.nextAt = -1
	}
}

// planned takes the plan's sample due now.
func (s *sampler) planned() {
	s.sample("sample")
	s.next++
	s.advance()
}

// inserted counts an insert just done, which took ns nanoseconds when latency is recorded (0 when
// not timed): a growth it started or ended is sampled, then the plan's sample if one is due.
func (s *sampler) inserted(ns uint64) {
	if s.lat != nil {
		s.lat.record(ns, s.inserts)
	}
	s.inserts++
	s.writes++
	if s.obs.afterInsert() {
		s.growthChanged()
	}
	if s.inserts == s.nextAt {
		s.planned()
	}
}

// deleted counts a delete just done (a delete does growth work too, so a growth can end in one).
func (s *sampler) deleted() {
	s.writes++
	if s.obs.afterDelete() {
		s.growthChanged()
	}
}

// sample reads the heap and the map and appends a curve row; its time is left out of the
// measured time.
func (s *sampler) sample(event string) *curveRow {
	t0 := time.Now()
	h := s.heap.read().minus(s.baseline)
	// A growth's start and the last insert are read in full; other samples may derive (classic map
	// with pointers in the bucket: see currentGeneration). A growth's end derives the current
	// generation as the samples during it did (the array was read when the growth started).
	st := s.obs.read(&s.heap.stats, event == "growth-start" || s.inserts == s.total)
	s.last = h
	s.peak = max(s.peak, h.objects)
	s.curve = append(s.curve, curveRow{
		event: event, keys: s.inserts, st: st, allocated: h.objects, active: h.active, resident: h.resident,
		peak: s.peak, elapsedSeconds: float64(t0.Sub(s.start).Nanoseconds()-s.samplingNs) / 1e9,
	})
	row := &s.curve[len(s.curve)-1]
	if event == "sample" {
		if s.lat != nil {
			s.lat.window(s.inserts, s.samples == 0)
		}
		s.samples++
		s.obs.afterSample(row, &s.growth)
		if s.progress {
			s.progressBuf = strconv.AppendInt(s.progressBuf[:0], s.inserts, 10)
			s.progressBuf = append(s.progressBuf, '\n')
			os.Stdout.Write(s.progressBuf)
		}
	}
	s.samplingNs += time.Since(t0).Nanoseconds()
	return row
}

// growthChanged records what the last write did to a classic map's growths: the end of the growth in
// progress and the start of a new one, both of which can happen in one insert (the last evacuation,
// then the check that starts the next growth). When the next insert starts a growth, the observer
// reads the map now, in sampling time (prepareGrowth), unless no insert is left.
func (s *sampler) growthChanged() {
	c := s.obs.changed(s.writes)
	if c.ended {
		s.growthEnded()
	}
	if c.growsNext && s.inserts < s.total {
		t0 := time.Now()
		s.obs.prepareGrowth(s.writes)
		s.samplingNs += time.Since(t0).Nanoseconds()
	}
	if !c.started {
		return
	}
	row := s.sample("growth-start")
	// Started during the insert just done, which added a new key: the growth saw inserts-1 inserts.
	g := c.row()
	g.keysAtStart = s.inserts - 1
	g.allocatedAtStart = some(row.allocated)
	if !c.endedAtOnce {
		g.bytesReleased = some(row.st.oldBytes)
	}
	s.growth.add(g)
	s.open = len(s.growth) - 1
	s.startedWrite = s.writes
	if s.lat != nil {
		s.lat.growthStarted()
	}
	if c.endedAtOnce {
		s.growthEnded()
	}
}

// growthEnded records the end of the open growth: a curve point and the row's end figures.
func (s *sampler) growthEnded() {
	row := s.sample("growth-end")
	if s.open < 0 {
		return
	}
	g := &s.growth[s.open]
	g.writesToFinish = some(s.writes - s.startedWrite + 1)
	g.allocatedEnd = some(row.allocated)
	if s.lat != nil {
		g.maxInsertNs = some(int64(s.lat.growthFinished()))
	}
	s.open = -1
}

// final is the map's structure at the end, end being the heap then: the last curve row's when the
// plan sampled the end, else read now (not a curve row) and its growths derived.
func (s *sampler) final(end heapFigures) structure {
	if n := len(s.curve); n > 0 && s.curve[n-1].keys == s.inserts {
		return s.curve[n-1].st
	}
	st := s.obs.read(&s.heap.stats, true)
	s.last = end
	s.peak = max(s.peak, s.last.objects)
	s.obs.afterSample(&curveRow{keys: s.inserts, st: st, allocated: s.last.objects}, &s.growth)
	return st
}

// ending is what the sampler has at the end of the operations.
type ending struct {
	// measuredNs is the time since begin, less the sampling; end the heap then, net of the baseline.
	measuredNs int64
	end        heapFigures
	// final is the map's structure then.
	final structure
	// profile is the pprof heap profile, when asked for, else nil.
	profile []byte
	// latencyRows is latency.csv's rows, p99 and longest the 99th percentile and the longest insert in
	// nanoseconds (nil rows when latency is not recorded).
	latencyRows  [][]string
	p99, longest int64
}

// finish ends the operations: the measured time, the heap and the map's structure; then, with the
// map still live, the heap profile when profile asks for it (its in-use figures are as of the last
// completed GC) and the latency with the workload's GC pauses, read before the lookups as the heap
// was.
func (s *sampler) finish(workload string, profile bool) ending {
	var e ending
	e.measuredNs = time.Since(s.start).Nanoseconds() - s.samplingNs
	e.end = s.heap.read().minus(s.baseline)
	e.final = s.final(e.end)
	if profile {
		e.profile = heapProfile()
	}
	if s.lat != nil {
		e.latencyRows, e.p99, e.longest = s.lat.rows(workload), int64(s.lat.quantile(0.99)), int64(s.lat.max)
	}
	return e
}
