import Foundation
import XCTest

import MapCore
import MapHeapModel
@testable import MapHeapReport

/// "Where each entry's bytes go" and the Go map column (Report+Shapes.swift), on the rows Go 1.23.9
/// and Go 1.27.3 measured for map[Padded]bool (Padded = struct{a int8; b int64; c int16}), 20,000
/// keys presized (mapheap run, this branch). The expected parts are worked out here by hand from Go's
/// layout: a 24-byte key, a 1-byte value, a 216-byte bucket (8 tophash, 8 × 24, 8 × 1, 8 overflow
/// pointer) and a 264-byte group (8 control, 8 slots of 32: 24 + 1 + 7 padding).
final class ReportShapesTests: XCTestCase {
    static let entries = 20_000

    static func row(_ workload: String, runtime: String, structure: MapStructure, mapBytes: Int) -> SummaryRow {
        var row = SummaryRow(
            workload: workload, impl: .go, runtime: runtime, allocator: "\(runtime) runtime.ReadMemStats",
            keyType: "Padded", valueType: "bool", sizing: .presized, hint: entries, ops: .insert, keys: entries,
            inserts: entries, deletes: 0, finalCount: entries, growths: GrowthCounts(), structure: structure,
            finalAllocatedBytes: mapBytes, peakAllocatedBytes: mapBytes, finalActiveBytes: mapBytes,
            finalResidentBytes: mapBytes, mapBytes: mapBytes, bytesPerKey: Double(mapBytes) / Double(entries),
            gcCycles: 0, seconds: 0.001, nsPerInsert: 50, samplingOverhead: 0.001, status: .ok, machine: "test",
            seed: 42)
        row.goMapType = "map[Padded]bool"
        row.goMapCanonical = "map[struct{a int8; b int64; c int16}]bool"
        return row
    }

    static let results = ResultSet(summary: [
        row("go1.23-p", runtime: "go1.23.9", structure: MapStructure(b: 12, overflowBuckets: 234, capacity: 32_768),
            mapBytes: 944_480),
        row("go1.27-p", runtime: "go1.27.3",
            structure: MapStructure(tables: 32, directoryLength: 32, capacity: 32_768), mapBytes: 1_312_048),
    ], curve: [], growth: [])

    let report = renderReport(ReportShapesTests.results)
    /// The same report with no table split at 120 columns, so that each row of the split is one line.
    let unsplit = renderReport(ReportShapesTests.results, tableWidth: nil)

    /// The cells of the section's row for `generation`.
    func cells(_ generation: String) throws -> [String] {
        let section = try XCTUnwrap(unsplit.components(separatedBy: "Where each entry's bytes go").last)
        let line = try XCTUnwrap(section.split(separator: "\n").first { $0.hasPrefix("  \(generation) ") })
        return line.split(separator: " ").map(String.init)
    }

    func testTheSplitOfEachGenerationFromTheLayoutAndTheMeasuredCounts() throws {
        // generation, measured by, sizing, entries, structure (several words), then 8 parts and the total.
        let classic = Array(try cells("classic").suffix(9))
        let swiss = Array(try cells("swiss").suffix(9))
        // key 24 and value 1 per entry; 2^12 buckets of 8 tophash bytes and 8 bytes of padding (the
        // overflow pointer): 32,768 / 20,000 = 1.6384 each; slack (32,768 − 20,000) slots × 25 bytes.
        XCTAssertEqual(Array(classic.prefix(5)), ["24.00", "1.00", "1.64", "1.64", "15.96"])
        XCTAssertEqual(classic[6], "0.00", "no indirect blocks")
        XCTAssertEqual(classic.last, "47.22", "944,480 / 20,000 measured")
        // 4,096 groups: 7 bytes of padding in each of 8 slots (229,376 bytes, 11.4688 per entry), the
        // 8-byte control words; the same slack; no overflow in a Swiss map.
        XCTAssertEqual(Array(swiss.prefix(6)), ["24.00", "1.00", "11.47", "1.64", "15.96", "0.00"])
        XCTAssertEqual(swiss.last, "65.60", "1,312,048 / 20,000 measured")
        for parts in [classic, swiss] {
            let hundredths = parts.dropLast().map { Int(Double($0)! * 100 + ($0.hasPrefix("-") ? -0.5 : 0.5)) }
            XCTAssertEqual(hundredths.reduce(0, +), Int(Double(parts.last!)! * 100 + 0.5),
                           "the printed parts add up to the printed total: \(parts)")
        }
        XCTAssertTrue(report.contains("presized: go1.27.3 / go1.23.9 map bytes per entry = 65.60 / 47.22 = 1.39x"),
                      report)
        XCTAssertTrue(report.contains("map[Padded]bool (map[struct{a int8; b int64; c int16}]bool)"))
        let flat = report.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        XCTAssertTrue(flat.contains("key 24 B (align 8), value 1 B (align 1); classic bucket 216 B for 8 entries, "
            + "Swiss group 264 B (split layout 208 B)."))
        XCTAssertTrue(flat.contains("(go1.27.3 − go1.23.9, derived): rest +11.53, padding +9.83, overflow -2.98."))
    }

    func testThePartsAddUpToTheMeasuredBytesExactly() throws {
        for row in Self.results.summary {
            let split = try XCTUnwrap(row._byteSplit)
            XCTAssertEqual(split.total, row.mapBytes, row.workload)
            XCTAssertEqual(split.parts.map(\.bytes).reduce(0, +), row.mapBytes, row.workload)
        }
    }

    func testPerEntryRoundingKeepsTheSum() {
        let thirds = _Report.perEntry([1, 1, 1], total: 3, entries: 3)
        XCTAssertEqual(thirds.parts, ["0.34", "0.33", "0.33"])
        XCTAssertEqual(thirds.total, "1.00")
        let negative = _Report.perEntry([-1, 4], total: 3, entries: 2)
        XCTAssertEqual(negative.parts, ["-0.50", "2.00"])
        XCTAssertEqual(negative.total, "1.50")
    }

    func testWorkloadTablesNameTheMapInGoSyntax() throws {
        let line = try XCTUnwrap(report.split(separator: "\n").first {
            $0.contains("map[Padded]bool") && $0.contains(" go ")
        })
        XCTAssertTrue(line.hasPrefix("  map[Padded]bool  go "), String(line))
        // Rows written before go_map_type existed: no column, so older reports keep their text.
        var old = Self.results
        for index in old.summary.indices { old.summary[index].goMapType = nil }
        XCTAssertFalse(renderReport(old).contains("Go map"))
    }
}
