import Foundation
import XCTest

@testable import MapHeapModel
import MapHeapTestFixtures

/// `go_env` (Suite+GoEnv.swift): the Go runtime settings a suite gives the Go peer, checked strictly,
/// merged suite-wide under the workload's own, and recorded in the summary row's `go_env` column.
final class GoEnvTests: XCTestCase {
    private let go = #""name": "w", "impl": "go", "go_version": "1.23.9", "key": "int64", "value": "bool", "#
        + #""sizing": "unsized", "keys": 1"#
    private let gomap = #""name": "g", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "#
        + #""keys": 1"#

    private func parse(_ workload: String, top: String = "") throws -> Suite {
        try Suite.parse(json: Array("{ \"name\": \"t\", \(top) \"workloads\": [ \(workload) ] }".utf8),
                        file: "bench-configs/x.json")
    }

    private func errorLine(_ workload: String, top: String = "", line: UInt = #line) -> String {
        configErrorLine({ try parse(workload, top: top) }, line: line)
    }

    func testSuiteWideGoEnvIsMergedUnderTheWorkloadsOwn() throws {
        let other = go.replacingOccurrences(of: "\"w\"", with: "\"v\"")
        let suite = try parse(#"{ \#(go), "go_env": { "GOGC": "50" } }, { \#(other) }, { \#(gomap) }"#,
                              top: #""go_env": { "GOGC": "200", "GOMEMLIMIT": "1GiB" },"#)
        XCTAssertEqual(suite.workloads[0].goEnv, ["GOGC": "50", "GOMEMLIMIT": "1GiB"])
        XCTAssertEqual(suite.workloads[1].goEnv, ["GOGC": "200", "GOMEMLIMIT": "1GiB"])
        XCTAssertEqual(suite.workloads[2].goEnv, [:], "only the Go peer runs with go_env")
        XCTAssertEqual(Suite.goEnvironmentText(suite.workloads[0].goEnv), "GOGC=50;GOMEMLIMIT=1GiB")
        XCTAssertEqual(Suite.goEnvironmentText([:]), "")
    }

    func testBadGoEnvIsOneLine() {
        XCTAssertEqual(errorLine(#"{ \#(go), "go_env": { "GOGCC": "50" } }"#),
                       #"bench-configs/x.json: workloads[0].go_env.GOGCC: unknown field "GOGCC"; "#
                           + "allowed fields here are GOGC, GOMEMLIMIT, GOMAXPROCS, GODEBUG")
        XCTAssertEqual(errorLine(#"{ \#(go), "go_env": { "GOGC": 50 } }"#),
                       #"bench-configs/x.json: workloads[0].go_env.GOGC: expected a string, found an integer 50; "#
                           + #"write the value as a string, e.g. "50""#)
        XCTAssertEqual(errorLine(#"{ \#(go), "go_env": { "GOGC": "fast" } }"#),
                       #"bench-configs/x.json: workloads[0].go_env.GOGC: "fast" is not a GOGC (a percentage or off); "#
                           + #"write e.g. "50""#)
        XCTAssertEqual(errorLine(#"{ \#(go) }"#, top: #""go_env": { "GOMEMLIMIT": "1GB" },"#),
                       #"bench-configs/x.json: go_env.GOMEMLIMIT: "1GB" is not a GOMEMLIMIT "#
                           + #"(bytes, with B, KiB, MiB, GiB or TiB, or off); write e.g. "1GiB""#)
        XCTAssertEqual(errorLine(#"{ \#(go), "go_env": "GOGC=50" }"#),
                       "bench-configs/x.json: workloads[0].go_env: expected an object, found a string; "
                           + "write it as { ... } with fields GOGC, GOMEMLIMIT, GOMAXPROCS, GODEBUG")
        XCTAssertEqual(errorLine(#"{ \#(gomap), "go_env": { "GOGC": "50" } }"#),
                       #"bench-configs/x.json: workloads[0].go_env: go_env is only allowed with "impl": "go" "#
                           + #"(impl is gomap); remove "go_env""#)
    }

    func testValuesTheRuntimeAccepts() {
        for (key, value) in [("GOGC", "off"), ("GOGC", "0"), ("GOGC", "400"), ("GOMEMLIMIT", "off"),
                             ("GOMEMLIMIT", "123"), ("GOMEMLIMIT", "512MiB"), ("GOMAXPROCS", "2"),
                             ("GODEBUG", "madvdontneed=1,gctrace=0")] {
            XCTAssertNil(Suite.goEnvironmentProblem(key: key, value: value), "\(key)=\(value)")
        }
        for (key, value) in [("GOGC", ""), ("GOGC", "-1"), ("GOMEMLIMIT", "GiB"), ("GOMAXPROCS", "0"),
                             ("GODEBUG", "gctrace"), ("GODEBUG", "a=1;b=2"), ("GODEBUG", "a=1,"),
                             ("GOARCH", "arm64")] {
            XCTAssertNotNil(Suite.goEnvironmentProblem(key: key, value: value), "\(key)=\(value)")
        }
    }

    func testGoEnvColumnRoundTripsAndSurvivesAFailedRow() throws {
        var measured = CSVFixture.summary("measured")
        measured.goEnv = "GOGC=50;GODEBUG=a=1,b=2"
        var failed = CSVFixture.summary("failed")
        failed.status = .failed
        failed.goEnv = "GOGC=off"
        let text = SummaryRow.csvDocument([measured, failed])
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasSuffix(",jobs_at_once,go_map_type,go_map_canonical,go_env"), lines[0])
        XCTAssertTrue(lines[1].hasSuffix(",\"GOGC=50;GODEBUG=a=1,b=2\""), lines[1])
        XCTAssertTrue(lines[2].hasSuffix(",GOGC=off"), lines[2])
        let read = try SummaryRow.decodeCSV(text, file: "s.csv")
        XCTAssertEqual(read.map(\.goEnv), ["GOGC=50;GODEBUG=a=1,b=2", "GOGC=off"])
    }
}
