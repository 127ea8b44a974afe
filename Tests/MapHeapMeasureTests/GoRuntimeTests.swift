import Foundation
import XCTest

@testable import MapHeapMeasure
import MapHeapModel
import MapHeapRun

/// GoMap against the real Go 1.23 runtime (the Go peer, Sources/go-peer/, built with the toolchain
/// scripts/setup.sh installs): on the same keys, GoMap doubles exactly when Go does.
final class GoRuntimeTests: XCTestCase {
    /// The CI size of the suites' Go workloads.
    static let keys = 200_000

    /// The Go peer built with Go 1.23.9, or a failure naming what is missing.
    func goPeer() throws -> String {
        let root = GoToolchains.projectRoot(executable: #filePath)
        guard let root else { throw XCTSkip("Sources/go-peer not found from \(#filePath)") }
        guard let toolchain = GoToolchains.find("1.23.9", root: root) else {
            XCTFail("Go 1.23.9 is not installed: run scripts/setup.sh")
            throw XCTSkip("no Go 1.23.9")
        }
        switch GoToolchains.peer(toolchain: toolchain, experiment: "", root: root) {
        case .success(let path): return path
        case .failure(let error):
            XCTFail("the Go peer does not build: \(error.firstLine)")
            throw XCTSkip("no Go peer")
        }
    }

    /// Runs `spec` in the Go peer and reads its rows.
    func runGo(_ spec: WorkloadSpec, peer: String) throws -> ResultSet {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mapheap-go-\(UUID().uuidString)")
        let result = scratch.appendingPathComponent("result")
        try FileManager.default.createDirectory(at: result, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let specFile = scratch.appendingPathComponent("spec.json")
        try Data(spec.json.utf8).write(to: specFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: peer)
        process.arguments = ["--spec", specFile.path, "--result-dir", result.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "go-peer exited \(process.terminationStatus)")
        return try ResultSet.read(from: result.path)
    }

    func testGoMapGrowthsAndFinalBEqualGo123() throws {
        let peer = try goPeer()
        let sampling = Sampling(points: 20, spacing: .linear)
        for key in [Workload.KeyType.int64, .string] {
            for value in [Workload.ValueType.bool, .empty] {
                for sizing in [Workload.Sizing.unsized, .presized] {
                    let name = "\(key.rawValue)-\(value.rawValue)-\(sizing.rawValue)"
                    let model = Workload(name: "gomap-" + name, impl: .gomap, key: key, value: value, sizing: sizing,
                                         keys: Self.keys)
                    let go = Workload(name: "go-" + name, impl: .go, key: key, value: value, sizing: sizing,
                                      keys: Self.keys, goVersion: "1.23.9")
                    let goRows = try runGo(go.resolved(sampling: sampling, seed: 42), peer: peer)
                    let modelRows = measured(model, sampling: sampling)
                    guard let g = goRows.summary.first, let m = modelRows.summary.first else {
                        XCTFail("\(name): no summary row")
                        continue
                    }
                    XCTAssertEqual(g.status, "ok", name)
                    XCTAssertEqual(m.structure.b, g.structure.b, "\(name): final B")
                    XCTAssertEqual(m.growths[.doubling], g.growths[.doubling], "\(name): doublings")
                    XCTAssertEqual(m.growths[.sameSize], g.growths[.sameSize], "\(name): same-size growths")
                    XCTAssertEqual(
                        goRows.growth.map(\.countAtStart), modelRows.growth.map(\.countAtStart),
                        "\(name): the entries at each growth's start")
                }
            }
        }
    }
}
