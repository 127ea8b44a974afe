import Foundation
import XCTest

import GoMap
import MapCore
@testable import MapHeapMeasure
import MapHeapModel
import SwissMap

/// The models, given each release's rules (GoRelease), against that release's real runtime (the Go
/// peer built with it), at the CI size: int64 -> bool and string -> struct{}, unsized and presized.
/// Classic (1.21 - 1.23, and 1.24/1.25 with noswissmap): final B and doublings equal, map bytes
/// within 1 % (overflow buckets depend on Go's random seed). Swiss (1.24 - 1.27, and mapsplitgroup
/// on 1.27): small-to-table and table grows equal, tables, capacity and map bytes within 1 %
/// (splits depend on the seed).
///
/// CI's releases (1.23.9, 1.27.3) always run; the other five and the experiments run with
/// MAPHEAP_ALL_GO=1, which `scripts/test.sh --all-go` sets after installing them.
final class VersionMatrixTests: XCTestCase {
    /// The (release, experiment) pairs this run checks.
    static var pairs: [(GoRelease, String)] {
        let all = ProcessInfo.processInfo.environment["MAPHEAP_ALL_GO"] == "1"
        var pairs: [(GoRelease, String)] = []
        for release in GoRelease.all where all || ["1.23.9", "1.27.3"].contains(release.version) {
            pairs.append((release, ""))
            if all { pairs += release.experiments.map { (release, $0.rawValue) } }
        }
        return pairs
    }

    func testModelsWithEachReleasesRulesMatchItsRuntime() throws {
        // Go's map bytes of the Swiss releases without experiments, by workload: the rules that set them
        // (group layout, load factor, table size, hint sizing) are the same from 1.24 to 1.27
        // (docs/versions.md), so the measured rows must be equal; the rules that differ (pruning, the
        // small map's update) do not touch an insert-only workload.
        var swissBytes: [String: [String: Int]] = [:]
        for (release, experiment) in Self.pairs {
            let peer = try goPeer(release.version, experiment: experiment)
            for (key, value) in [(Workload.KeyType.int64, Workload.ValueType.bool), (.string, .empty)] {
                for sizing in [Workload.Sizing.unsized, .presized] {
                    let goBytes = try check(release, experiment, peer: peer, key: key, value: value, sizing: sizing)
                    if release.generation(experiment: experiment) == .swiss && experiment.isEmpty {
                        swissBytes["\(key.rawValue)-\(value.rawValue)-\(sizing.rawValue)", default: [:]][release.version] = goBytes
                    }
                }
            }
        }
        for (workload, byRelease) in swissBytes.sorted(by: { $0.key < $1.key }) where byRelease.count > 1 {
            XCTAssertEqual(Set(byRelease.values).count, 1, "\(workload): Go's map bytes by release: \(byRelease)")
        }
    }

    /// Checks one workload; returns Go's map bytes.
    @discardableResult
    func check(_ release: GoRelease, _ experiment: String, peer: String, key: Workload.KeyType,
               value: Workload.ValueType, sizing: Workload.Sizing) throws -> Int {
        let keys = GoRuntimeTests.keys
        let name = "go\(release.version)\(experiment.isEmpty ? "" : "+" + experiment) "
            + "\(key.rawValue)-\(value.rawValue)-\(sizing.rawValue)"
        let go = Workload(name: "go", impl: .go, key: key, value: value, sizing: sizing, keys: keys,
                          goVersion: release.version, goExperiment: experiment)
        let rows = try runGo(go.resolved(sampling: Sampling(points: 20, spacing: .linear), seed: 42), peer: peer)
        let g = try XCTUnwrap(rows.summary.first, name)
        XCTAssertEqual(g.status, .ok, name)
        let hint = sizing == .presized ? keys : 0
        let goBytes = try XCTUnwrap(g.mapBytes, name)
        let modelBytes: Int
        if release.generation(experiment: experiment) == .classic {
            let rules = try XCTUnwrap(release.classic, name)
            let stats = key == .int64
                ? Self.fill(GoMap<Int64, Bool>(hint: hint, seed: 42, rules: rules), _Int64Keys(), keys, true).stats
                : Self.fill(GoMap<String, _Empty>(hint: hint, seed: 42, rules: rules), _StringKeys(), keys, _Empty()).stats
            XCTAssertEqual(stats.b, g.structure.b, "\(name): final B")
            XCTAssertEqual(stats.growthsDoubling, g.growths[.doubling], "\(name): doublings")
            modelBytes = stats.totalBytes
            print("versions \(name): B \(stats.b) / \(g.structure.b ?? -1), map bytes \(modelBytes) / \(goBytes)")
        } else {
            let rules = try XCTUnwrap(release.swiss, name)
            let layout: SwissMapGroupLayout = experiment == "mapsplitgroup" ? .split : .interleaved
            let (stats, bytes) = key == .int64
                ? Self.swiss(SwissMap<Int64, Bool>(hint: hint, seed: 42, layout: layout, rules: rules),
                             _Int64Keys(), keys, true)
                : Self.swiss(SwissMap<String, _Empty>(hint: hint, seed: 42, layout: layout, rules: rules),
                             _StringKeys(), keys, _Empty())
            XCTAssertEqual(stats.smallToTable, g.growths[.smallToTable], "\(name): small-to-table")
            XCTAssertEqual(stats.tableGrows, g.growths[.tableGrow], "\(name): table grows")
            Self.assertWithinOnePercent(stats.tables, g.structure.tables, "\(name): tables")
            Self.assertWithinOnePercent(stats.totalCapacity, g.structure.capacity, "\(name): capacity")
            modelBytes = bytes
            print("versions \(name): tables \(stats.tables) / \(g.structure.tables ?? -1), "
                  + "map bytes \(modelBytes) / \(goBytes)")
        }
        Self.assertWithinOnePercent(modelBytes, goBytes, "\(name): map bytes")
        return goBytes
    }

    /// Go's struct{}: a zero-size value.
    struct _Empty {}

    static func fill<K: _KeySource, V>(_ map: GoMap<K.Key, V>, _ source: K, _ n: Int, _ value: V) -> GoMap<K.Key, V> {
        for i in 0..<n { map[source.key(i)] = value }
        return map
    }

    static func swiss<K: _KeySource, V>(_ map: SwissMap<K.Key, V>, _ source: K, _ n: Int, _ value: V)
        -> (SwissMapStats, Int) {
        for i in 0..<n { map[source.key(i)] = value }
        return (map.stats, map.totalBytes)
    }

    static func assertWithinOnePercent(_ model: Int?, _ go: Int?, _ what: String,
                                       file: StaticString = #filePath, line: UInt = #line) {
        guard let model, let go else {
            XCTFail("\(what): model \(model.map(String.init) ?? "none"), Go \(go.map(String.init) ?? "none")",
                    file: file, line: line)
            return
        }
        XCTAssertLessThanOrEqual(abs(Double(model - go)), 0.01 * Double(go), "\(what): model \(model), Go \(go)",
                                 file: file, line: line)
    }
}
