import Foundation
@testable import MapHeapMeasure
import MapHeapModel
import XCTest

/// The lookups of PROTOCOL.md ("Lookups") in mapheap's own child: the spec's live keys looked up,
/// a positive time per lookup, and no byte figure changed by looking up.
final class LookupTests: XCTestCase {
    /// Every in-process map with the value shapes it takes (Set: empty values only).
    private let maps: [(Workload.Impl, [Workload.ValueType])] = [
        (.gomap, [.bool, .empty, .int64]), (.swissmap, [.bool, .empty, .int64]), (.dictionary, [.bool, .int64]),
        (.set, [.empty]),
    ]

    private func workload(_ impl: Workload.Impl, _ value: Workload.ValueType, key: Workload.KeyType = .string,
                          _ ops: Workload.Ops, keys: Int = 3000) -> Workload {
        Workload(name: "\(impl.rawValue)-\(value.rawValue)-\(ops.rawValue)", impl: impl, key: key, value: value,
                 sizing: .unsized, keys: keys, ops: ops, rounds: 3)
    }

    func testSmallInsertAndChurnLookUpEveryLiveKey() throws {
        for (impl, values) in maps {
            for value in values {
                for ops in [Workload.Ops.insert, .churn] {
                    let w = workload(impl, value, ops)
                    let spec = w.resolved(sampling: Sampling(points: 5), seed: 42)
                    XCTAssertEqual(spec.lookups, min(w.liveKeysAtEnd, Workload.maximumLookups))
                    let summary = try XCTUnwrap(measureWorkload(spec, context: testContext).summary.first)
                    XCTAssertEqual(summary.lookups, 3000, w.name)
                    XCTAssertGreaterThan(try XCTUnwrap(summary.nsPerLookup, w.name), 0, w.name)
                }
            }
        }
    }

    func testNoLookupsLeavesTheTimeEmpty() throws {
        var spec = workload(.gomap, .bool, .churn).resolved(sampling: Sampling(points: 5), seed: 42)
        spec.lookups = 0
        let summary = try XCTUnwrap(measureWorkload(spec, context: testContext).summary.first)
        XCTAssertEqual(summary.lookups, 0)
        XCTAssertNil(summary.nsPerLookup)
    }

    /// The byte figures (final allocated, peak, map bytes, the structure, the curve's bytes) are
    /// the same with no lookups and with every live key looked up, for the same spec. Long string keys
    /// make each lookup allocate its key (and free it). A first run of each map and key type in this
    /// process is left out: it allocates the runtime's one-time caches (generic metadata) in its window.
    func testLookingUpChangesNoByteFigure() throws {
        for (impl, values) in maps {
            for ops in [Workload.Ops.insert, .churn] {
                let w = workload(impl, values[0], key: .stringLong, ops, keys: 5000)
                var spec = w.resolved(sampling: Sampling(points: 10), seed: 42)
                XCTAssertEqual(spec.lookups, 5000)
                _ = measureWorkload(spec, context: testContext)
                let with = measureWorkload(spec, context: testContext)
                spec.lookups = 0
                let without = measureWorkload(spec, context: testContext)
                let a = try XCTUnwrap(with.summary.first)
                let b = try XCTUnwrap(without.summary.first)
                XCTAssertEqual(a.finalAllocatedBytes, b.finalAllocatedBytes, w.name)
                XCTAssertEqual(a.peakAllocatedBytes, b.peakAllocatedBytes, w.name)
                XCTAssertEqual(a.mapBytes, b.mapBytes, w.name)
                XCTAssertEqual(a.structure, b.structure, w.name)
                XCTAssertEqual(a.growths, b.growths, w.name)
                XCTAssertEqual(a.finalCount, b.finalCount, w.name)
                XCTAssertEqual(a.bytesPerKey, b.bytesPerKey, w.name)
                // A curve point's peak_bytes (the highest since the point before) is left out: at some
                // SwissMap growths it moves by 32 bytes from run to run, lookups or not.
                XCTAssertEqual(with.curve.map { [$0.keys, $0.allocatedBytes, $0.mapBytes ?? -1] },
                               without.curve.map { [$0.keys, $0.allocatedBytes, $0.mapBytes ?? -1] }, w.name)
                XCTAssertEqual(with.growth.map(\.allocatedBytesAtStart), without.growth.map(\.allocatedBytesAtStart),
                               w.name)
            }
        }
    }

    func testAWorkloadValueIsReadFromItsBytes() {
        XCTAssertTrue(_isWorkloadValue(true))
        XCTAssertTrue(_isWorkloadValue(Int64(1)))
        XCTAssertTrue(_isWorkloadValue(()))
        XCTAssertFalse(_isWorkloadValue(false))
        XCTAssertFalse(_isWorkloadValue(Int64(0)))
    }
}

/// The lookups in the Go peer (Sources/go-peer/), with both verified toolchains: the resolved spec's
/// lookups written with a positive time per lookup, and a spec without lookups refused.
final class GoLookupTests: XCTestCase {
    func testGoPeerLooksUpEveryLiveKeyAndRefusesASpecWithoutLookups() throws {
        for version in ["1.23.9", "1.27.3"] {
            let peer = try goPeer(version)
            for ops in [Workload.Ops.insert, .churn] {
                let workload = Workload(name: "go-\(ops.rawValue)", impl: .go, key: .string, value: .bool,
                                        sizing: .unsized, keys: 3000, ops: ops, rounds: 3, goVersion: version)
                let spec = workload.resolved(sampling: Sampling(points: 5), seed: 42)
                XCTAssertEqual(spec.lookups, min(workload.liveKeysAtEnd, Workload.maximumLookups))
                let summary = try XCTUnwrap(runGo(spec, peer: peer).summary.first)
                XCTAssertEqual(summary.lookups, 3000, "\(version) \(ops)")
                XCTAssertGreaterThan(try XCTUnwrap(summary.nsPerLookup, "\(version) \(ops)"), 0)
            }
            let spec = Workload(name: "go", impl: .go, key: .int64, value: .bool, sizing: .unsized, keys: 100,
                                goVersion: version).resolved(sampling: Sampling(points: 2), seed: 1)
            let text = spec.json.replacingOccurrences(of: #"  "lookups": 100,"# + "\n", with: "")
            XCTAssertNotEqual(text, spec.json)
            let (status, stderr) = try runRefused(text, peer: peer)
            XCTAssertEqual(status, 2, version)
            XCTAssertTrue(stderr.hasPrefix("go-peer: ") && stderr.contains("missing field(s) lookups"), stderr)
            XCTAssertEqual(stderr.split(separator: "\n").count, 1, stderr)
        }
    }

    /// Runs the peer on spec `text`; its exit status and stderr.
    private func runRefused(_ text: String, peer: String) throws -> (Int32, String) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mapheap-go-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let specFile = scratch.appendingPathComponent("spec.json")
        try Data(text.utf8).write(to: specFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: peer)
        process.arguments = ["--spec", specFile.path, "--result-dir", scratch.path]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        let stderr = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }
}
