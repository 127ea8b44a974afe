import Foundation
import XCTest

import MapCore

@testable import MapHeapModel
import MapHeapTestFixtures

/// The suite format: every rule gives its one-line error; the committed suites load.
final class SuiteTests: XCTestCase {
    private let file = "bench-configs/x.json"

    /// A valid suite with one workload whose fields are replaced by `workload` (nil values remove).
    private func suiteJSON(_ workload: String, top: String = "") -> String {
        """
        { "name": "t", \(top)
          "workloads": [ \(workload) ] }
        """
    }

    private let base = #""name": "w", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized""#

    private func parse(_ text: String) throws -> Suite {
        try Suite.parse(json: Array(text.utf8), file: file)
    }

    /// Parses `text`, expecting a ConfigError; returns its one line.
    private func errorLine(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        configErrorLine({ try parse(text) }, file: file, line: line)
    }

    func testMinimalSuiteGetsDefaults() throws {
        let suite = try parse(suiteJSON("{ \(base), \"keys\": 100 }"))
        XCTAssertEqual(suite.name, "t")
        XCTAssertEqual(suite.seed, 42)
        XCTAssertEqual(suite.sampling, Sampling(points: 1000, spacing: .linear))
        XCTAssertEqual(suite.workloads, [
            Workload(name: "w", impl: .gomap, key: .int64, value: .bool, sizing: .unsized, keys: 100),
        ])
        XCTAssertEqual(suite.workloads[0].ops, .insert)
        XCTAssertEqual(suite.workloads[0].rounds, 0)
        XCTAssertEqual(suite.workloads[0].hint, 0)
    }

    func testExampleFromTheDesign() throws {
        let text = """
            { "name": "default", "seed": 7, "sampling": { "points": 500, "spacing": "log" },
              "workloads": [
                { "name": "a", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 10 },
                { "name": "b", "impl": "gomap", "key": "string", "value": "empty", "sizing": "hint", "hint": 1000,
                  "keys": 10000 },
                { "name": "c", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 100,
                  "ops": "churn", "rounds": 3 },
                { "name": "d", "impl": "set", "key": "string", "value": "empty", "sizing": "presized", "keys": 5 },
                { "name": "e", "impl": "dictionary", "key": "int64", "value": "int64", "sizing": "unsized", "keys": 5,
                  "ops": "churn" }
              ] }
            """
        let suite = try parse(text)
        XCTAssertEqual(suite.seed, 7)
        XCTAssertEqual(suite.sampling, Sampling(points: 500, spacing: .log))
        XCTAssertEqual(suite.workloads.map(\.name), ["a", "b", "c", "d", "e"])
        XCTAssertEqual(suite.workloads[1].sizing, .hint)
        XCTAssertEqual(suite.workloads[1].hint, 1000)
        XCTAssertEqual(suite.workloads[2].ops, .churn)
        XCTAssertEqual(suite.workloads[2].rounds, 3)
        XCTAssertEqual(suite.workloads[3].hint, 5, "presized: hint = keys")
        XCTAssertEqual(suite.workloads[4].rounds, 8, "churn default rounds")
    }

    func testUnknownFieldsAtEveryLevel() {
        let top = errorLine(suiteJSON("{ \(base), \"keys\": 1 }", top: "\"sead\": 1,"))
        XCTAssertEqual(top, #"bench-configs/x.json: sead: unknown field "sead"; allowed fields here are "#
            + "name, seed, sampling, latency, types, workloads, go_env")
        let sampling = errorLine(suiteJSON("{ \(base), \"keys\": 1 }", top: #""sampling": {"point": 3},"#))
        XCTAssertEqual(sampling, #"bench-configs/x.json: sampling.point: unknown field "point"; "#
            + "allowed fields here are points, spacing")
        let workload = errorLine(suiteJSON("{ \(base), \"keys\": 1, \"key_type\": \"int64\" }"))
        XCTAssertTrue(workload.hasPrefix(#"bench-configs/x.json: workloads[0].key_type: unknown field "key_type""#))
        XCTAssertTrue(workload.contains(
            "allowed fields here are name, impl, key, value, sizing, hint, keys, ops, rounds"))
    }

    func testWorkloadLatencyOverridesTheSuites() throws {
        let text = """
            { "name": "t", "latency": false, "workloads": [
                { \(base), "keys": 10 },
                { "name": "w-timed", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized",
                  "keys": 10, "latency": true },
                { "name": "w-untimed", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized",
                  "keys": 10, "latency": false }
              ] }
            """
        let suite = try parse(text)
        XCTAssertEqual(suite.workloads.map(\.latency), [nil, true, false])
        XCTAssertEqual(suite.workloads.map { suite.latency(of: $0) }, [false, true, false])
        XCTAssertEqual(suite.workloads.map { suite.latency(of: $0, forced: true) }, [true, true, true],
                       "--latency times every workload")
        var timedSuite = suite
        timedSuite.latency = true
        XCTAssertEqual(suite.workloads.map { timedSuite.latency(of: $0) }, [true, true, false],
                       "a workload without the field follows the suite; one with it, itself")
        let spec = suite.workloads[1].resolved(sampling: suite.sampling, seed: suite.seed,
                                               latency: suite.latency(of: suite.workloads[1]))
        XCTAssertTrue(spec.latency)
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": 1, \"latency\": \"yes\" }")),
            "bench-configs/x.json: workloads[0].latency: not a boolean; use true to time every insert of this "
                + "workload, false not to")
        XCTAssertTrue(errorLine(suiteJSON("{ \(base), \"keys\": 1, \"latency\": 1 }"))
            .hasPrefix("bench-configs/x.json: workloads[0].latency: not a boolean"))
        XCTAssertTrue(errorLine(suiteJSON("{ \(base), \"keys\": 1, \"latency\": null }"))
            .hasPrefix("bench-configs/x.json: workloads[0].latency: not a boolean"))
    }

    func testWrongTypes() {
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": \"1000\" }")),
            #"bench-configs/x.json: workloads[0].keys: expected an integer, found a string "1000"; write an integer"#
        )
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": 1000.5 }")),
            "bench-configs/x.json: workloads[0].keys: expected an integer, found a fractional number 1000.5;"
                + " write an integer"
        )
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": true }")),
            "bench-configs/x.json: workloads[0].keys: expected an integer, found a boolean true; write an integer"
        )
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": 1 }", top: "\"seed\": 1.0,")),
            "bench-configs/x.json: seed: expected an integer, found a fractional number 1.0; write an integer"
        )
        XCTAssertEqual(
            errorLine(#"{ "name": "t", "workloads": {} }"#),
            "bench-configs/x.json: workloads: expected an array, found an object; write an array"
        )
        XCTAssertTrue(errorLine(#"{ "name": "t", "workloads": [3] }"#).hasPrefix(
            "bench-configs/x.json: workloads[0]: expected an object, found an integer; write it as { ... }"
        ))
        XCTAssertEqual(
            errorLine(#"{ "name": 5, "workloads": [] }"#),
            "bench-configs/x.json: name: expected a string, found an integer 5; write a string"
        )
        XCTAssertTrue(errorLine("[1, 2]").hasPrefix("bench-configs/x.json: expected an object, found an array"))
    }

    func testKeysMustBePositive() {
        for keys in ["0", "-5"] {
            XCTAssertEqual(
                errorLine(suiteJSON("{ \(base), \"keys\": \(keys) }")),
                "bench-configs/x.json: workloads[0].keys: \(keys) is out of range 1...\(Int.max);"
                    + " use a positive number of keys"
            )
        }
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base) }")),
            #"bench-configs/x.json: workloads[0].keys: missing required field; add "keys": a positive integer"#
        )
    }

    func testUnknownChoices() {
        let gomapp = #""name": "w", "impl": "gomapp", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 1"#
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(gomapp) }")),
            #"bench-configs/x.json: workloads[0].impl: unknown impl "gomapp"; use one of gomap, swissmap, go, dictionary, set"#
        )
        XCTAssertEqual(
            errorLine(suiteJSON(#"{ "name": "w", "impl": "gomap", "key": "int33", "value": "bool", "#
                + #""sizing": "unsized", "keys": 1 }"#)),
            #"bench-configs/x.json: workloads[0].key: workload "w": key "int33" is not a Go type: at column 1: "#
                + #"unknown type "int33": define it in the suite's "types"; write a Go type (e.g. [16]byte, "#
                + #"struct{a int32; b int64}, a name from the suite's "types") or an alias (int64, string, string-long)"#
        )
        XCTAssertEqual(
            errorLine(suiteJSON(#"{ "name": "w", "impl": "gomap", "key": "int64", "value": "void", "#
                + #""sizing": "unsized", "keys": 1 }"#)),
            #"bench-configs/x.json: workloads[0].value: workload "w": value "void" is not a Go type: at column 1: "#
                + #"unknown type "void": define it in the suite's "types"; write a Go type (e.g. [16]byte, "#
                + #"struct{a int32; b int64}, a name from the suite's "types") or an alias (bool, empty, int64)"#
        )
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": 1, \"ops\": \"lookup\" }")),
            #"bench-configs/x.json: workloads[0].ops: unknown ops "lookup"; use one of insert, churn"#
        )
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": 1 }", top: #""sampling": {"spacing": "exp"},"#)),
            #"bench-configs/x.json: sampling.spacing: unknown spacing "exp"; use one of linear, log"#
        )
    }

    func testGoNeedsAnExactGoVersionAndOnlyGoHasOne() throws {
        let go = #""name": "w", "impl": "go", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 1"#
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(go) }")),
            #"bench-configs/x.json: workloads[0].go_version: missing required field; add "go_version": "1.23.9" (the Go toolchain to run)"#
        )
        XCTAssertEqual(
            errorLine(suiteJSON(#"{ \#(go), "go_version": "1.23" }"#)),
            #"bench-configs/x.json: workloads[0].go_version: "1.23" is not a Go release; write an exact release such as "1.23.9" or "1.27.3""#
        )
        XCTAssertEqual(
            errorLine(suiteJSON(#"{ \#(go), "go_version": "1.27.3", "goexperiment": "Map Split" }"#)),
            #"bench-configs/x.json: workloads[0].goexperiment: "Map Split" is not a GOEXPERIMENT list; write lower-case experiment names joined by commas, e.g. "mapsplitgroup""#
        )
        XCTAssertEqual(
            errorLine(suiteJSON(#"{ "name": "w", "impl": "dictionary", "key": "int64", "value": "bool", "#
                + #""sizing": "unsized", "keys": 1, "go_version": "1.23.9" }"#)),
            #"bench-configs/x.json: workloads[0].go_version: go_version is only allowed with "impl": "gomap" or "swissmap" or "go" (impl is dictionary); remove "go_version""#
        )
        XCTAssertEqual(
            errorLine(suiteJSON(#"{ \#(go), "go_version": "1.20.14" }"#)),
            #"bench-configs/x.json: workloads[0].go_version: Go 1.20.14 is not a release mapheap measures; use one of 1.21.13, 1.22.10, 1.23.9, 1.24.11, 1.25.5, 1.26.6, 1.27.3"#
        )
        XCTAssertEqual(
            errorLine(suiteJSON(#"{ \#(go), "go_version": "1.26.6", "goexperiment": "noswissmap" }"#)),
            #"bench-configs/x.json: workloads[0].goexperiment: GOEXPERIMENT noswissmap is not in Go 1.26.6 (the releases that have it: 1.24.11, 1.25.5); remove "goexperiment" or change "go_version""#
        )
        XCTAssertEqual(
            errorLine(suiteJSON(#"{ \#(go), "go_version": "1.24.11", "goexperiment": "mapsplitgroup" }"#)),
            #"bench-configs/x.json: workloads[0].goexperiment: GOEXPERIMENT mapsplitgroup is not in Go 1.24.11 (the releases that have it: 1.27.3); remove "goexperiment" or change "go_version""#
        )
        XCTAssertEqual(
            errorLine(suiteJSON(#"{ \#(go), "go_version": "1.27.3", "goexperiment": "arenas" }"#)),
            #"bench-configs/x.json: workloads[0].goexperiment: GOEXPERIMENT arenas is not one mapheap measures (it measures noswissmap, mapsplitgroup); remove "goexperiment" or change "go_version""#
        )
        for pair in [("1.24.11", "noswissmap"), ("1.25.5", "noswissmap"), ("1.27.3", "mapsplitgroup")] {
            XCTAssertNoThrow(try Suite.parse(json: Array(suiteJSON(
                #"{ \#(go), "go_version": "\#(pair.0)", "goexperiment": "\#(pair.1)" }"#).utf8), file: "bench-configs/x.json"))
        }
        let suite = try Suite.parse(json: Array(suiteJSON(#"{ \#(go), "go_version": "1.27.3", "goexperiment": "mapsplitgroup" }"#).utf8),
                                    file: "bench-configs/x.json")
        let workload = try XCTUnwrap(suite.workloads.first)
        XCTAssertEqual(workload.goVersion, "1.27.3")
        XCTAssertEqual(workload.goExperiment, "mapsplitgroup")
        let spec = workload.resolved(sampling: Sampling(), seed: 42)
        XCTAssertEqual(spec.goVersion, "1.27.3")
        XCTAssertEqual(spec.goExperiment, "mapsplitgroup")
    }

    func testSetNeedsEmptyValuesAndDictionaryWithEmptyIsASet() {
        let set = errorLine(suiteJSON(#"{ "name": "w", "impl": "set", "key": "int64", "value": "bool", "#
            + #""sizing": "unsized", "keys": 1 }"#))
        XCTAssertEqual(set, #"bench-configs/x.json: workloads[0].value: impl set has no values, so value must be "#
            + #""empty"; use "value": "empty", or impl dictionary for bool values"#)
        let dictionary = errorLine(suiteJSON(#"{ "name": "w", "impl": "dictionary", "key": "int64", "#
            + #""value": "empty", "sizing": "unsized", "keys": 1 }"#))
        XCTAssertEqual(dictionary, "bench-configs/x.json: workloads[0].value: impl dictionary with empty values is"
            + #" Swift's Set; use "impl": "set" for empty values"#)
    }

    func testHintRules() {
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": 1, \"hint\": 10 }")),
            #"bench-configs/x.json: workloads[0].hint: hint is only allowed with "sizing": "hint" (sizing is "#
                + #"unsized); remove "hint", or set "sizing": "hint""#
        )
        let noHint = #""name": "w", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "hint", "keys": 1"#
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(noHint) }")),
            "bench-configs/x.json: workloads[0].hint: missing required field;"
                + #" add "hint": a non-negative integer (sizing hint needs it)"#
        )
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(noHint), \"hint\": -1 }")),
            "bench-configs/x.json: workloads[0].hint: -1 is out of range 0...\(Int.max); use a non-negative hint"
        )
        XCTAssertEqual(try parse(suiteJSON("{ \(noHint), \"hint\": 0 }")).workloads[0].hint, 0)
    }

    func testRoundsRules() {
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": 1, \"rounds\": 3 }")),
            #"bench-configs/x.json: workloads[0].rounds: rounds is only allowed with "ops": "churn"; "#
                + #"remove "rounds", or set "ops": "churn""#
        )
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": 1, \"ops\": \"churn\", \"rounds\": 1001 }")),
            "bench-configs/x.json: workloads[0].rounds: 1001 is out of range 1...1000; use 1 to 1000 rounds"
        )
    }

    func testSamplingAndSeedRanges() {
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": 1 }", top: #""sampling": {"points": 1},"#)),
            "bench-configs/x.json: sampling.points: 1 is out of range 2...100000; use 2 to 100000 points"
        )
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": 1 }", top: #""seed": -1,"#)),
            "bench-configs/x.json: seed: -1 is out of range 0...\(Int.max); use a non-negative integer"
        )
    }

    func testNames() {
        XCTAssertEqual(
            errorLine(suiteJSON(#"{ "name": "a b", "impl": "gomap", "key": "int64", "value": "bool", "#
                + #""sizing": "unsized", "keys": 1 }"#)),
            #"bench-configs/x.json: workloads[0].name: invalid name "a b"; use letters, digits, '.', '_' and '-' only"#
        )
        XCTAssertTrue(errorLine(suiteJSON(#"{ "name": "", "impl": "gomap", "key": "int64", "value": "bool", "#
            + #""sizing": "unsized", "keys": 1 }"#)).contains(#"workloads[0].name: invalid name """#))
        XCTAssertEqual(
            errorLine(suiteJSON("{ \(base), \"keys\": 1 }, { \(base), \"keys\": 2 }")),
            #"bench-configs/x.json: workloads[1].name: duplicate name "w" (also workloads[0]); "#
                + "give every workload its own name"
        )
        XCTAssertEqual(
            errorLine(#"{ "name": "t", "workloads": [] }"#),
            "bench-configs/x.json: workloads: the list is empty; add at least one workload"
        )
    }

    func testMalformedJSONNamesThePosition() {
        let text = "{ \"name\": \"t\",\n  \"workloads\": [ }\n"
        XCTAssertEqual(
            errorLine(text),
            "bench-configs/x.json: malformed JSON at line 2, column 18: unexpected '}'; expected a value;"
                + " fix the JSON syntax"
        )
        XCTAssertEqual(
            errorLine(#"{ "name": "t", "name": "u" }"#),
            #"bench-configs/x.json: malformed JSON at line 1, column 16: duplicate member "name"; fix the JSON syntax"#
        )
        XCTAssertTrue(errorLine("").contains("malformed JSON at line 1, column 1: unexpected end of file"))
    }

    func testMissingFile() {
        XCTAssertThrowsError(try Suite.load(path: "/nonexistent/none.json")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/none.json: no such file; check the path")
        }
    }

    func testSelecting() throws {
        let other = base.replacingOccurrences(of: "\"w\"", with: "\"v\"")
        let suite = try parse(suiteJSON("{ \(base), \"keys\": 1 }, { \(other), \"keys\": 2 }"))
        XCTAssertEqual(try suite.selecting(names: ["v"]).workloads.map(\.name), ["v"])
        XCTAssertEqual(try suite.selecting(names: ["v", "w"]).workloads.map(\.name), ["w", "v"])
        XCTAssertThrowsError(try suite.selecting(names: ["x"])) { error in
            XCTAssertEqual("\(error)", #"bench-configs/x.json: no workload named "x" in suite "t"; "#
                + "available workloads are w, v")
        }
    }

    // MARK: - Memory estimate

    func testGoMapEstimateFollowsTheRules() {
        // int64 -> bool: bucket = 8 + 64 + 8 + 8 = 88 bytes. 10M keys: B = 21 (6.5 * 2^20 < 10M <= 6.5 * 2^21).
        XCTAssertEqual(Workload.goMapB(entries: 8), 0)
        XCTAssertEqual(Workload.goMapB(entries: 9), 1)
        XCTAssertEqual(Workload.goMapB(entries: 13), 1)
        XCTAssertEqual(Workload.goMapB(entries: 14), 2)
        XCTAssertEqual(Workload.goMapB(entries: 10_000_000), 21)
        let unsized = Workload(name: "u", impl: .gomap, key: .int64, value: .bool, sizing: .unsized, keys: 10_000_000)
        let expected = 1.5 * Double(1 << 21) * 88 * 1.25 * 1.10
        XCTAssertEqual(unsized.estimatedPeakBytes, Int(expected.rounded(.up)))
        let presized = Workload(name: "p", impl: .gomap, key: .string, value: .empty, sizing: .presized,
                                keys: 10_000_000)
        // string -> empty: bucket = 8 + 128 + 0 + 8 = 144.
        XCTAssertEqual(presized.estimatedPeakBytes, Int((Double(1 << 21) * 144 * 1.3).rounded(.up)))
        let churn = Workload(name: "c", impl: .gomap, key: .int64, value: .bool, sizing: .unsized, keys: 10_000_000,
                             ops: .churn)
        XCTAssertEqual(churn.estimatedPeakBytes, Int((expected * 2).rounded(.up)))
        // A hint too small to matter: same as unsized.
        let wrongHint = Workload(name: "h", impl: .gomap, key: .int64, value: .bool, sizing: .hint, hint: 1000,
                                 keys: 10_000_000)
        XCTAssertEqual(wrongHint.estimatedPeakBytes, unsized.estimatedPeakBytes)
    }

    func testSwiftEstimateFollowsTheRules() {
        // 10M / 0.75 = 13.3M -> 2^24 buckets; int64 + bool = 9 bytes + 1/8 bitmap.
        let dictionary = Workload(name: "d", impl: .dictionary, key: .int64, value: .bool, sizing: .unsized,
                                  keys: 10_000_000)
        let buckets = Double(1 << 24)
        XCTAssertEqual(dictionary.estimatedPeakBytes, Int((buckets * 9 + buckets / 8) * 1.5))
        let set = Workload(name: "s", impl: .set, key: .string, value: .empty, sizing: .presized, keys: 10_000_000)
        XCTAssertEqual(set.estimatedPeakBytes, Int(buckets * 16 + buckets / 8))
    }

    func testCheckFitsRefusesTooLargeWorkloads() throws {
        let big = base.replacingOccurrences(of: "\"w\"", with: "\"big\"")
        let suite = try parse(suiteJSON("{ \(base), \"keys\": 1000 }, { \(big), \"keys\": 100000000 }"))
        let gib = 1 << 30
        XCTAssertNoThrow(try suite.checkFits(physicalMemory: 64 * gib))
        XCTAssertThrowsError(try suite.checkFits(physicalMemory: 2 * gib)) { error in
            let line = "\(error)"
            XCTAssertTrue(line.hasPrefix(#"bench-configs/x.json: workloads[1].keys: workload "big" needs an "#
                + "estimated 2.8 GiB at its peak, more than 80% of this machine's 2.0 GiB memory; use fewer keys"),
                line)
            XCTAssertFalse(line.contains("\n"))
            // The suggested count must itself fit, and be close to the limit.
            let suggested = line.split(separator: "at most about ").last.flatMap { Int($0.prefix { $0.isNumber }) }
            XCTAssertNotNil(suggested)
            var trial = suite.workloads[1]
            trial.keys = suggested ?? 0
            XCTAssertLessThanOrEqual(Double(trial.estimatedPeakBytes), 0.8 * Double(2 * gib))
            trial.keys = (suggested ?? 0) * 2
            XCTAssertGreaterThan(Double(trial.estimatedPeakBytes), 0.8 * Double(2 * gib))
        }
    }

    func testCheckFitsBlamesAHintTooLarge() throws {
        let hinted = #""name": "w", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "hint""#
        let suite = try parse(suiteJSON("{ \(hinted), \"hint\": 1000000000000, \"keys\": 1000 }"))
        let gib = 1 << 30
        XCTAssertThrowsError(try suite.checkFits(physicalMemory: 8 * gib)) { error in
            let line = "\(error)"
            XCTAssertTrue(line.hasPrefix(#"bench-configs/x.json: workloads[0].hint: workload "w" needs an estimated "#),
                          line)
            XCTAssertTrue(line.contains("because of its hint 1000000000000; use a hint of at most about "), line)
            XCTAssertTrue(line.hasSuffix("(the workload has 1000 keys)"), line)
            // The suggested hint fits.
            let suggested = line.split(separator: "at most about ").last.flatMap { Int($0.prefix { $0.isNumber }) }
            var trial = suite.workloads[0]
            trial.hint = suggested ?? 0
            XCTAssertLessThanOrEqual(Double(trial.estimatedPeakBytes), 0.8 * Double(8 * gib))
            XCTAssertGreaterThan(trial.hint, 100_000_000)
        }
    }

    func testNamesAreAtMost200Characters() throws {
        let name = String(repeating: "n", count: 200)
        let workload = #"{ "name": "\#(name)", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "#
            + #""keys": 1 }"#
        XCTAssertEqual(try parse(suiteJSON(workload)).workloads[0].name, name)
        XCTAssertEqual(errorLine(suiteJSON(workload.replacingOccurrences(of: name, with: name + "n"))),
                       "bench-configs/x.json: workloads[0].name: the name is 201 characters long "
                       + "(\"nnnnnnnnnnnnnnnnnnnn...\"); use at most 200 characters")
    }

    /// Validation is linear in the number of workloads (it was quadratic: 40,000 took 9 s in a
    /// release build, 490,000 did not finish in 10 minutes). 100,000 workloads, and a selection of
    /// all of them, in a debug build on a shared machine: a few seconds.
    func testValidationIsLinearInTheNumberOfWorkloads() throws {
        let count = 100_000
        var text = #"{ "name": "many", "workloads": ["#
        for index in 0..<count {
            if index > 0 { text += "," }
            text += #"{ "name": "w\#(index)", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "#
                + #""keys": 100 }"#
        }
        text += "] }"
        let started = Date()
        let suite = try parse(text)
        let selected = try suite.selecting(names: suite.workloads.map(\.name).reversed())
        try suite.checkFits(physicalMemory: 1 << 30)
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(selected.workloads.count, count)
        XCTAssertEqual(selected.workloads.last?.name, "w\(count - 1)", "suite order is kept")
        XCTAssertLessThan(seconds, 60, "validating \(count) workloads took \(seconds) s")
        print("validated \(count) workloads in \(String(format: "%.2f", seconds)) s")
        // A duplicate at the very end is still found.
        let duplicate = text.replacingOccurrences(of: "\"w\(count - 1)\"", with: "\"w0\"")
        XCTAssertEqual(errorLine(duplicate), "bench-configs/x.json: workloads[\(count - 1)].name: duplicate name "
            + "\"w0\" (also workloads[0]); give every workload its own name")
    }

    // MARK: - Committed suites

    /// bench-configs/, found from this file's path (Tests/MapHeapModelTests/ -> repository root).
    static let configDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("bench-configs")

    /// bench-configs/versions.json measures every release and experiment GoRelease lists: int64 -> bool
    /// and string -> struct{} at 1M keys, unsized and presized (int64 -> bool presized timed per insert),
    /// and one timed 10M-key int64 -> bool per release; and the models beside their releases.
    func testVersionsSuiteCoversEveryReleaseAndExperiment() throws {
        let suite = try Suite.load(path: SuiteTests.configDirectory.appendingPathComponent("versions.json").path)
        var expected: [String] = []
        for release in GoRelease.all {
            for experiment in [""] + release.experiments.map(\.rawValue) {
                // int64→[200]byte: a value over 128 bytes, stored indirectly (a pointer in the slot).
                for shape in ["int64-bool", "string-empty", "int64-Blob200"] {
                    for sizing in ["unsized", "presized"] {
                        // int64 -> bool presized is timed: the longest insert at 1M keys, per release.
                        let timed = shape == "int64-bool" && sizing == "presized"
                        expected.append("\(release.version)|\(experiment)|\(shape)|\(sizing)|1000000|\(timed)")
                    }
                }
            }
        }
        expected += GoRelease.all.map { "\($0.version)||int64-bool|unsized|10000000|true" }
        let got = suite.workloads.filter { $0.impl == .go }.map {
            "\($0.goVersion)|\($0.goExperiment)|\($0.key.rawValue)-\($0.value.rawValue)|\($0.sizing.rawValue)|"
                + "\($0.keys)|\(suite.latency(of: $0))"
        }
        XCTAssertEqual(got, expected)
        // Each model beside the releases of its generation whose rules differ: GoMap with 1.21's load factor,
        // 1.23's and 1.24's noswissmap header; SwissMap with 1.24's and 1.27's rules and 1.27's split groups.
        // int64 -> bool at 1M keys, unsized and presized, each right after its release's Go workloads.
        var models: [String] = []
        for (impl, rules) in [("gomap", "go1.21.13"), ("gomap", "go1.23.9"), ("swissmap", "go1.24.11"),
                              ("gomap", "go1.24.11+noswissmap"), ("swissmap", "go1.27.3"),
                              ("swissmap", "go1.27.3+mapsplitgroup")] {
            models += ["unsized", "presized"].map { "\(impl)|\(rules)|int64-bool|\($0)|1000000|\($0 == "presized")" }
        }
        XCTAssertEqual(suite.workloads.filter { $0.impl != .go }.map {
            "\($0.impl)|\($0.modelRules?.label ?? "")|\($0.key.rawValue)-\($0.value.rawValue)|\($0.sizing.rawValue)|"
                + "\($0.keys)|\(suite.latency(of: $0))"
        }, models)
        for (index, workload) in suite.workloads.enumerated() where workload.impl != .go {
            let before = suite.workloads[index - 1]
            XCTAssert(before.impl != .go || (before.goVersion == workload.goVersion
                                             && before.goExperiment == workload.goExperiment),
                      "\(workload.name) follows the Go workloads of its release")
        }
    }

    func testCommittedSuitesLoad() throws {
        let directory = SuiteTests.configDirectory
        let defaultSuite = try Suite.load(path: directory.appendingPathComponent("default.json").path)
        XCTAssertEqual(defaultSuite.name, "default")
        XCTAssertEqual(defaultSuite.workloads.count, 59)
        XCTAssertEqual(defaultSuite.sampling, Sampling(points: 100, spacing: .linear))
        // Timed twins: each map's 10M-key unsized int64 insert workload again, with every insert timed.
        let timed = defaultSuite.workloads.filter { defaultSuite.latency(of: $0) }
        XCTAssertEqual(timed.map(\.name), ["gomap", "swissmap", "dictionary", "set", "go1.23", "go1.27"].map {
            $0 + ($0 == "set" ? "-int64-empty" : "-int64-bool") + "-unsized-timed"
        })
        for twin in timed {
            var untimed = twin
            untimed.name = String(twin.name.dropLast("-timed".count))
            untimed.latency = nil
            XCTAssertTrue(defaultSuite.workloads.contains(untimed), twin.name)
        }
        let untimedSuite = defaultSuite.workloads.filter { !defaultSuite.latency(of: $0) }
        XCTAssertEqual(untimedSuite.filter { $0.impl == .gomap && $0.ops == .insert }.count, 11)
        XCTAssertEqual(untimedSuite.filter { $0.impl != .gomap }.count, 41)
        // The hint pair of the claim "1 << 20 is the right hint": a million keys with hint 1,000,000 and
        // with hint 1,048,576, in each of GoMap, SwissMap, Go 1.23 and Go 1.27.
        let hinted = defaultSuite.workloads.filter { $0.sizing == .hint }
        XCTAssertEqual(hinted.map(\.hint), Array(repeating: [1_000_000, 1_048_576], count: 4).flatMap { $0 })
        XCTAssertTrue(hinted.allSatisfy { $0.keys == 1_000_000 && $0.key == .int64 && $0.value == .bool })
        XCTAssertEqual(hinted.map { $0.impl.rawValue + $0.goVersion }, ["gomap", "gomap", "swissmap", "swissmap",
            "go1.23.9", "go1.23.9", "go1.27.3", "go1.27.3"])
        // The real Go runtime: Go 1.23 and Go 1.27 on GoMap's eight 10M-key insert workloads, and churn.
        for version in ["1.23.9", "1.27.3"] {
            let go = untimedSuite.filter { $0.impl == .go && $0.goVersion == version }
            XCTAssertEqual(go.filter { $0.ops == .insert && $0.keys == 10_000_000 }.count, 8, version)
            XCTAssertEqual(go.filter { $0.ops == .churn }.count, 1, version)
        }
        // SwissMap on the same eight 10M-key insert workloads (not the long-string one) and churn.
        let swiss = untimedSuite.filter { $0.impl == .swissmap }
        XCTAssertEqual(swiss.filter { $0.ops == .insert && $0.keys == 10_000_000 }.count, 8)
        XCTAssertEqual(swiss.filter { $0.ops == .churn }.count, 1)
        // Every insert workload has 10M keys but the long-string one (1M: 64 bytes of key storage per key)
        // and the hint pair (1M).
        XCTAssertTrue(defaultSuite.workloads.filter { $0.ops == .insert && $0.key != .stringLong && $0.sizing != .hint }
            .allSatisfy { $0.keys == 10_000_000 })
        let churn = try XCTUnwrap(defaultSuite.workloads.first { $0.ops == .churn })
        // Near full load (B = 15, 6.47 per bucket) and 40 rounds: enough for a same-size growth.
        XCTAssertEqual([churn.keys, churn.rounds], [212_000, 40])
        XCTAssertNoThrow(try defaultSuite.checkFits(physicalMemory: 4 << 30))

        let smoke = try Suite.load(path: directory.appendingPathComponent("smoke.json").path)
        XCTAssertEqual(smoke.workloads.map(\.name), defaultSuite.workloads.map(\.name))
        XCTAssertEqual(smoke.workloads.map(\.latency), defaultSuite.workloads.map(\.latency), "the same timed twins")
        XCTAssertTrue(smoke.workloads.filter { $0.ops == .insert }.allSatisfy { $0.keys == 100_000 })
        XCTAssertEqual(smoke.workloads.first { $0.ops == .churn }?.keys, 50_000)

        let ci = try Suite.load(path: directory.appendingPathComponent("ci.json").path)
        XCTAssertTrue(ci.workloads.contains { $0.ops == .churn }, "same-size growths come from churn")
        XCTAssertTrue(ci.workloads.contains { $0.impl == .gomap && $0.sizing == .unsized }, "doubling growths")
        XCTAssertTrue(ci.workloads.contains { $0.sizing == .presized })
        XCTAssertTrue(ci.workloads.contains { $0.sizing == .hint && $0.hint < $0.keys }, "a wrong hint")
        XCTAssertLessThanOrEqual(ci.workloads.map(\.keys).max() ?? 0, 200_000)
        for version in ["1.23.9", "1.27.3"] {
            XCTAssertGreaterThanOrEqual(ci.workloads.filter { $0.impl == .go && $0.goVersion == version }.count, 2)
        }
    }

    /// The suites whose results are committed sample 100 points (docs/results.md, "How heavy the results
    /// are"); a churn workload also samples at the end of its fill and of every round.
    func testCommittedSuitesSampleAHundredPoints() throws {
        for name in ["default", "ci", "latency"] {
            let suite = try Suite.load(path: SuiteTests.configDirectory.appendingPathComponent(name + ".json").path)
            XCTAssertEqual(suite.sampling, Sampling(points: 100, spacing: .linear), name)
            for churn in suite.workloads where churn.ops == .churn {
                let spec = churn.resolved(sampling: suite.sampling, seed: 1)
                let ends = (0...churn.rounds).map { churn.keys + $0 * (churn.keys / 2) }
                XCTAssertTrue(Set(ends).isSubset(of: spec.sampleAt), "\(name): \(churn.name)")
                // 100 points and 41 ends (40 rounds), 3 of them the same: a third of the way, two thirds, the end.
                XCTAssertEqual(spec.sampleAt.count, 138, "\(name): \(churn.name)")
            }
        }
    }
}
