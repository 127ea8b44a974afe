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
    func goPeer(_ version: String) throws -> String {
        let root = GoToolchains.projectRoot(executable: #filePath)
        guard let root else { throw XCTSkip("Sources/go-peer not found from \(#filePath)") }
        guard let toolchain = GoToolchains.find(version, root: root) else {
            throw XCTSkip("Go \(version) is not installed (neither in \(GoToolchains.folder(root: root) ?? "the toolchains folder") "
                          + "nor on PATH): run scripts/setup.sh")
        }
        switch GoToolchains.peer(toolchain: toolchain, experiment: "", root: root) {
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
}
