import Foundation
import HeapStats
import XCTest

/// Refusals of key types ShapeRefusalTests does not name, most of them nested (a slice in a struct,
/// an interface in an array), and capacities at the edge: each stops `mapheap run` before anything
/// runs with one line naming the file and the field, exit status 2, no result directory; the same key
/// types within their capacity run.
final class ShapeRefusalNestedTests: XCTestCase {
    /// Runs a one-workload suite of map[`key`]bool with `keys` keys and returns (status, stderr, whether
    /// the result directory exists).
    private func run(key: String, keys: Int, file: StaticString = #filePath, line: UInt = #line) throws
        -> (status: Int32, stderr: String, path: String, ran: Bool) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mapheap-nested-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let suite = """
            { "name": "refusals", "sampling": {"points": 2, "spacing": "linear"},
              "workloads": [ { "name": "w", "impl": "gomap", "key": "\(key)", "value": "bool",
                               "sizing": "unsized", "keys": \(keys) } ] }
            """
        let path = root.appendingPathComponent("suite.json").path
        try Data(suite.utf8).write(to: URL(fileURLWithPath: path))
        let out = root.appendingPathComponent("out").path
        let result = try MapheapBinary.run(["run", path, "--out", out, "--quiet"], file: file, line: line)
        return (result.status, result.stderr, path, FileManager.default.fileExists(atPath: out))
    }

    /// Each refused key: exit 2, one line beginning with the file and the field, nothing run.
    func testNestedAndEdgeRefusalsAreOneLineWithExitTwo() throws {
        let cases: [(key: String, keys: Int, field: String, says: String)] = [
            ("map[int]int", 10, "key", "map[int]int is a map, which is not comparable in Go"),
            ("func()", 10, "key", "func() is a func, which is not comparable in Go"),
            ("error", 10, "key", "error is an interface"),
            ("*struct{}", 10, "key", "points to a zero-size type"),
            ("struct{a []int}", 10, "key", "[]int is a slice, which is not comparable in Go"),
            ("[2]any", 10, "key", "interface{} is an interface"),
            ("struct{c chan int}", 10, "key", "chan int is a channel"),
            ("uint16", 65_537, "keys", "key type uint16 has only 65536 distinct values, fewer than 65537 keys"),
            ("[0]int64", 2, "keys", "key type [0]int64 has only 1 distinct value, fewer than 2 keys"),
            ("struct{a bool; b int8}", 513, "keys", "has only 512 distinct values"),
        ]
        for c in cases {
            let result = try run(key: c.key, keys: c.keys)
            XCTAssertEqual(result.status, 2, "\(c.key): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "\(c.key): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("\(result.path): workloads[0].\(c.field): "),
                          "\(c.key): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(c.says), "\(c.key): \(result.stderr)")
            XCTAssertFalse(result.ran, "\(c.key): nothing ran")
        }
    }

    /// At their capacity the same key types run: uint16 with 65,536 keys and a bool and an int8 with 512.
    func testKeyTypesAtTheirCapacityRun() throws {
        if Jemalloc.isAddressSanitized { throw XCTSkip("run refuses under ASan: jemalloc is not the allocator") }
        for (key, keys) in [("uint16", 65_536), ("struct{a bool; b int8}", 512)] {
            let result = try run(key: key, keys: keys)
            XCTAssertEqual(result.status, 0, "\(key): \(result.stderr)")
        }
    }
}
