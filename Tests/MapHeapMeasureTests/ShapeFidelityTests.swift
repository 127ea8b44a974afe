import Foundation
import XCTest

@testable import MapCore
@testable import MapHeapMeasure
import MapHeapModel
@testable import MapHeapRun

/// The models against the real runtimes for many map shapes (issue 19, "Tests"): GoMap against Go
/// 1.23.9 and SwissMap against Go 1.27.3, on ten shapes (padding, a key and a value over 128 bytes,
/// exactly 128 bytes inline, small integers, pointer, string and interface values, an array key, a
/// zero-size last field) at seven CI sizes, unsized and presized: 70 shape × size pairs per generation.
///
/// What is compared exactly, and what is not:
/// - Classic: growths by kind, final B and capacity, model against Go. Overflow buckets depend on
///   where keys hash (the model hashes with its own function, Go with a random seed), so the counts
///   are not compared with each other: each must lie in `mapheap size`'s range (MapRules), and each
///   side's map bytes must equal exactly what the rules give for its own B, entries and overflow
///   count (ClassicRules.settledBytes: hmap, mapextra, the bucket array, overflow buckets beyond the
///   preallocated ones and the overflow slice). So the bytes not decided by the hash are equal,
///   model and Go, exactly. Every map is checked settled (no growth still evacuating).
/// - Swiss: where the rules fix every figure (small presized maps, and unsized ones before their first
///   hash-decided split), map bytes, growths by kind, tables, directory length and capacity are
///   equal, model, Go and rules. Where a split may depend on the hash (many tables, even presized:
///   a table at 7/8 load may split), both sides' map bytes and tables must lie in the rules' range,
///   and are not asserted equal; the test prints how many of them are equal all the same.
/// Each generation must have at least 40 pairs compared exactly.
final class ShapeFidelityTests: XCTestCase {
    /// The shapes, as the suite would write them (canonical Go types, no named types).
    static let shapes: [(key: String, value: String)] = [
        ("struct{a int8; b int64; c int16}", "bool"),
        ("int64", "[200]uint8"),
        ("[132]uint8", "struct{}"),
        ("int64", "[128]uint8"),
        ("uint32", "uint8"),
        ("string", "*struct{id int64}"),
        ("int64", "string"),
        ("int64", "interface{}"),
        ("[16]uint8", "struct{}"),
        ("int64", "struct{n int32; end struct{}}"),
    ]
    /// The sizes: entries and sizing.
    static let sizes: [(keys: Int, sizing: Workload.Sizing)] = [
        (1_000, .unsized), (12_000, .unsized), (1_000, .presized), (2_000, .presized), (4_000, .presized),
        (12_000, .presized), (50_000, .presized),
    ]
    /// Every workload's sampling.
    static let sampling = Sampling(points: 10, spacing: .linear)

    /// The program for `shape` built with Go `version` (skips when the toolchain is not installed).
    func shapePeer(_ version: String, _ shape: GoMapShape) throws -> String {
        let root = try XCTUnwrap(GoToolchains.projectRoot(executable: #filePath))
        guard let toolchain = GoToolchains.find(version, root: root) else {
            throw XCTSkip("Go \(version) is not installed: run scripts/setup.sh")
        }
        switch GoToolchains.shapePeer(toolchain: toolchain, experiment: "", root: root, shape: shape) {
        case .success(let peer): return peer.path
        case .failure(let error):
            XCTFail("the Go peer for \(shape.goSyntax) does not build with Go \(version): \(error.firstLine)")
            throw XCTSkip("no Go peer")
        }
    }

    /// The model's and Go's rows of every shape and size: `impl` against Go `version`.
    func pairs(model impl: Workload.Impl, version: String,
               _ check: (_ name: String, _ shape: MapShape, _ hint: Int, _ model: ResultSet, _ go: ResultSet) throws
                   -> Void) throws {
        for (key, value) in Self.shapes {
            let keyType = try Workload.KeyType.resolve(key, named: [:])
            let valueType = try Workload.ValueType.resolve(value, named: [:])
            let peer = try shapePeer(version, GoMapShape(keyType: keyType.canonical, valueType: valueType.canonical))
            for (keys, sizing) in Self.sizes {
                let name = "map[\(key)]\(value) \(sizing.rawValue) \(keys)"
                let model = Workload(name: "model", impl: impl, key: keyType, value: valueType, sizing: sizing,
                                     keys: keys)
                let go = Workload(name: "go", impl: .go, key: keyType, value: valueType, sizing: sizing, keys: keys,
                                  goVersion: version)
                let modelRows = measured(model, sampling: Self.sampling)
                let goRows = try runGo(go.resolved(sampling: Self.sampling, seed: 42), peer: peer)
                for (side, rows) in [("model", modelRows), ("Go", goRows)] {
                    let row = try XCTUnwrap(rows.summary.first, "\(name): \(side) wrote no row")
                    XCTAssertEqual(row.status, .ok, "\(name): \(side)")
                    XCTAssertEqual(row.finalCount, keys, "\(name): \(side)")
                    XCTAssertEqual(row.goMapCanonical, "map[\(keyType.canonical)]\(valueType.canonical)", name)
                }
                try check(name, model.mapShape, model.hint, modelRows, goRows)
            }
        }
    }

    /// GoMap against Go 1.23.9.
    func testClassicModelEqualsGo123ForEveryShapeAndSize() throws {
        var exact = 0
        try pairs(model: .gomap, version: "1.23.9") { name, shape, hint, modelRows, goRows in
            let (m, g) = (modelRows.summary[0], goRows.summary[0])
            let n = m.finalCount
            XCTAssertEqual(m.growths, g.growths, "\(name): growths")
            XCTAssertEqual(m.growths[.sameSize], 0, name)
            let b = try XCTUnwrap(m.structure.b, name)
            XCTAssertEqual(m.structure.b, g.structure.b, "\(name): final B")
            XCTAssertEqual(m.structure.capacity, g.structure.capacity, "\(name): capacity")
            let prediction = MapRules.predict(MapSizeGeometry(shape), generation: .classic, entries: n, hint: hint)
            guard case .classic(let ruleB, _, let overflowRange, _) = prediction.structure else {
                return XCTFail("\(name): the rules gave no classic structure")
            }
            XCTAssertEqual(ruleB, b, "\(name): the rules' B")
            XCTAssertEqual(prediction.growthCount.min, m.growths.total, "\(name): the rules' growths")
            let rules = ClassicRules(geometry: MapSizeGeometry(shape), entries: n, hint: hint)
            var settled: [Int] = []
            for (side, row, rows) in [("model", m, modelRows), ("Go", g, goRows)] {
                let overflow = try XCTUnwrap(row.structure.overflowBuckets, "\(name): \(side)")
                XCTAssert(overflowRange.min <= overflow && overflow <= overflowRange.max,
                          "\(name): \(side)'s \(overflow) overflow buckets outside the rules' \(overflowRange)")
                XCTAssertEqual(rows.curve.last?.growing, false, "\(name): \(side) still evacuating at the end")
                let bytes = try XCTUnwrap(row.mapBytes, "\(name): \(side)")
                XCTAssertEqual(bytes, rules.settledBytes(overflow: overflow, extra: b >= 4 ? 1 : 0),
                               "\(name): \(side)'s map bytes against the rules at its \(overflow) overflow buckets")
                settled.append(bytes - rules.overflowBytes(b, overflow))
            }
            XCTAssertEqual(settled[0], settled[1], "\(name): map bytes less the hash-decided overflow")
            if settled[0] == settled[1] && m.structure.b == g.structure.b && m.growths == g.growths { exact += 1 }
        }
        XCTAssertGreaterThanOrEqual(exact, 40, "shape × size pairs equal in B, growths and rule-decided bytes")
    }

    /// SwissMap against Go 1.27.3.
    func testSwissModelEqualsGo127ForEveryShapeAndSize() throws {
        var exact = 0
        var equal = 0
        try pairs(model: .swissmap, version: "1.27.3") { name, shape, hint, modelRows, goRows in
            let (m, g) = (modelRows.summary[0], goRows.summary[0])
            let prediction = MapRules.predict(MapSizeGeometry(shape), generation: .swiss, entries: m.finalCount,
                                              hint: hint)
            guard case .swiss(let tables, _, let directory, _) = prediction.structure else {
                return XCTFail("\(name): the rules gave no Swiss structure")
            }
            let bytes = prediction.mapBytes
            if m.mapBytes == g.mapBytes && m.growths == g.growths && m.structure == g.structure { equal += 1 }
            if bytes.isExact && tables.isExact && directory.isExact && prediction.growthCount.isExact {
                XCTAssertEqual(m.mapBytes, g.mapBytes, "\(name): map bytes")
                XCTAssertEqual(m.mapBytes, bytes.min, "\(name): the rules' map bytes")
                XCTAssertEqual(m.growths, g.growths, "\(name): growths")
                XCTAssertEqual(m.structure, g.structure, "\(name): tables, directory and capacity")
                XCTAssertEqual(m.structure.tables, tables.min, "\(name): the rules' tables")
                if m.mapBytes == g.mapBytes && m.growths == g.growths && m.structure == g.structure { exact += 1 }
            } else {
                for (side, row) in [("model", m), ("Go", g)] {
                    let mapBytes = try XCTUnwrap(row.mapBytes, "\(name): \(side)")
                    XCTAssert(bytes.min <= mapBytes && mapBytes <= bytes.max,
                              "\(name): \(side)'s \(mapBytes) map bytes outside the rules' \(bytes)")
                    let count = try XCTUnwrap(row.structure.tables, "\(name): \(side)")
                    XCTAssert(tables.min <= count && count <= tables.max,
                              "\(name): \(side)'s \(count) tables outside the rules' \(tables)")
                }
            }
        }
        XCTAssertGreaterThanOrEqual(exact, 40, "pairs the rules decide, equal in map bytes, growths and structure")
        let pairs = Self.shapes.count * Self.sizes.count
        print("Swiss: \(exact) pairs decided by the rules and equal; \(equal) of \(pairs) pairs equal in all")
    }
}
