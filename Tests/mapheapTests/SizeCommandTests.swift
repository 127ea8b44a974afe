import Foundation
import MapHeapModel
import XCTest

/// Runs the built `mapheap size` as a user would: the JSON schema pinned, the baseline's 10M figures,
/// the formats, --types, --curve, and bad input (one line, exit status 2).
final class SizeCommandTests: XCTestCase {
    private func size(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try MapheapBinary.run(["size"] + arguments)
    }

    /// The JSON schema (docs/size.md): every object's keys, in order, and those of its parts.
    static let objectKeys = [
        "schema", "type", "key_type", "value_type", "go", "generation", "entries", "hint", "map_bytes",
        "map_bytes_min", "map_bytes_max", "exact", "structure", "growths", "growth_steps", "peak_bytes",
        "last_growth_at", "next_growth_at", "bytes_split", "no_growth_hint", "no_growth_hint_bytes",
    ]
    static let figureKeys = ["value", "min", "max", "exact"]
    static let classicStructureKeys = ["b", "buckets", "preallocated_overflow_buckets", "overflow_buckets", "growing"]
    static let swissStructureKeys = ["small", "tables", "groups", "directory_length"]
    static let stepKeys = ["kind", "at_entry", "count", "detail", "bytes_allocated"]
    static let splitKeys = ["key", "value", "padding", "control", "slack", "overflow", "indirect", "structure"]

    /// The keys of the JSON object in `text` that starts at `text`'s first "{" after `marker`, in order.
    func keys(of text: Substring) -> [String] {
        // Top-level keys of one object: scan with depth, collecting "name": at depth 1.
        var keys: [String] = []
        var depth = 0
        var index = text.startIndex
        var inString = false
        var current = ""
        var stringStartDepth = 0
        while index < text.endIndex {
            let c = text[index]
            if inString {
                if c == "\\" {
                    index = text.index(after: index)
                } else if c == "\"" {
                    inString = false
                    let next = text[text.index(after: index)...].prefix(1)
                    if next == ":" && stringStartDepth == 1 { keys.append(current) }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                inString = true
                current = ""
                stringStartDepth = depth
            } else if c == "{" || c == "[" {
                depth += 1
            } else if c == "}" || c == "]" {
                depth -= 1
                if depth == 0 { break }
            }
            index = text.index(after: index)
        }
        return keys
    }

    func testJSONSchemaIsPinnedAndTenMillionEqualsTheBaseline() throws {
        let result = try size(["map[string]struct{}", "--entries", "10000000", "--go", "1.23.9,1.27.3",
                               "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 4)  // "[", one object per version, "]"
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        // The default baseline's models at 10M string/struct{} keys (results/baseline/summary.csv).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let baseline = try ResultSet.readSummary(from: root + "/results/baseline/summary.csv", warn: { _ in })
        let classic = try XCTUnwrap(baseline.first { $0.workload == "gomap-string-empty-unsized" })
        let swiss = try XCTUnwrap(baseline.first { $0.workload == "swissmap-string-empty-unsized" })
        XCTAssertEqual(objects.count, 2)
        for (line, object) in zip(lines.dropFirst().prefix(2), objects) {
            let text = line.drop { $0 != "{" }
            XCTAssertEqual(keys(of: text), Self.objectKeys)
            XCTAssertEqual(object["schema"] as? String, "mapheap.size.v1")
            XCTAssertEqual(object["key_type"] as? String, "string")
            XCTAssertEqual(object["value_type"] as? String, "struct{}")
            XCTAssertEqual(object["entries"] as? Int, 10_000_000)
            XCTAssertEqual(object["hint"] as? Int, 0)
            XCTAssertEqual(object["exact"] as? Bool, true)
            let structure = try XCTUnwrap(object["structure"] as? [String: Any])
            let structureText = text[text.range(of: "\"structure\": ")!.upperBound...]
            let generation = object["generation"] as? String
            XCTAssertEqual(keys(of: structureText),
                           generation == "classic" ? Self.classicStructureKeys : Self.swissStructureKeys)
            let growthsText = text[text.range(of: "\"growths\": ")!.upperBound...]
            XCTAssertEqual(keys(of: growthsText), Self.figureKeys)
            let stepText = text[text.range(of: "\"growth_steps\": [")!.upperBound...]
            XCTAssertEqual(keys(of: stepText), Self.stepKeys)
            let splitText = text[text.range(of: "\"bytes_split\": ")!.upperBound...]
            XCTAssertEqual(keys(of: splitText), Self.splitKeys)
            if generation == "classic" {
                XCTAssertEqual(object["go"] as? String, "1.23.9")
                XCTAssertEqual(object["map_bytes"] as? Int, classic.mapBytes)
                XCTAssertEqual(structure["b"] as? Int, classic.structure.b)
                XCTAssertEqual((object["growths"] as? [String: Any])?["value"] as? Int, classic.growths.total)
            } else {
                XCTAssertEqual(object["go"] as? String, "1.27.3")
                XCTAssertEqual(object["map_bytes"] as? Int, swiss.mapBytes)
                XCTAssertEqual((structure["tables"] as? [String: Any])?["value"] as? Int, swiss.structure.tables)
                XCTAssertEqual((object["growths"] as? [String: Any])?["value"] as? Int, swiss.growths.total)
            }
            XCTAssertEqual(object["map_bytes_min"] as? Int, object["map_bytes"] as? Int)
            XCTAssertEqual(object["map_bytes_max"] as? Int, object["map_bytes"] as? Int)
        }
    }

    func testRangesAreLabelled() throws {
        let result = try size(["map[int64]bool", "--entries", "1000000", "--go", "1.27.3"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("tables                    ~2,043 (range "), result.stdout)
        let csv = try size(["map[int64]bool", "--entries", "1000000", "--format", "csv", "--go", "1.23.9,1.27.3"])
        let rows = csv.stdout.split(separator: "\n")
        XCTAssertEqual(rows.count, 3)
        // --go all: every release of MapCore's GoRelease table, oldest first.
        let all = try size(["map[int64]bool", "--entries", "10", "--format", "csv", "--go", "all"])
        XCTAssertEqual(all.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[2]) },
                       ["1.21.13", "1.22.10", "1.23.9", "1.24.11", "1.25.5", "1.26.6", "1.27.3"])
        XCTAssertTrue(rows[0].hasPrefix(
            "schema,type,go,generation,entries,hint,map_bytes,map_bytes_min,map_bytes_max,exact,"))
        XCTAssertTrue(rows[2].contains(",1.27.3,swiss,1000000,0,"), String(rows[2]))
        XCTAssertTrue(rows[2].contains(",false,"))
        let markdown = try size(["map[int64]bool", "--entries", "100", "--format", "markdown", "--go", "1.23.9"])
        XCTAssertTrue(markdown.stdout.contains("| map bytes | "), markdown.stdout)
    }

    func testTypesFileAndBadInput() throws {
        let root = try temporaryDirectory(prefix: "mapheap-size-")
        let good = root + "/types.go"
        try """
            package sessions

            // Session is what the cache keeps.
            type Session struct {
                ID   int64  `json:"id"`
                Name string // shown
            }
            type Key [16]byte
            """.write(toFile: good, atomically: true, encoding: .utf8)
        let named = try size(["map[Key]Session", "--entries", "10", "--types", good, "--format", "json"])
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertTrue(named.stdout.contains(
            "\"key_type\": \"[16]uint8\", \"value_type\": \"struct{ID int64; Name string}\""),
                      named.stdout)
        let bad = root + "/bad.go"
        try "type A struct {\n    X int\n}\n\nfunc f() {}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["map[A]int", "--entries", "3", "--types", bad], "--types \(bad):5: unsupported syntax 'func f() {}'"),
            (["map[[]byte]int", "--entries", "5"], "TYPE 'map[[]byte]int': the key []uint8 is a slice"),
            (["map[int]int", "--entries=-1"], "mapheap: --entries -1: must not be negative"),
            (["map[int]int", "--entries", "5", "--go", "1.22.0"], "--go: unknown Go version \"1.22.0\""),
            (["map[int", "--entries", "5"], "TYPE 'map[int': at column 8"),
            (["[]int", "--entries", "5"], "TYPE '[]int': not a map type"),
            (["map[any]int", "--entries", "5", "--verify"], "--verify: key: key type interface{} cannot be a key here"),
            (["map[bool]int", "--entries", "3", "--verify"], "--verify: keys: key type bool has only 2 distinct values"),
        ]
        for (arguments, prefix) in cases {
            let result = try size(arguments)
            XCTAssertEqual(result.status, 2, arguments.joined(separator: " "))
            XCTAssertEqual(result.stdout, arguments.contains("--verify") ? result.stdout : "")
            XCTAssertTrue(result.stderr.hasPrefix(prefix), result.stderr)
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr)
        }
    }

    func testCurveMarksGrowthsFromTheRules() throws {
        let root = try temporaryDirectory(prefix: "mapheap-size-")
        let result = try size(["map[int64]bool", "--entries", "10", "--curve", "2000", "--curve-dir", root])
        XCTAssertEqual(result.status, 0, result.stderr)
        let csv = try String(contentsOfFile: root + "/size-curve.csv", encoding: .utf8)
        let rows = csv.split(separator: "\n")
        XCTAssertEqual(rows.first, "go,generation,entries,map_bytes,map_bytes_min,map_bytes_max,exact,growth")
        // Classic doublings at 9, 14, 27, 53, ...; Swiss: 9 (small to table), 15, 29, ..., 449, 897 (split).
        let classicGrowths = rows.filter { $0.hasPrefix("1.23.9,") && $0.hasSuffix(",true") }
            .map { Int($0.split(separator: ",")[2])! }
        XCTAssertEqual(classicGrowths, [9, 14, 27, 53, 105, 209, 417, 833, 1665])
        let swissGrowths = rows.filter { $0.hasPrefix("1.27.3,") && $0.hasSuffix(",true") }
            .map { Int($0.split(separator: ",")[2])! }
        XCTAssertEqual(swissGrowths, [9, 15, 29, 57, 113, 225, 449, 897])
        XCTAssertTrue(rows.contains("1.27.3,swiss,896,18520,18520,18520,true,false"), csv)
        let svg = try String(contentsOfFile: root + "/size-curve.svg", encoding: .utf8)
        XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 17)
    }
}
