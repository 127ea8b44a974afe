import Foundation
import HeapStats
import MapHeapModel
import XCTest

/// Runs the built `mapheap run` as a user would: results, exit statuses, and bad input that
/// writes nothing.
final class RunCommandTests: XCTestCase {
    private func mapheap(_ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, stdout: String, stderr: String) {
        try MapheapBinary.run(arguments, environment: environment)
    }

    private func temporaryDirectory() throws -> String {
        try temporaryDirectory(prefix: "mapheap-run-")
    }

    private func writeSuite(_ json: String, in directory: String) throws -> String {
        let path = directory + "/suite.json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private let tinySuite = """
        {
          "name": "tiny", "seed": 7, "sampling": {"points": 40},
          "workloads": [
            {"name": "go-unsized", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 3000},
            {"name": "go-presized", "impl": "gomap", "key": "string", "value": "empty", "sizing": "presized",
             "keys": 3000},
            {"name": "go-wrong-hint", "impl": "gomap", "key": "int64", "value": "int64", "sizing": "hint",
             "hint": 100, "keys": 3000},
            {"name": "dict", "impl": "dictionary", "key": "string", "value": "bool", "sizing": "unsized", "keys": 3000},
            {"name": "set", "impl": "set", "key": "int64", "value": "empty", "sizing": "presized", "keys": 3000}
          ]
        }
        """

    func testTinySuiteEndToEnd() throws {
        let root = try temporaryDirectory()
        let suite = try writeSuite(tinySuite, in: root)
        let out = root + "/out"
        let result = try mapheap(["run", suite, "--out", out])
        if Jemalloc.isAddressSanitized {
            // Under ASan, jemalloc is not the allocator: run must refuse before writing anything.
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("jemalloc"), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out))
            return
        }
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("5 of 5 workloads measured in "), result.stdout)
        XCTAssertNotNil(result.stdout.range(of: #"measured in [0-9]+\.[0-9]{2} s \(wall time\); report: "#,
                                            options: .regularExpression), result.stdout)
        for file in ["summary.csv", "curve.csv", "growth.csv", "report.txt", "heap-curves.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + file), file)
        }
        let results = try ResultSet.read(from: out)
        XCTAssertEqual(results.summary.map(\.workload), ["go-unsized", "go-presized", "go-wrong-hint", "dict", "set"])
        XCTAssertEqual(results.summary.map(\.status), Array(repeating: WorkloadStatus.ok, count: 5))
        XCTAssertEqual(results.summary.map(\.seed), Array(repeating: 7, count: 5))

        // 3000 <= 6.5 * 2^9 and > 6.5 * 2^8: B 9 after 9 doublings at counts 8, 13, 26, ..., 1664.
        let unsized = results.growth.filter { $0.workload == "go-unsized" }
        XCTAssertEqual(unsized.map(\.countAtStart), [8, 13, 26, 52, 104, 208, 416, 832, 1664])
        XCTAssertEqual(unsized.map { $0.detailInt("new_b") }, Array(1...9))
        // Presized: B 9 up front, no growth. A hint of 100 starts at B 4 (100 <= 104): 5 doublings.
        XCTAssertEqual(results.growth.filter { $0.workload == "go-presized" }.count, 0)
        let wrongHint = results.growth.filter { $0.workload == "go-wrong-hint" }
        XCTAssertEqual(wrongHint.map { $0.detailInt("old_b") }, [4, 5, 6, 7, 8])
        XCTAssertEqual(results.summary.map(\.structure.b)[0..<3], [9, 9, 9])

        for name in results.summary.map(\.workload) {
            let keys = results.curve.filter { $0.workload == name }.map(\.keys)
            XCTAssertEqual(keys.first, 0, name)
            XCTAssertEqual(keys.last, 3000, name)
            XCTAssertEqual(keys, keys.sorted(), "\(name): curve keys must rise monotonically")
        }
        let report = try String(contentsOfFile: out + "/report.txt", encoding: .utf8)
        for heading in ["What presizing saves", "What an empty value saves", "GoMap against its peers",
                        "measured load factor", "What churn does"] {
            XCTAssertTrue(report.localizedCaseInsensitiveContains(heading), "report lacks \(heading)")
        }
        let svg = try String(contentsOfFile: out + "/heap-curves.svg", encoding: .utf8)
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 5)
    }

    /// latency.csv holds 8 bins a doubling by default, and the child's 1 % buckets with --every-bucket; the
    /// quantiles and the total are the same either way.
    func testEveryBucketKeepsTheOnePercentBuckets() throws {
        if Jemalloc.isAddressSanitized { throw XCTSkip("run refuses under ASan (see testTinySuiteEndToEnd)") }
        let root = try temporaryDirectory()
        let suite = try writeSuite("""
            {"name": "timed", "seed": 3, "sampling": {"points": 20}, "workloads": [
              {"name": "t", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 200000,
               "latency": true}]}
            """, in: root)
        var buckets: [[LatencyRow]] = []
        var stats: [[LatencyRow]] = []
        for flags in [[], ["--every-bucket"]] {
            let out = root + "/out\(flags.count)"
            let result = try mapheap(["run", suite, "--out", out, "--quiet"] + flags)
            XCTAssertEqual(result.status, 0, result.stderr)
            let latency = try ResultSet.read(from: out).latency
            buckets.append(latency.filter { $0.kind == .bucket })
            stats.append(latency.filter { $0.kind == .stat })
        }
        let (binned, full) = (buckets[0], buckets[1])
        XCTAssertFalse(binned.isEmpty)
        XCTAssertGreaterThan(full.count, binned.count, "the 1 % buckets are more than the bins")
        XCTAssertEqual(binned.compactMap(\.count).reduce(0, +), 200_000)
        XCTAssertEqual(full.compactMap(\.count).reduce(0, +), 200_000)
        for row in binned {
            let (low, high) = (try XCTUnwrap(row.lowNanoseconds), try XCTUnwrap(row.highNanoseconds))
            XCTAssertEqual(LatencyBins.bin(of: low), low...high, "a default row is one whole bin")
        }
        XCTAssertEqual(stats[0].map(\.name), stats[1].map(\.name))
        XCTAssertEqual(stats[0].first { $0.name == "inserts" }?.count, 200_000)
    }

    func testChildSpeaksTheProtocol() throws {
        let root = try temporaryDirectory()
        // A name starting with "-" is only a string in the spec, never an argument.
        let workload = Workload(name: "-dash", impl: .gomap, key: .int64, value: .bool, sizing: .unsized, keys: 1000)
        let spec = workload.resolved(sampling: Sampling(points: 5), seed: 3)
        try spec.json.write(toFile: root + "/spec.json", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/result", withIntermediateDirectories: true)
        let result = try mapheap(["_workload", "--spec", root + "/spec.json", "--result-dir", root + "/result",
                                  "--progress"])
        XCTAssertEqual(result.status, 0, result.stderr)
        // --progress: the insert count at every sample point, one per line.
        XCTAssertEqual(result.stdout.split(separator: "\n").compactMap { Int($0) }, spec.sampleAt)
        let rows = try ResultSet.read(from: root + "/result")
        XCTAssertEqual(rows.summary.map(\.workload), ["-dash"])
        XCTAssertEqual(rows.summary.first?.seed, 3)
        XCTAssertEqual(rows.summary.first?.growths[.doubling], 8)
        XCTAssertEqual(rows.summary.first?.lookups, 1000)
        XCTAssertGreaterThan(rows.summary.first?.nsPerLookup ?? 0, 0)
        XCTAssertEqual(rows.curve.filter { $0.event == .sample }.map(\.keys), spec.sampleAt)

        // A spec the child cannot read: one line on stderr, exit status 2, nothing written.
        let bad = spec.json.replacingOccurrences(of: "mapheap.spec.v1", with: "mapheap.spec.v9")
        try bad.write(toFile: root + "/bad.json", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/bad", withIntermediateDirectories: true)
        let refused = try mapheap(["_workload", "--spec", root + "/bad.json", "--result-dir", root + "/bad"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.hasPrefix(root + "/bad.json: protocol: "), refused.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root + "/bad"), [])

        // A spec without lookups is refused like one without any other field.
        let noLookups = spec.json.replacingOccurrences(of: #"  "lookups": 1000,"# + "\n", with: "")
        XCTAssertNotEqual(noLookups, spec.json)
        try noLookups.write(toFile: root + "/no-lookups.json", atomically: true, encoding: .utf8)
        let refusedLookups = try mapheap(["_workload", "--spec", root + "/no-lookups.json", "--result-dir",
                                          root + "/bad"])
        XCTAssertEqual(refusedLookups.status, 2)
        XCTAssertEqual(refusedLookups.stderr, root + "/no-lookups.json: lookups: missing; a spec states every field "
            + "(Sources/PROTOCOL.md)\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root + "/bad"), [])
    }

    func testCrashingWorkloadIsRecordedAndOthersKept() throws {
        if Jemalloc.isAddressSanitized { throw XCTSkip("run refuses under ASan (see testTinySuiteEndToEnd)") }
        let root = try temporaryDirectory()
        let suite = try writeSuite(tinySuite, in: root)
        let out = root + "/out"
        // --only as a comma list and repeated, with CONFIG after it (it must not be taken as a name).
        let result = try mapheap(["run", "--only", "go-unsized,dict", "--only", "set", suite, "--out", out],
                                 environment: ["MAPHEAP_TEST_CRASH_WORKLOAD": "dict"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("dict: crashed"), result.stderr)
        let results = try ResultSet.read(from: out)
        XCTAssertEqual(results.summary.map(\.status), [.ok, .crashed, .ok])
        XCTAssertFalse(results.curve.filter { $0.workload == "set" }.isEmpty, "the workload after the crash ran")
    }

    func testBadInputExitsTwoAndWritesNothing() throws {
        let root = try temporaryDirectory()
        /// A one-workload suite whose workload has these fields.
        func suite(_ workload: String) -> String {
            #"{"name": "x", "workloads": [{"name": "a", "# + workload + "}]}"
        }
        let valid = #""impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 5"#
        let cases: [(String, [String], String)] = [
            (suite(#""impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 0"#),
             [], "workloads[0].keys"),
            (#"{"name": "x", "colour": 1, "workloads": []}"#, [], "colour"),
            (suite(#""impl": "btree", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 5"#),
             [], "workloads[0].impl"),
            (suite(valid), ["--only", "b"], "\"b\""),
            (suite(#""impl": "gomap", "key": "string", "value": "bool", "sizing": "presized", "keys": 4000000000"#),
             [], "workloads[0]"),
        ]
        for (index, (json, extra, mention)) in cases.enumerated() {
            let suite = root + "/suite\(index).json"
            try json.write(toFile: suite, atomically: true, encoding: .utf8)
            let out = root + "/out\(index)"
            let result = try mapheap(["run", suite, "--out", out] + extra)
            XCTAssertEqual(result.status, 2, "case \(index): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "case \(index): one line, got: \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(suite) && result.stderr.contains(mention),
                          "case \(index): \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "case \(index): wrote \(out)")
        }
        // An --out that cannot be created: below a regular file, or in a read-only place.
        let good = root + "/good.json"
        try suite(valid).write(toFile: good, atomically: true, encoding: .utf8)
        // A claims file that is missing or invalid is bad input too, named with its field.
        let badClaims = root + "/claims.json"
        try #"{"generations": [], "claims": []}"#.write(toFile: badClaims, atomically: true, encoding: .utf8)
        for (claims, mention) in [(root + "/no-such-claims.json", "no such file"), (badClaims, "generations")] {
            let out = root + "/out-claims"
            let result = try mapheap(["run", good, "--out", out, "--claims", claims])
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.hasPrefix(claims + ": ") && result.stderr.contains(mention), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        }
        try "not a directory".write(toFile: root + "/afile", atomically: true, encoding: .utf8)
        for out in [root + "/afile", root + "/afile/sub", "/proc/mapheap-out"] {
            let result = try mapheap(["run", good, "--out", out])
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            if Jemalloc.isAddressSanitized {
                // The allocator is checked before --out (which is created last): under ASan that refuses first.
                XCTAssertEqual(result.status, 1, result.stderr)
                XCTAssertTrue(result.stderr.contains("jemalloc is not the process allocator"), result.stderr)
            } else {
                XCTAssertEqual(result.status, 2, "--out \(out): \(result.stderr)")
                XCTAssertTrue(result.stderr.hasPrefix("--out \(out):"), result.stderr)
            }
        }
        let missing = try mapheap(["run", root + "/nope.json", "--out", root + "/outm"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nope.json"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/outm"))
        for jobs in ["0", "65", "two"] {
            let result = try mapheap(["run", good, "--out", root + "/outj", "--jobs", jobs])
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("--jobs"), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/outj"))
        }
    }

    /// Workloads run side by side write the same rows, in suite order, as one at a time: each is its
    /// own process, so its figures do not depend on what runs beside it (the models' are exact).
    func testJobsChangeNoFigureNorTheOrder() throws {
        if Jemalloc.isAddressSanitized { throw XCTSkip("run refuses under ASan (see testTinySuiteEndToEnd)") }
        let root = try temporaryDirectory()
        let suite = try writeSuite(tinySuite, in: root)
        var sets: [ResultSet] = []
        for jobs in ["1", "3"] {
            let result = try mapheap(["run", suite, "--out", root + "/out\(jobs)", "--jobs", jobs])
            XCTAssertEqual(result.status, 0, result.stderr)
            // One line per workload, in suite order, then nothing else on stderr.
            XCTAssertEqual(result.stderr.split(separator: "\n").map { String($0.prefix(6)) },
                           (1...5).map { "[\($0)/5] " }, result.stderr)
            sets.append(try ResultSet.read(from: root + "/out\(jobs)"))
        }
        let (one, three) = (sets[0], sets[1])
        XCTAssertEqual(three.summary.map(\.workload), ["go-unsized", "go-presized", "go-wrong-hint", "dict", "set"])
        XCTAssertEqual(one.summary.map(\.workload), three.summary.map(\.workload))
        for (a, b) in zip(one.summary, three.summary) {
            XCTAssertEqual(a.growths, b.growths, a.workload)
            XCTAssertEqual(a.structure, b.structure, a.workload)
            XCTAssertEqual(a.mapBytes, b.mapBytes, a.workload)
            XCTAssertEqual(a.finalAllocatedBytes, b.finalAllocatedBytes, a.workload)
            XCTAssertEqual(a.peakAllocatedBytes, b.peakAllocatedBytes, a.workload)
        }
        // The parent records how many ran at once; the report says what that means for the times.
        XCTAssertEqual(one.summary.map(\.jobsAtOnce), Array(repeating: 1, count: 5))
        XCTAssertEqual(three.summary.first?.jobsAtOnce, 3, "the first three start together")
        let quiet = try String(contentsOfFile: root + "/out1/report.txt", encoding: .utf8)
        let busy = try String(contentsOfFile: root + "/out3/report.txt", encoding: .utf8)
        XCTAssertTrue(quiet.contains("Timing: every workload ran alone"), quiet)
        XCTAssertTrue(busy.contains("workloads ran beside others (up to 3 at once"), busy)
        XCTAssertEqual(one.curve.map(\.workload), three.curve.map(\.workload))
        XCTAssertEqual(one.curve.map(\.allocatedBytes), three.curve.map(\.allocatedBytes))
        XCTAssertEqual(one.growth.map(\.countAtStart), three.growth.map(\.countAtStart))
    }
}
