import XCTest

import MapCore
import MapHeapModel

/// MapRules (what `mapheap size` prints) against the real Go runtime: the Go peer measures small maps
/// of the types it takes (int64 and string keys; bool, struct{} and int64 values), unsized and
/// presized, with Go 1.23.9 (classic) and Go 1.27.3 (Swiss); each measured figure must equal the
/// prediction where the rules make it exact and fall inside the range where the hash decides.
final class SizeRulesGoTests: XCTestCase {
    /// Go layouts of the peer's types (the shapes the suite's aliases stand for).
    static let layouts: [String: GoTypeLayout] = [
        "int64": GoTypeLayout(size: 8, alignment: 8, hasPointers: false),
        "string": GoTypeLayout(size: 16, alignment: 8, hasPointers: true),
        "bool": GoTypeLayout(size: 1, alignment: 1, hasPointers: false),
        "empty": GoTypeLayout(size: 0, alignment: 1, hasPointers: false),
    ]

    static let shapes: [(Workload.KeyType, Workload.ValueType)] = [
        (.int64, .bool), (.string, .empty), (.int64, .int64),
    ]
    static let counts = [5, 100, 1_000, 20_000]

    func testPredictionsHoldAgainstGo() throws {
        var cases = 0
        var exact = 0
        for (version, generation) in [("1.23.9", GoMapGeneration.classic), ("1.27.3", .swiss)] {
            let peer = try goPeer(version)
            for (key, value) in Self.shapes {
                let shape = MapShape(key: Self.layouts[key.rawValue]!, value: Self.layouts[value.rawValue]!)
                let geometry = MapSizeGeometry(shape)
                for n in Self.counts {
                    for sizing in [Workload.Sizing.unsized, .presized] {
                        let workload = Workload(name: "size-\(key.rawValue)-\(value.rawValue)-\(n)-\(sizing.rawValue)",
                                                impl: .go, key: key, value: value, sizing: sizing, keys: n,
                                                goVersion: version)
                        let sampling = Sampling(points: 5, spacing: .linear)
                        let rows = try runGo(workload.resolved(sampling: sampling, seed: 42), peer: peer)
                        guard let row = rows.summary.first, let bytes = row.mapBytes else {
                            XCTFail("\(workload.name) go \(version): no summary row")
                            continue
                        }
                        let p = MapRules.predict(geometry, generation: generation, entries: n, hint: workload.hint)
                        let label = "\(workload.name) go \(version)"
                        cases += 1
                        if p.mapBytes.isExact { exact += 1 }
                        check(bytes, p.mapBytes, "map bytes " + label)
                        check(row.growths.total, p.growthCount, "growths " + label)
                        switch p.structure {
                        case .classic(let b, _, let overflow, _):
                            XCTAssertEqual(row.structure.b, b, "B " + label)
                            if let measured = row.structure.overflowBuckets {
                                check(measured, overflow, "overflow " + label)
                            }
                        case .swiss(let tables, _, let directory, let small):
                            if !small {
                                check(row.structure.tables ?? -1, tables, "tables " + label)
                                check(row.structure.directoryLength ?? -1, directory, "directory " + label)
                            }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(cases, 48)
        // Swiss maps and presized pointer-holding classic maps are exact; so are small maps.
        XCTAssertGreaterThanOrEqual(exact, 30)
    }

    func check(_ measured: Int, _ figure: RuleFigure, _ label: String, line: UInt = #line) {
        if figure.isExact {
            XCTAssertEqual(measured, figure.min, label + " (predicted exact)", line: line)
        } else {
            XCTAssertTrue(measured >= figure.min && measured <= figure.max,
                          "\(label): \(measured) outside the predicted \(figure.min)...\(figure.max)", line: line)
        }
    }
}
