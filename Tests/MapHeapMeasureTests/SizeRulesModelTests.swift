import XCTest

import GoMap
import MapCore
import MapHeapModel
import SwissMap

/// MapRules (what `mapheap size` prints) against the models: the cores built and filled key by key,
/// their Go-rule byte figures and structure held to the rules' exact figures or inside their ranges.
final class SizeRulesModelTests: XCTestCase {
    /// A zero-size value, Go's struct{}.
    struct Nothing: Hashable {}

    /// A 200-byte value: stored indirectly (over 128 bytes) in both generations.
    struct Wide: Hashable {
        var a: (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
        var b: (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
        var c: (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
        var d: (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
        var e: (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
        static func == (l: Wide, r: Wide) -> Bool { true }
        func hash(into hasher: inout Hasher) {}
    }

    /// The rules' geometry for Swift types: their MapShape (as the cores lay them out).
    func geometry<K: Hashable, V>(_: K.Type, _: V.Type) -> MapSizeGeometry {
        MapSizeGeometry(MapShape.of(K.self, V.self))
    }

    static let counts = [0, 1, 8, 9, 13, 14, 15, 27, 100, 448, 449, 896, 897, 1_000, 3_000, 20_000]

    func check<K: Hashable, V>(_ name: String, _ value: V, key: (Int) -> K, seeds: [UInt64] = [1, 2]) {
        let g = geometry(K.self, V.self)
        for n in Self.counts {
            for hint in [0, n] {
                let classic = MapRules.predict(g, generation: .classic, entries: n, hint: hint)
                let swiss = MapRules.predict(g, generation: .swiss, entries: n, hint: hint)
                for seed in seeds {
                    let c = GoMap<K, V>(hint: hint, seed: seed)
                    let s = SwissMap<K, V>(hint: hint, seed: seed)
                    for i in 0..<n {
                        _ = c.updateValue(value, forKey: key(i))
                        _ = s.updateValue(value, forKey: key(i))
                    }
                    let label = "\(name) n=\(n) hint=\(hint) seed=\(seed)"
                    let cs = c.stats, ss = s.stats
                    assertInside(cs.totalBytes, classic.mapBytes, "classic bytes " + label)
                    assertInside(ss.totalBytes, swiss.mapBytes, "swiss bytes " + label)
                    assertInside(cs.growthsDoubling + cs.growthsSameSize, classic.growthCount,
                                 "classic growths " + label)
                    assertInside(ss.smallToTable + ss.tableGrows + ss.tableSplits + ss.directoryGrows,
                                 swiss.growthCount, "swiss growths " + label)
                    if case .classic(let b, let preallocated, let overflow, _) = classic.structure {
                        XCTAssertEqual(cs.b, b, "B " + label)
                        XCTAssertEqual(cs.preallocatedOverflowBuckets, preallocated, "preallocated " + label)
                        if !cs.growing { assertInside(cs.overflowBucketsInUse, overflow, "overflow " + label) }
                    }
                    if case .swiss(let tables, let groups, let directory, let small) = swiss.structure {
                        assertInside(ss.tables, tables, "tables " + label)
                        assertInside(ss.directoryLength, directory, "directory " + label)
                        XCTAssertEqual(ss.isSmall, small && n > 0, "small " + label)
                        if !small { assertInside(ss.totalCapacity / 8, groups, "groups " + label) }
                    }
                }
            }
        }
    }

    func assertInside(_ measured: Int, _ figure: RuleFigure, _ label: String, line: UInt = #line) {
        if figure.isExact {
            XCTAssertEqual(measured, figure.min, label + " (exact)", line: line)
        } else {
            XCTAssertTrue(measured >= figure.min && measured <= figure.max,
                          "\(label): \(measured) outside \(figure.min)...\(figure.max)", line: line)
        }
    }

    func testInt64Keys() {
        check("int64/bool", true) { Int64(bitPattern: UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }
        check("int64/struct{}", Nothing()) { Int64(bitPattern: UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }
    }

    func testStringKeys() {
        check("string/bool", true) { "key-\($0)" }
        check("string/struct{}", Nothing(), key: { "key-\($0)" }, seeds: [3])
    }

    func testSmallAndIndirectTypes() {
        check("int32/int8", Int8(1), key: { Int32(truncatingIfNeeded: $0) }, seeds: [4])
        check("int64/200-byte value", Wide(), key: { Int64($0) }, seeds: [5])
    }

    /// The models at 10M keys, as the committed baseline recorded them (results/baseline/summary.csv,
    /// written by the default suite): the eight model workloads' shapes, unsized and presized. Every
    /// figure must equal the prediction, which is exact for all of them.
    func testTheBaselinesModelWorkloadsAtTenMillion() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let rows = try ResultSet.readSummary(from: root + "/results/baseline/summary.csv", warn: { _ in })
        let layouts: [String: GoTypeLayout] = [
            "int64": GoTypeLayout(size: 8, alignment: 8, hasPointers: false),
            "string": GoTypeLayout(size: 16, alignment: 8, hasPointers: true),
            "bool": GoTypeLayout(size: 1, alignment: 1, hasPointers: false),
            "empty": GoTypeLayout(size: 0, alignment: 1, hasPointers: false),
        ]
        var checked = Set<String>()
        let models = rows.filter { [.gomap, .swissmap].contains($0.impl) }
        for row in models where row.keys == 10_000_000 && row.ops == .insert {
            guard let key = layouts[row.keyType], let value = layouts[row.valueType], let bytes = row.mapBytes else {
                continue
            }
            let generation: GoMapGeneration = row.impl == .gomap ? .classic : .swiss
            let p = MapRules.predict(MapSizeGeometry(MapShape(key: key, value: value)), generation: generation,
                                     entries: row.keys, hint: row.hint)
            XCTAssertEqual(p.mapBytes, RuleFigure(exact: bytes), row.workload)
            XCTAssertEqual(p.growthCount, RuleFigure(exact: row.growths.total), row.workload)
            switch p.structure {
            case .classic(let b, _, let overflow, _):
                XCTAssertEqual(row.structure.b, b, row.workload)
                assertInside(row.structure.overflowBuckets ?? -1, overflow, row.workload)
            case .swiss(let tables, _, let directory, _):
                XCTAssertEqual(RuleFigure(exact: row.structure.tables ?? -1), tables, row.workload)
                XCTAssertEqual(RuleFigure(exact: row.structure.directoryLength ?? -1), directory, row.workload)
            }
            checked.insert("\(row.impl)-\(row.keyType)-\(row.valueType)")
        }
        XCTAssertEqual(checked.count, 8, "the default suite's eight model shapes: \(checked.sorted())")
    }
}
