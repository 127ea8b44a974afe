import ArgumentParser
import HeapStats
import MapHeapRun

#if canImport(Glibc)
import Glibc
#endif

/// `mapheap doctor`: checks that the measuring instrument works here, and says what it runs on.
///
/// Prints the allocator verification, jemalloc's version and settings, what a heap snapshot costs, the Swift
/// version and the machine; exits with status 1 when jemalloc is not the process allocator. All measuring is
/// done by HeapStats; this command only prints.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that jemalloc is the process allocator and show what mapheap measures with."
    )

    @Option(help: "How many heap snapshots to time for the snapshot cost.")
    var samples = 10_001

    func validate() throws {
        guard samples >= 11 else {
            throw ValidationError("--samples must be at least 11 so that percentiles mean something.")
        }
    }

    func run() throws {
        let verification = Jemalloc.probeAllocator()
        let jemalloc = Jemalloc.configuration
        let machine = MachineInfo.current()

        print("allocator")
        row("jemalloc in charge", verification.isJemallocInCharge ? "yes" : "NO")
        row("malloc resolves to", verification.mallocProvider ?? "unknown")
        row("address sanitizer", verification.isAddressSanitized ? "yes" : "no")
        // jemalloc's settings from outside (MALLOC_CONF, /etc/malloc.conf) change the resident figures.
        // The mapheap child inherits this environment, so it runs with the same.
        let outside = Jemalloc.outsideSettings()
        row("settings from outside", outside.isEmpty ? "none (no MALLOC_CONF, no /etc/malloc.conf)"
            : outside.joined(separator: ", ") + " (the mapheap child runs with them too)")
        for (index, line) in verification.probeLines.enumerated() {
            row(index == 0 ? "swift allocations" : "", line)
        }
        print("")
        print("jemalloc")
        row("header", jemalloc.headerVersion)
        for entry in jemalloc.entries {
            row(entry.name, entry.value)
        }
        print("")
        if verification.isJemallocInCharge {
            let cost = SnapshotCost.measure(samples: samples)
            print("cost (\(BuildInfo.configuration) build, \(cost.samples) snapshots each)")
            row("heap snapshot", "median \(microseconds(cost.snapshotMedianNanoseconds)), p10 "
                + "\(microseconds(cost.snapshotP10Nanoseconds)), p90 \(microseconds(cost.snapshotP90Nanoseconds))")
            row("  thread cache off", "median \(microseconds(cost.snapshotWithoutThreadCacheMedianNanoseconds))")
            row("snapshot allocates", "\(cost.bytesAllocatedBySnapshots) bytes in all \(cost.samples) snapshots")
            row("thread counter read", String(format1: cost.counterReadNanoseconds) + " ns")
            print("")
        }
        print("build")
        row("swift", BuildInfo.swiftCompilerVersion)
        row("configuration", BuildInfo.configuration)
        print("")
        print("go toolchains (the real Go runtime, impl go)")
        let root = GoToolchains.projectRoot()
        let toolchains = GoToolchains.installed(root: root)
        row("folder", GoToolchains.folder(root: root) ?? "none (run from the project, or set MAPHEAP_TOOLCHAINS)")
        if toolchains.isEmpty {
            row("installed", "none: run \(GoToolchains.setupCommand)")
        }
        for toolchain in toolchains {
            row("go \(toolchain.version)", "\(toolchain.goCommand) (\(toolchain.origin))")
        }
        print("")
        print("machine")
        row("summary", machine.summary)
        row("cpu", machine.cpuModel)
        row("cores", "\(machine.cores)")
        row("memory", "\(machine.physicalMemory) bytes")
        row("cgroup limit", machine.memoryLimit.map { "\($0) bytes" } ?? "none")

        guard verification.isJemallocInCharge else {
            print("")
            throw fail(HeapStatsError.jemallocNotInCharge(verification), prefix: .always("error: "))
        }
        print("")
        print("ok: \(verification.explanation)")
        if !outside.isEmpty {
            print("note: jemalloc runs with \(outside.joined(separator: ", ")): active and resident figures "
                + "depend on it, and every row's allocator names it (docs/methods.md)")
        }
    }

    /// One aligned "  name   value" line.
    private func row(_ name: String, _ value: String) {
        let padding = String(repeating: " ", count: max(1, 24 - name.count))
        print("  \(name)\(padding)\(value)")
    }

    /// Nanoseconds as microseconds with two decimals, e.g. "1.23 µs".
    private func microseconds(_ nanoseconds: Double) -> String {
        String(format2: nanoseconds / 1000) + " µs"
    }
}

extension String {
    /// `value` with one decimal, without Foundation.
    fileprivate init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }

    /// `value` with two decimals, without Foundation.
    fileprivate init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
