import Foundation
import XCTest

import MapHeapModel
@testable import MapHeapRun

/// The Go peer's build and run environment (GoEnvironment.swift): the user's GOGC, GOARCH... never
/// reach it; the suite's go_env does.
final class GoEnvironmentTests: XCTestCase {
    private let shell = ["PATH": "/usr/bin", "HOME": "/root", "GOGC": "1", "GOMEMLIMIT": "1MiB",
                         "GODEBUG": "gctrace=1", "GOMAXPROCS": "1", "GOARCH": "arm64", "GOOS": "darwin",
                         "GOAMD64": "v3", "GOFLAGS": "-race",
                         "GOEXPERIMENT": "arenas", "MALLOC_CONF": "dirty_decay_ms:0"]

    func testTheBuildSeesNoTargetAndNoRuntimeSettingsFromTheShell() {
        let env = GoToolchains.environment(folder: "/tc", experiment: "", base: shell)
        for name in ["GOGC", "GOMEMLIMIT", "GODEBUG", "GOMAXPROCS", "GOARCH", "GOOS", "GOAMD64"] {
            XCTAssertNil(env[name], name)
        }
        XCTAssertEqual(env["GOFLAGS"], "")
        XCTAssertEqual(env["GOEXPERIMENT"], "")
        XCTAssertEqual(env["GOTOOLCHAIN"], "local")
        XCTAssertEqual(env["GOCACHE"], "/tc/go-cache")
        XCTAssertEqual(env["PATH"], "/usr/bin")
        let experiment = GoToolchains.environment(folder: "/tc", experiment: "mapsplitgroup", base: shell)
        XCTAssertEqual(experiment["GOEXPERIMENT"], "mapsplitgroup")
    }

    func testThePeerRunsWithTheSuitesGoEnvOnly() {
        let env = GoToolchains.runEnvironment(goEnv: ["GOGC": "50", "GOMEMLIMIT": "1GiB"], base: shell)
        XCTAssertEqual(env["GOGC"], "50")
        XCTAssertEqual(env["GOMEMLIMIT"], "1GiB")
        XCTAssertNil(env["GODEBUG"])
        XCTAssertNil(env["GOMAXPROCS"])
        XCTAssertEqual(env["PATH"], "/usr/bin")
        let plain = GoToolchains.runEnvironment(goEnv: [:], base: shell)
        for name in GoToolchains.runtimeVariables { XCTAssertNil(plain[name], name) }
    }

    func testTheScriptsClearTheSameVariables() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = try String(contentsOf: root.appendingPathComponent("scripts/go-env.sh"), encoding: .utf8)
        let start = try XCTUnwrap(script.range(of: "go_unset=("))
        let end = try XCTUnwrap(script.range(of: ")", range: start.upperBound..<script.endIndex))
        let names = script[start.upperBound..<end.lowerBound].split(whereSeparator: { $0 == " " || $0 == "\n" })
        XCTAssertEqual(names.map(String.init), GoToolchains.uncontrolledVariables)
    }

    /// The Go peer launches the catalog's real-Go-runtime maps; mapheap's own child every other map.
    func testLaunchersFollowTheCatalog() {
        XCTAssertEqual(ChildLauncher.goPeer.impls, [.go])
        for impl in Workload.Impl.allCases {
            XCTAssertEqual(ChildLauncher.launcher(for: impl).impls.contains(impl), impl.kind.isGoRuntime, "\(impl)")
        }
        XCTAssertEqual(ChildLauncher.launcher(for: .gomap).impls, [])
    }

    func testTheGoPeerLauncherGivesTheControlledEnvironment() throws {
        let launcher = ChildLauncher.launcher(for: .go)
        XCTAssertNotNil(launcher.environment)
        XCTAssertNil(ChildLauncher.mapheap.environment, "the mapheap child inherits (MALLOC_CONF included)")
    }
}
