import Foundation
import XCTest

import MapCore
@testable import MapHeapMeasure
import MapHeapModel

/// The models as a suite runs them (`go_version`, `goexperiment` on impl gomap and swissmap, through
/// the spec and the child's adapter) against each release's real runtime, at the CI size, presized:
/// int64 -> bool and string -> struct{}. Every installed release is checked; a missing toolchain skips
/// with the command that installs it (CI has 1.23.9 and 1.27.3; `scripts/test.sh --all-go` installs
/// all seven).
///
/// Presized, nothing depends on the hash but where keys land: the Swiss map's tables, directory,
/// capacity and bytes follow from the hint alone and must be equal; the classic map's B and growths
/// must be equal, while how many overflow buckets it takes depends on Go's random seed (5,285 to 5,442
/// in Go's runs against the model's 5,420 at 200,000 int64 keys; 256 to 287 against 279 on 1.21's B 16):
/// they are held to 5 % or four standard deviations of a count that size (4 √n), and the map
/// bytes may differ by no more than those buckets' bytes.
final class ModelRulesGoTests: XCTestCase {
    /// Every release and experiment a model follows, with the model that follows it.
    static var pairs: [(GoRulesRelease, Workload.Impl)] {
        var pairs: [(GoRulesRelease, Workload.Impl)] = []
        for release in GoRelease.all {
            for experiment in [""] + release.experiments.map(\.rawValue) {
                let rules = GoRulesRelease(version: release.version, experiment: experiment)
                let impl: Workload.Impl = rules.generation == .classic ? .gomap : .swissmap
                pairs.append((rules, impl))
            }
        }
        return pairs
    }

    /// One presized workload of `impl` following `rules`, and Go's own under that release.
    func measurePair(_ rules: GoRulesRelease, _ impl: Workload.Impl, key: Workload.KeyType,
                     value: Workload.ValueType, peer: String) throws -> (model: SummaryRow, go: SummaryRow) {
        let sampling = Sampling(points: 10, spacing: .linear)
        let keys = GoRuntimeTests.keys
        let name = "\(key.rawValue)-\(value.rawValue)"
        let model = Workload(name: "\(impl)-\(name)", impl: impl, key: key, value: value, sizing: .presized,
                             keys: keys, goVersion: rules.version, goExperiment: rules.experiment)
        let go = Workload(name: "go-\(name)", impl: .go, key: key, value: value, sizing: .presized, keys: keys,
                          goVersion: rules.version, goExperiment: rules.experiment)
        let m = try XCTUnwrap(measured(model, sampling: sampling).summary.first)
        let g = try XCTUnwrap(runGo(go.resolved(sampling: sampling, seed: 42), peer: peer).summary.first)
        XCTAssertEqual(g.status, .ok, "\(rules.label) \(name)")
        return (m, g)
    }

    /// One overflow bucket's bytes (its size class, with the release's malloc header rule).
    /// Whether the buckets of a map with these key and value types hold pointers (then the map keeps
    /// no list of its overflow buckets).
    static func bucketHasPointers(key: Workload.KeyType, value: Workload.ValueType) -> Bool {
        let workload = Workload(name: "w", impl: .gomap, key: key, value: value, sizing: .unsized, keys: 1)
        return workload.mapShape.bucket.hasPointers
    }

    static func overflowBucketBytes(_ rules: GoRulesRelease, key: Workload.KeyType, value: Workload.ValueType) -> Int {
        let workload = Workload(name: "w", impl: .gomap, key: key, value: value, sizing: .unsized, keys: 1)
        let headers = GoRelease.named(rules.version)?.mallocHeaders.value ?? true
        return workload.mapShape.bucket.blockBytes(mallocHeaders: headers)
    }

    func testTheModelsEqualEachReleasesCountsAndBytesPresized() throws {
        var checked: [String] = []
        var skipped: [String] = []
        // Go's rows by release, to compare the releases whose rules are the same.
        var goRows: [GoRulesRelease: [String: SummaryRow]] = [:]
        for (rules, impl) in Self.pairs {
            let peer: String
            do {
                peer = try goPeer(rules.version, experiment: rules.experiment)
            } catch let skip as XCTSkip {
                skipped.append("\(rules.label): \(String(describing: skip))")
                continue
            }
            for (key, value) in [(Workload.KeyType.int64, Workload.ValueType.bool), (.string, .empty)] {
                let (m, g) = try measurePair(rules, impl, key: key, value: value, peer: peer)
                let what = "\(impl) with \(rules.label) rules, \(key.rawValue) -> \(value.rawValue) presized"
                XCTAssertEqual(m.runtime, rules.modelRuntime(testContext.runtime), "\(what): the row names its rules")
                XCTAssertEqual(g.runtime, rules.label, what)
                XCTAssertEqual(m.growths.total, 0, "\(what): growths")
                XCTAssertEqual(g.growths.total, 0, "\(what): Go's growths")
                let (modelBytes, goBytes) = (try XCTUnwrap(m.mapBytes, what), try XCTUnwrap(g.mapBytes, what))
                if impl == .gomap {
                    XCTAssertEqual(m.structure.b, g.structure.b, "\(what): B")
                    let (mo, go) = (m.structure.overflowBuckets ?? -1, g.structure.overflowBuckets ?? -1)
                    XCTAssertLessThanOrEqual(abs(mo - go), max(go / 20, 4 * Int(Double(go).squareRoot())),
                                             "\(what): overflow \(mo), Go \(go)")
                    // Every other byte is the same: the difference is at most the differing overflow buckets
                    // and, for buckets without pointers, the overflow list's doubling array.
                    let bucket = Self.overflowBucketBytes(rules, key: key, value: value)
                    let headers = GoRelease.named(rules.version)?.mallocHeaders.value ?? true
                    let list = Self.bucketHasPointers(key: key, value: value) ? 0 : abs(
                        GoSizeClasses.overflowSliceBytes(count: mo, mallocHeaders: headers)
                            - GoSizeClasses.overflowSliceBytes(count: go, mallocHeaders: headers))
                    XCTAssertLessThanOrEqual(abs(modelBytes - goBytes), abs(mo - go) * bucket + list,
                                             "\(what): map bytes \(modelBytes), Go \(goBytes)")
                } else {
                    XCTAssertEqual(m.structure.tables, g.structure.tables, "\(what): tables")
                    XCTAssertEqual(m.structure.directoryLength, g.structure.directoryLength, "\(what): directory")
                    XCTAssertEqual(m.structure.capacity, g.structure.capacity, "\(what): capacity")
                    XCTAssertEqual(modelBytes, goBytes, "\(what): map bytes")
                }
                print("model rules \(what): model \(modelBytes) B, Go \(goBytes) B, B \(m.structure.b ?? -1)/"
                      + "\(g.structure.b ?? -1), tables \(m.structure.tables ?? -1)/\(g.structure.tables ?? -1)")
                goRows[rules, default: [:]]["\(key.rawValue)-\(value.rawValue)"] = g
            }
            checked.append(rules.label)
        }
        print("model rules: checked \(checked.joined(separator: ", "))"
              + (skipped.isEmpty ? "" : "; skipped " + skipped.joined(separator: "; ")))
        assertSameRulesMeasureTheSame(goRows)
        if checked.isEmpty { throw XCTSkip("no Go toolchain installed: " + skipped.joined(separator: "; ")) }
    }

    /// Where GoRelease says two releases' rules for a generation are the same, their measured rows are:
    /// the classic map's B and (pointer-free int64 -> bool, so malloc headers cannot differ) bytes up to
    /// the seed's overflow buckets; the Swiss map's tables and bytes exactly. Where the rules differ, the
    /// measured rows may differ too (and 1.21's load factor does: B 16 against 15).
    func assertSameRulesMeasureTheSame(_ rows: [GoRulesRelease: [String: SummaryRow]]) {
        let releases = rows.keys.sorted { $0.label < $1.label }
        var compared = 0
        for (i, a) in releases.enumerated() {
            for b in releases[(i + 1)...] where a.generation == b.generation {
                let same: Bool
                if a.generation == .classic {
                    same = GoRelease.named(a.version)?.classic?.loadFactorNum.value
                        == GoRelease.named(b.version)?.classic?.loadFactorNum.value
                } else {
                    // Layout is the one Swiss rule that moves an insert-only map's bytes.
                    same = a.experiment.contains("mapsplitgroup") == b.experiment.contains("mapsplitgroup")
                }
                guard same, let ra = rows[a]?["int64-bool"], let rb = rows[b]?["int64-bool"],
                      let bytesA = ra.mapBytes, let bytesB = rb.mapBytes else { continue }
                compared += 1
                let what = "\(a.label) against \(b.label), int64 -> bool presized"
                if a.generation == .classic {
                    XCTAssertEqual(ra.structure.b, rb.structure.b, "\(what): B (same load factor)")
                    // hmap 48 or 56 bytes (footprint 48 or 64) and the seed's overflow buckets.
                    let overflow = abs((ra.structure.overflowBuckets ?? 0) - (rb.structure.overflowBuckets ?? 0))
                    XCTAssertLessThanOrEqual(abs(bytesA - bytesB),
                                             16 + overflow * Self.overflowBucketBytes(a, key: .int64, value: .bool),
                                             "\(what): map bytes")
                } else {
                    XCTAssertEqual(ra.structure.tables, rb.structure.tables, "\(what): tables")
                    XCTAssertEqual(bytesA, bytesB, "\(what): map bytes (same layout, load and hint sizing)")
                }
            }
        }
        print("model rules: \(compared) pairs of releases with the same rules measured the same")
    }
}
