import Foundation
import XCTest

/// Every refused shape (docs/shapes.md) stops `mapheap run` before anything runs: one line on
/// stderr naming the file, the field and the problem, exit status 2, no result directory.
final class ShapeRefusalTests: XCTestCase {
    private func refusal(key: String, value: String, keys: Int, impl: String = "go",
                         types: String = "", file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mapheap-shape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let version = impl == "go" ? #""go_version": "1.27.3", "# : ""
        let suite = """
            { "name": "refusals", \(types.isEmpty ? "" : "\"types\": \(types),")
              "workloads": [ { "name": "w", "impl": "\(impl)", \(version)"key": "\(key)", "value": "\(value)",
                               "sizing": "unsized", "keys": \(keys) } ] }
            """
        let path = root.appendingPathComponent("suite.json").path
        try Data(suite.utf8).write(to: URL(fileURLWithPath: path))
        let out = root.appendingPathComponent("out").path
        let result = try MapheapBinary.run(["run", path, "--out", out, "--quiet"], file: file, line: line)
        XCTAssertEqual(result.status, 2, result.stderr, file: file, line: line)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix(path + ": workloads[0]."), result.stderr, file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing ran", file: file, line: line)
        return result.stderr
    }

    func testRefusedShapesAreOneLineWithExitTwo() throws {
        XCTAssertTrue(try refusal(key: "int8", value: "bool", keys: 1000)
            .contains("key type int8 has only 256 distinct values, fewer than 1000 keys"))
        XCTAssertTrue(try refusal(key: "bool", value: "bool", keys: 3).contains("key type bool has only 2 distinct"))
        XCTAssertTrue(try refusal(key: "struct{}", value: "bool", keys: 2).contains("has only 1 distinct value"))
        XCTAssertTrue(try refusal(key: "any", value: "bool", keys: 10).contains("is an interface"))
        XCTAssertTrue(try refusal(key: "chan int", value: "bool", keys: 10).contains("is a channel"))
        XCTAssertTrue(try refusal(key: "[]byte", value: "bool", keys: 10).contains("not comparable"))
        XCTAssertTrue(try refusal(key: "Missing", value: "bool", keys: 10).contains(#"unknown type "Missing""#))
        XCTAssertTrue(try refusal(key: "int64", value: "struct{a int8", keys: 10)
            .contains(#"workloads[0].value: workload "w": value "struct{a int8" is not a Go type: at column 14"#))
        XCTAssertTrue(try refusal(key: "int8", value: "bool", keys: 300, impl: "swissmap").contains("only 256"))
        XCTAssertTrue(try refusal(key: "[16]byte", value: "bool", keys: 10, impl: "dictionary")
            .contains("Swift's hashed collections store Swift types"))
    }
}
