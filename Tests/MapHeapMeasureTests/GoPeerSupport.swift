import Foundation
import XCTest

import MapHeapModel
import MapHeapRun

/// What the tests against the real Go runtime share (GoRuntimeTests, SwissGoRuntimeTests): the Go
/// peer (Sources/go-peer/) built with a toolchain scripts/setup.sh installs, and a spec run in it.
extension XCTestCase {
    /// The Go peer built with Go `version`. Skips, naming the fix, when that toolchain is not
    /// installed (CI installs it through scripts/setup.sh, so there the test runs); fails when it
    /// is installed and the peer does not build.
    func goPeer(_ version: String, experiment: String = "") throws -> String {
        let root = GoToolchains.projectRoot(executable: #filePath)
        guard let root else { throw XCTSkip("Sources/go-peer not found from \(#filePath)") }
        guard let toolchain = GoToolchains.find(version, root: root) else {
            throw XCTSkip("Go \(version) is not installed (neither in \(GoToolchains.folder(root: root) ?? "the toolchains folder") "
                          + "nor on PATH): run \(GoToolchains.installCommand(for: version))")
        }
        switch GoToolchains.peer(toolchain: toolchain, experiment: experiment, root: root) {
        case .success(let path): return path
        case .failure(let error):
            XCTFail("the Go peer does not build with Go \(version): \(error.firstLine)")
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

    /// Runs the model `impl` in process and the Go peer of `version` on the same CI-size workloads
    /// (int64 and string keys, Bool and empty values, unsized and presized, `keys` keys) and hands each
    /// pair's summary rows and result sets to `check`, named `key-value-sizing`.
    func forEachPairWithGo(
        model impl: Workload.Impl, version: String, keys: Int,
        _ check: (_ name: String, _ model: SummaryRow, _ go: SummaryRow, _ modelRows: ResultSet, _ goRows: ResultSet)
            throws -> Void
    ) throws {
        let peer = try goPeer(version)
        let sampling = Sampling(points: 20, spacing: .linear)
        for key in [Workload.KeyType.int64, .string] {
            for value in [Workload.ValueType.bool, .empty] {
                for sizing in [Workload.Sizing.unsized, .presized] {
                    let name = "\(key.rawValue)-\(value.rawValue)-\(sizing.rawValue)"
                    let model = Workload(name: impl.rawValue + "-" + name, impl: impl, key: key, value: value,
                                         sizing: sizing, keys: keys)
                    let go = Workload(name: "go-" + name, impl: .go, key: key, value: value, sizing: sizing,
                                      keys: keys, goVersion: version)
                    let goRows = try runGo(go.resolved(sampling: sampling, seed: 42), peer: peer)
                    let modelRows = measured(model, sampling: sampling)
                    guard let g = goRows.summary.first, let m = modelRows.summary.first else {
                        XCTFail("\(name): no summary row")
                        continue
                    }
                    XCTAssertEqual(g.status, .ok, name)
                    try check(name, m, g, modelRows, goRows)
                }
            }
        }
    }
}
