import Foundation
import XCTest

import MapCore
@testable import MapHeapModel

/// A model workload names the Go release whose rules it follows (`go_version`, `goexperiment` on impl
/// gomap and swissmap): accepted when the release builds the model's map, refused in one line naming
/// the releases that fit; carried through the spec; the default is the release the model followed
/// before (GoMap 1.23.9, SwissMap 1.27.3).
final class ModelRulesSuiteTests: XCTestCase {
    private let file = "bench-configs/x.json"

    private func suite(_ fields: String) throws -> Suite {
        let text = #"{ "name": "t", "workloads": [ { "name": "w", "key": "int64", "value": "bool", "#
            + #""sizing": "presized", "keys": 1000, \#(fields) } ] }"#
        return try Suite.parse(json: Array(text.utf8), file: file)
    }

    private func refusal(_ fields: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        configErrorLine({ try suite(fields) }, file: file, line: line)
    }

    func testEveryReleaseOfTheModelsGenerationIsAccepted() throws {
        let accepted: [(String, String, String, String)] = [
            ("gomap", "1.21.13", "", "go1.21.13"), ("gomap", "1.22.10", "", "go1.22.10"),
            ("gomap", "1.23.9", "", "go1.23.9"), ("gomap", "1.24.11", "noswissmap", "go1.24.11+noswissmap"),
            ("gomap", "1.25.5", "noswissmap", "go1.25.5+noswissmap"), ("swissmap", "1.24.11", "", "go1.24.11"),
            ("swissmap", "1.25.5", "", "go1.25.5"), ("swissmap", "1.26.6", "", "go1.26.6"),
            ("swissmap", "1.27.3", "", "go1.27.3"), ("swissmap", "1.27.3", "mapsplitgroup", "go1.27.3+mapsplitgroup"),
        ]
        for (impl, version, experiment, label) in accepted {
            let fields = #""impl": "\#(impl)", "go_version": "\#(version)""#
                + (experiment.isEmpty ? "" : #", "goexperiment": "\#(experiment)""#)
            let workload = try XCTUnwrap(suite(fields).workloads.first, fields)
            XCTAssertEqual(workload.modelRules?.label, label, fields)
            // The spec carries the release to the child, and reads back the same.
            let spec = workload.resolved(sampling: Sampling(points: 2, spacing: .linear), seed: 1)
            XCTAssertEqual(spec.goVersion, version, fields)
            XCTAssertEqual(spec.goExperiment, experiment, fields)
            XCTAssertEqual(try WorkloadSpec.parse(json: Array(spec.json.utf8), file: "spec.json"), spec, fields)
        }
    }

    func testWithoutAReleaseTheModelsFollowTheirFormerDefaults() throws {
        let gomap = try XCTUnwrap(suite(#""impl": "gomap""#).workloads.first)
        let swissmap = try XCTUnwrap(suite(#""impl": "swissmap""#).workloads.first)
        XCTAssertEqual(gomap.goVersion, "", "the suite's workload stays as written")
        XCTAssertEqual(gomap.modelRules, GoRulesRelease(version: "1.23.9"))
        XCTAssertEqual(swissmap.modelRules, GoRulesRelease(version: "1.27.3"))
        // The cores' own defaults are those releases' rules: nothing measured moves.
        XCTAssertEqual(GoRelease.named("1.23.9")?.classic, GoClassicRules.go123)
        XCTAssertEqual(GoRelease.named("1.27.3")?.swiss, GoSwissRules.latest)
        let spec = gomap.resolved(sampling: Sampling(points: 2, spacing: .linear), seed: 1)
        XCTAssertEqual(spec.goVersion, "1.23.9", "the spec names the default release")
        XCTAssertNil(try suite(#""impl": "dictionary""#).workloads.first?.modelRules)
        XCTAssertNil(try suite(#""impl": "go", "go_version": "1.23.9""#).workloads.first?.modelRules)
    }

    func testAReleaseOfTheOtherGenerationIsRefusedNamingTheReleasesThatFit() {
        let classic = "use one of 1.21.13, 1.22.10, 1.23.9, 1.24.11 with goexperiment noswissmap, "
            + "1.25.5 with goexperiment noswissmap"
        let swiss = "use one of 1.24.11, 1.25.5, 1.26.6, 1.27.3, 1.27.3 with goexperiment mapsplitgroup"
        XCTAssertEqual(refusal(#""impl": "gomap", "go_version": "1.24.11""#),
                       "bench-configs/x.json: workloads[0].go_version: workload \"w\": impl gomap models the classic "
                           + "map, and go1.24.11 builds the swiss one; " + classic)
        XCTAssertEqual(refusal(#""impl": "gomap", "go_version": "1.27.3", "goexperiment": "mapsplitgroup""#),
                       "bench-configs/x.json: workloads[0].go_version: workload \"w\": impl gomap models the classic "
                           + "map, and go1.27.3+mapsplitgroup builds the swiss one; " + classic)
        XCTAssertEqual(refusal(#""impl": "swissmap", "go_version": "1.23.9""#),
                       "bench-configs/x.json: workloads[0].go_version: workload \"w\": impl swissmap models the swiss "
                           + "map, and go1.23.9 builds the classic one; " + swiss)
        XCTAssertEqual(refusal(#""impl": "swissmap", "go_version": "1.25.5", "goexperiment": "noswissmap""#),
                       "bench-configs/x.json: workloads[0].goexperiment: workload \"w\": impl swissmap models the "
                           + "swiss map, and go1.25.5+noswissmap builds the classic one; " + swiss)
    }

    func testOtherBadReleasesAreRefusedInOneLine() {
        XCTAssertEqual(refusal(#""impl": "gomap", "go_version": "1.20.14""#),
                       "bench-configs/x.json: workloads[0].go_version: Go 1.20.14 is not a release mapheap measures; "
                           + "use one of 1.21.13, 1.22.10, 1.23.9, 1.24.11, 1.25.5, 1.26.6, 1.27.3")
        XCTAssertEqual(refusal(#""impl": "swissmap", "goexperiment": "mapsplitgroup""#),
                       "bench-configs/x.json: workloads[0].goexperiment: goexperiment needs the release it is in; "
                           + "add \"go_version\", e.g. \"1.24.11\" for noswissmap")
        XCTAssertEqual(refusal(#""impl": "gomap", "go_version": "1.23.9", "goexperiment": "noswissmap""#),
                       "bench-configs/x.json: workloads[0].goexperiment: GOEXPERIMENT noswissmap is not in Go 1.23.9 "
                           + "(the releases that have it: 1.24.11, 1.25.5); remove \"goexperiment\" or change "
                           + "\"go_version\"")
        XCTAssertEqual(refusal(#""impl": "gomap", "go_version": "1.23.9", "go_env": {"GOGC": "50"}"#),
                       "bench-configs/x.json: workloads[0].go_env: go_env is only allowed with \"impl\": \"go\" "
                           + "(impl is gomap); remove \"go_env\"")
        XCTAssertEqual(refusal(#""impl": "set", "value": "empty", "goexperiment": "noswissmap""#).isEmpty, false)
    }

    func testASpecForAModelIsCheckedLikeTheSuite() throws {
        let workload = Workload(name: "w", impl: .gomap, key: .int64, value: .bool, sizing: .unsized, keys: 10,
                                goVersion: "1.27.3")
        let spec = WorkloadSpec(workload: workload, goVersion: "1.27.3", lookups: 0, sampleAt: [0, 10], seed: 1)
        XCTAssertThrowsError(try WorkloadSpec.parse(json: Array(spec.json.utf8), file: "spec.json")) { error in
            XCTAssertEqual((error as? ConfigError)?.description,
                           "spec.json: go_version: impl gomap models the classic map, and go1.27.3 builds the swiss "
                               + "one; use one of 1.21.13, 1.22.10, 1.23.9, 1.24.11 with goexperiment noswissmap, "
                               + "1.25.5 with goexperiment noswissmap")
        }
    }

    func testRuntimeCellsNameTheRelease() {
        XCTAssertEqual(GoRulesRelease(version: "1.24.11", experiment: "noswissmap").modelRuntime("swift 6.3"),
                       "swift 6.3 (go1.24.11+noswissmap rules)")
        XCTAssertEqual(GoRulesRelease(runtime: "swift 6.3 (go1.24.11+noswissmap rules)"),
                       GoRulesRelease(version: "1.24.11", experiment: "noswissmap"))
        XCTAssertEqual(GoRulesRelease(runtime: "go1.27.3+mapsplitgroup"),
                       GoRulesRelease(version: "1.27.3", experiment: "mapsplitgroup"))
        XCTAssertEqual(GoRulesRelease(runtime: "go1.23.9")?.generation, .classic)
        XCTAssertEqual(GoRulesRelease(runtime: "go1.24.11+noswissmap")?.generation, .classic)
        XCTAssertEqual(GoRulesRelease(runtime: "go1.24.11")?.generation, .swiss)
        XCTAssertNil(GoRulesRelease(runtime: "swift 6.3"))
    }
}
