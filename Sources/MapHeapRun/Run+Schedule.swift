// Scheduling `mapheap run`'s workloads: which starts next (`_StartRule`), the job threads each running
// one child (Run+Child.swift), and writing each workload's rows, in suite order, as soon as it and every
// workload before it are done. An interruption or a write that fails ends the loop
// (Runner+Interruption.swift).
import Foundation
import HeapStats

import MapHeapModel
import MapHeapReport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a run went.
public struct RunOutcome: Sendable {
    /// Everything measured, in suite order (failed workloads have a summary row with their status).
    public var results: ResultSet
    /// Names of workloads whose status is not `ok`.
    public var failed: [String]
}

extension PreparedRun {
    /// Measures every workload, each in a child process, up to `request.jobs` at once, and writes each
    /// workload's rows as soon as it and every workload before it in the suite are done (rows stay in
    /// suite order); the report and chart are written at the end, and on an interruption.
    ///
    /// Workloads start in suite order, except that one that must wait lets later ones by. One starts when
    /// fewer than `jobs` run, the estimated peaks of those running and its own fit in
    /// `Suite.memoryShareLimit` of this machine's memory, and neither it nor one running times every
    /// insert: a timed workload (latency) always runs alone, so its latencies are not another
    /// process's; with more than one job, timed workloads therefore tend to run last.
    ///
    /// - Parameter log: receives one line per finished workload (unless quiet) and the notice about an
    ///   earlier run's files; the progress line goes to the terminal on stderr itself.
    ///
    /// A signal that comes after the last workload (while the report renders) still ends the run as
    /// interrupted, with every row kept: its handling stays mapheap's until this returns.
    public func run(log: (String) -> Void = { writeToStandardError(Data(($0 + "\n").utf8)) }) throws
        -> RunOutcome {
        let interruption = _Interruption.install()
        let measured = Result { try measure(interruption: interruption, log: log) }
        let late = interruption.uninstall()
        let outcome = try measured.get()
        if let late {
            throw RunError.interrupted(signal: late, kept: outcome.results.summary.count, of: suite.workloads.count,
                                       stopped: [], directory: request.outDirectory)
        }
        return outcome
    }

    /// `run`'s body, under `interruption`.
    private func measure(interruption: _Interruption, log: (String) -> Void) throws -> RunOutcome {
        _removeStaleScratchDirectories()
        if !request.quiet, let notice = earlier.notice { log("mapheap run: " + notice) }
        earlier.remove()
        let writer: ResultWriter
        let sitesWriter: SitesWriter?
        do {
            writer = try ResultWriter(directory: request.outDirectory)
            sitesWriter = try request.allocationSites.map { _ in try SitesWriter(directory: request.outDirectory) }
        } catch {
            throw FailedWrite(error)
        }
        var sites: [SiteRow] = []
        let machineInfo = MachineInfo.current()
        let machine = machineInfo.summary
        let memoryLimit = Suite.memoryLimit(physicalMemory: machineInfo.usableMemory)
        var results = ResultSet()
        var failed: [String] = []
        let workloads = suite.workloads
        let total = workloads.count
        let specs = workloads.map { workload in
            var spec = workload.resolved(
                sampling: suite.sampling, seed: seed,
                allocationSites: request.allocationSites.map {
                    .init(sampleRate: $0.sampleRate, threshold: $0.threshold)
                }, latency: suite.latency(of: workload, forced: request.latency))
            spec.everySplit = request.everySplit
            return spec
        }
        let progress = isatty(2) != 0 && !request.quiet ? _ProgressLine() : nil
        let jobs = max(1, min(request.jobs, _Interruption.slots))
        func labelOf(_ index: Int) -> String { "[\(index + 1)/\(total)] \(workloads[index].name)" }

        /// Writes workload `index`'s rows (or its failed row), once, with `jobsAtOnce` set on the typed row.
        func write(_ index: Int, _ measured: _Measured, jobsAtOnce: Int) throws {
            let workload = workloads[index]
            let label = labelOf(index)
            var rows: WorkloadRows
            switch measured {
            case .success(let measured):
                rows = measured
            case .failure(let failure):
                failed.append(workload.name)
                rows = WorkloadRows(
                    summary: _failedRow(workload, status: failure.status, machine: machine, seed: seed))
                _above(progress) { log("\(label): \(failure.status): \(failure.reason)") }
            }
            rows.summary.jobsAtOnce = jobsAtOnce
            rows.summary.goEnv = Suite.goEnvironmentText(workload.goEnv)
            if !request.everyBucket {
                // latency.csv's resolution (PROTOCOL.md); the report at the run's end reads these same rows
                rows.latency = LatencyRow.binned(rows.latency)
            }
            do {
                if let sitesWriter, let workloadSites = rows.sites {
                    try sitesWriter.append(workload: workload.name, rows: workloadSites)
                }
                try writer.append(summary: rows.summary, curve: rows.curve, growth: rows.growth, latency: rows.latency)
            } catch {
                throw RunError.cannotWrite(error, kept: results.summary.count, of: total,
                                           directory: request.outDirectory)
            }
            sites += rows.sites ?? []
            results.summary.append(rows.summary)
            results.curve += rows.curve
            results.growth += rows.growth
            results.latency += rows.latency
            if !request.quiet, rows.summary.status == .ok {
                let row = rows.summary
                _above(progress) {
                    log("\(label): ok, \(row.inserts) inserts in \(_Format.seconds(row.seconds)), "
                        + "\(row.growths.total) growths, "
                        + "final \(_Format.mib(row.finalAllocatedBytes)) MiB allocated, "
                        + "peak \(_Format.mib(row.peakAllocatedBytes)) MiB")
                }
            }
        }

        let rule = _StartRule(jobs: jobs, memoryLimit: memoryLimit, timed: specs.map(\.latency),
                              estimatedPeaks: workloads.map(\.estimatedPeakBytes))

        let jobState = _JobState()
        // Not started yet, in suite order.
        var pending = Array(0..<total)
        // Per workload, the most workloads that ran at once while it ran, itself included.
        var jobsAtOnce = Array(repeating: 1, count: total)
        var nextToWrite = 0
        jobState.lock()
        defer { jobState.unlock() }
        while true {
            if let signal = interruption.signal {
                // The handler killed the children in progress: wait for their threads to clean up, then
                // keep every workload that finished (out of suite order if one before it was stopped).
                while !jobState.running.isEmpty { jobState.wait() }
                progress?.clear()
                let stopped = jobState.finished.filter { $0.value.stoppedByInterruption }.keys.sorted()
                // Stops at a write that fails (a full disk): the rows written stay whole.
                for index in jobState.finished.keys.sorted() where !stopped.contains(index) {
                    guard let measured = jobState.finished.removeValue(forKey: index),
                          (try? write(index, measured, jobsAtOnce: jobsAtOnce[index])) != nil else { break }
                }
                try? writeReport(results, sites: sitesWriter == nil ? nil : sites, claims: claims,
                                 to: URL(fileURLWithPath: request.outDirectory))
                throw RunError.interrupted(signal: signal, kept: results.summary.count, of: total,
                                           stopped: stopped.map { workloads[$0].name },
                                           directory: request.outDirectory)
            }
            // Rows are written by this thread only, in suite order: a workload's rows wait for the ones
            // before it. Job threads that finish meanwhile wait on the lock, which costs their
            // measurements nothing (their child has exited).
            do {
                while let measured = jobState.finished.removeValue(forKey: nextToWrite) {
                    try write(nextToWrite, measured, jobsAtOnce: jobsAtOnce[nextToWrite])
                    nextToWrite += 1
                }
            } catch {
                // The others' rows could not be written either: stop them, and any child about to start.
                interruption.stopChildren()
                while !jobState.running.isEmpty { jobState.wait() }
                progress?.clear()
                throw error
            }
            if nextToWrite == total { break }
            while interruption.signal == nil,
                  let index = rule.next(among: pending, beside: Array(jobState.running.keys)) {
                let slot = (0..<jobs).first { !jobState.running.values.contains($0) }!
                jobState.running[index] = slot
                pending.removeAll { $0 == index }
                for running in jobState.running.keys {
                    jobsAtOnce[running] = max(jobsAtOnce[running], jobState.running.count)
                }
                let spec = specs[index]
                let label = labelOf(index)
                progress?.started(index, label: label, inserts: workloads[index].totalInserts)
                Thread.detachNewThread { [self] in
                    let measured = runChild(spec, interruption: interruption, slot: slot,
                                            progress: progress.map { line in { line.update(index, done: $0) } },
                                            notice: request.quiet ? nil : { note in
                        _above(progress) { writeToStandardError(Data("\(label): \(note)\n".utf8)) }
                    })
                    progress?.ended(index)
                    jobState.lock()
                    jobState.finished[index] = measured
                    jobState.running[index] = nil
                    jobState.signal()
                    jobState.unlock()
                }
            }
            // With nothing running, a signal that came after the check above started nothing and no job
            // will wake this thread: go back to the check instead of waiting.
            if jobState.running.isEmpty { continue }
            jobState.wait()
        }
        progress?.clear()
        do {
            try writeReport(results, sites: sitesWriter == nil ? nil : sites, claims: claims,
                            to: URL(fileURLWithPath: request.outDirectory))
        } catch {
            throw RunError.cannotWrite(error, kept: results.summary.count, of: total, directory: request.outDirectory)
        }
        return RunOutcome(results: results, failed: failed)
    }

}

/// When a workload may start beside the ones running (`PreparedRun.run`): always when none runs (each
/// fits alone: `Suite.checkFits`); otherwise when fewer than `jobs` run, neither it nor any running one
/// is timed (latency), and the estimated peaks of all of them fit in `memoryLimit`.
struct _StartRule: Sendable {
    var jobs: Int
    var memoryLimit: Double
    /// Per workload, in suite order: whether it times every insert.
    var timed: [Bool]
    /// Per workload, in suite order: its estimated peak bytes.
    var estimatedPeaks: [Int]

    func mayStart(_ index: Int, beside running: [Int]) -> Bool {
        if running.isEmpty { return true }
        if running.count >= jobs || timed[index] || running.contains(where: { timed[$0] }) { return false }
        return Double(running.reduce(estimatedPeaks[index]) { $0 + estimatedPeaks[$1] }) <= memoryLimit
    }

    /// The workload to start next: the first of `pending` (suite order) that may start. One that must
    /// wait (a timed one, one too large beside those running) lets later ones by, so no core idles.
    func next(among pending: [Int], beside running: [Int]) -> Int? {
        pending.first { mayStart($0, beside: running) }
    }
}

/// The workloads running and finished, shared by the run's thread and its job threads under the lock.
final class _JobState: @unchecked Sendable {
    /// Finished workloads whose rows are not written yet, by suite index.
    var finished: [Int: _Measured] = [:]
    /// Running workloads: suite index to interruption slot.
    var running: [Int: Int] = [:]
    /// Guards the two, and wakes the run's thread when a job ends.
    private let condition = NSCondition()

    func lock() { condition.lock() }
    func unlock() { condition.unlock() }
    func wait() { condition.wait() }
    func signal() { condition.signal() }
}
