import Foundation
import MapHeapModel
import XCTest

/// Runs the built `mapheap compare` and checks its output and exit status (0 pass, 1 regression, 2 bad input).
final class CompareCommandTests: XCTestCase {
    private func runCompare(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try MapheapBinary.run(["compare"] + arguments)
    }

    private func temporaryDirectory() throws -> String {
        try temporaryDirectory(prefix: "mapheap-cli-")
    }

    func testIdenticalExitsZero() throws {
        let root = try temporaryDirectory()
        try ResultSet(summary: [ResultFixture.row("a")]).write(to: root + "/base")
        let result = try runCompare([root + "/base", root + "/base/summary.csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasSuffix("PASS: 13 checks hold across 1 workloads\n"), result.stdout)
        XCTAssertEqual(result.stderr, "")
    }

    func testRegressionPrintsTableAndExitsOne() throws {
        let root = try temporaryDirectory()
        try ResultSet(summary: [ResultFixture.row("a")]).write(to: root + "/base")
        try ResultSet(summary: [ResultFixture.row("a", growths: 22)]).write(to: root + "/cur")
        let result = try runCompare([root + "/base", root + "/cur", "--format", "markdown"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains(
            "| a | growths_doubling | 21 | 22 | +1 | +4.76% | **REGRESSION** | exact |"))
    }

    func testBadInputExitsTwoWithOneLine() throws {
        let root = try temporaryDirectory()
        try ResultSet(summary: [ResultFixture.row("a")]).write(to: root + "/base")
        let result = try runCompare([root + "/base", root + "/missing"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "mapheap compare: \(root)/missing: no such file or directory;"
            + " pass a result directory or a summary.csv\n")

        try "{ \"metrics\": { \"final_b\": { \"absolute\": 1 } } }".write(
            toFile: root + "/t.json", atomically: true, encoding: .utf8)
        let thresholds = try runCompare([root + "/base", root + "/base", "--thresholds", root + "/t.json"])
        XCTAssertEqual(thresholds.status, 2)
        XCTAssertTrue(thresholds.stderr.hasPrefix("mapheap compare: \(root)/t.json: metrics.final_b: "))
    }

    func testEmptyBaselineIsBadInputNotAPass() throws {
        let root = try temporaryDirectory()
        try ResultSet(summary: []).write(to: root + "/empty")
        try ResultSet(summary: [ResultFixture.row("a")]).write(to: root + "/current")
        let result = try runCompare([root + "/empty", root + "/current"])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(root + "/empty/summary.csv") && result.stderr.contains("no workload rows"),
                      result.stderr)
    }

    func testReportNeedsCurveAndGrowthFiles() throws {
        let root = try temporaryDirectory()
        try ResultSet(summary: [ResultFixture.row("a")]).write(to: root + "/full")
        let full = try MapheapBinary.run(["report", root + "/full"])
        XCTAssertEqual(full.status, 0, full.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/full/report.txt"))
        try FileManager.default.removeItem(atPath: root + "/full/growth.csv")
        try FileManager.default.removeItem(atPath: root + "/full/report.txt")
        let partial = try MapheapBinary.run(["report", root + "/full"])
        XCTAssertEqual(partial.status, 2, partial.stderr)
        XCTAssertTrue(partial.stderr.contains("growth.csv: missing"), partial.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/full/report.txt"), "nothing written")
    }
}
