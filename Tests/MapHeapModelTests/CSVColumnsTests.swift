import Foundation
import XCTest

@testable import MapHeapModel
import MapHeapTestFixtures

/// Sources/columns.json is the one statement of the result files' columns: the Swift codec (through the
/// generated CSV+Columns.swift) and the Go peer (columns_gen.go, checked by its own test) state what it
/// states, and PROTOCOL.md's column lists agree with it.
final class CSVColumnsTests: XCTestCase {
    private struct SchemaFile: Decodable {
        var name: String
        var file: String
        var schema: String
        var columns: [String]
        var optional: [String]
        var parent: [String]
    }

    private static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    private func schemaFiles() throws -> [String: SchemaFile] {
        struct Document: Decodable { var files: [SchemaFile] }
        let data = try Data(contentsOf: Self.sources.appendingPathComponent("columns.json"))
        let files = try JSONDecoder().decode(Document.self, from: data).files
        return Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0) })
    }

    private func check<Row: CSVResultRow>(_ row: Row.Type, _ file: SchemaFile?) {
        guard let file else { return XCTFail("Sources/columns.json has no file for \(Row.csvFileName)") }
        XCTAssertEqual(Row.csvSchema, file.schema, "\(file.name): run scripts/gen-columns.py")
        XCTAssertEqual(Row.csvFileName, file.file, "\(file.name): run scripts/gen-columns.py")
        XCTAssertEqual(Row.csvColumns, file.columns, "\(file.name): run scripts/gen-columns.py")
        XCTAssertEqual(Row.csvOptionalColumns, file.optional, "\(file.name): run scripts/gen-columns.py")
    }

    func testTheCodecStatesTheColumnsFile() throws {
        let files = try schemaFiles()
        XCTAssertEqual(files.keys.sorted(), ["curve", "growth", "latency", "summary"])
        check(SummaryRow.self, files["summary"])
        check(CurveRow.self, files["curve"])
        check(GrowthRow.self, files["growth"])
        check(LatencyRow.self, files["latency"])
        // The per-kind growth columns the codec derives from GrowthKind are columns of the file, in order.
        let growthColumns = SummaryRow.csvColumns.filter { $0.hasPrefix("growths_") }
        XCTAssertEqual(growthColumns, GrowthKind.allCases.map(\.summaryColumn))
        XCTAssertEqual(files["summary"]?.parent, ["jobs_at_once", "go_env"])
    }

    /// Every row writes one field per column.
    func testEveryRowWritesOneFieldPerColumn() {
        XCTAssertEqual(CSVFixture.summary().csvFields.count, SummaryRow.csvColumns.count)
        XCTAssertEqual(CSVFixture.curve().csvFields.count, CurveRow.csvColumns.count)
        XCTAssertEqual(CSVFixture.growth().csvFields.count, GrowthRow.csvColumns.count)
    }

    /// PROTOCOL.md states each file's columns as one list under the file's heading: the columns of
    /// the schema as first written, in order. Each appended column is named in it too.
    func testProtocolListsTheColumnsOfTheColumnsFile() throws {
        let text = try String(contentsOf: Self.sources.appendingPathComponent("PROTOCOL.md"), encoding: .utf8)
        for file in try schemaFiles().values.sorted(by: { $0.name < $1.name }) {
            let heading = "### `\(file.file)` (`\(file.schema)`)"
            guard let start = text.range(of: heading) else {
                XCTFail("PROTOCOL.md has no heading \(heading)")
                continue
            }
            // The first paragraph after the heading that is one code span: the column list.
            let paragraphs = text[start.upperBound...].components(separatedBy: "\n\n")
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let list = try XCTUnwrap(paragraphs.first { $0.hasPrefix("`schema,") }, file.file)
            let stated = list.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                .replacingOccurrences(of: "\n", with: " ").components(separatedBy: ", ")
            XCTAssertEqual(stated, file.columns.filter { !file.optional.contains($0) }, "PROTOCOL.md, \(file.file)")
            for column in file.optional {
                XCTAssertTrue(text.contains("`\(column)") || text.contains(" \(column),") || text.contains(" \(column)`"),
                              "PROTOCOL.md does not name \(file.file)'s appended column \(column)")
            }
        }
    }
}
