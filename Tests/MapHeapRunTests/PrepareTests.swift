import Foundation
@testable import MapHeapRun
import MapHeapModel
import XCTest

/// The checks `mapheap run` makes before it writes anything.
final class PrepareTests: XCTestCase {
    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "mapheap-run-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// The one line and the status `body` throws.
    private func refusal(_ body: () throws -> Void) -> (line: String, status: Int32)? {
        do {
            try body()
            return nil
        } catch {
            return (errorLine(error), (error as? MapHeapError)?.exitStatus ?? -1)
        }
    }

    func testOutputDirectoryIsCreatedWithItsParents() throws {
        let root = try temporaryDirectory()
        try prepareOutputDirectory(root + "/a/b/c")
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/a/b/c", isDirectory: &isDirectory))
        XCTAssertTrue(isDirectory.boolValue)
    }

    func testOutputDirectoryThatIsAFileIsRefused() throws {
        let root = try temporaryDirectory()
        FileManager.default.createFile(atPath: root + "/file", contents: Data("x".utf8))
        let itself = refusal { try prepareOutputDirectory(root + "/file") }
        XCTAssertEqual(itself?.line, "--out \(root)/file: exists and is not a directory; name a directory")
        XCTAssertEqual(itself?.status, 2)
        let below = refusal { try prepareOutputDirectory(root + "/file/out") }
        XCTAssertEqual(below?.line, "--out \(root)/file/out: cannot be created, \(root)/file is not a directory; "
            + "choose another --out")
        XCTAssertEqual(below?.status, 2)
    }

    func testEmptyOutIsRefusedBeforeTheSuiteIsRead() {
        let request = RunRequest(configPath: "/nonexistent/suite.json", outDirectory: "", seed: nil, only: [],
                                 quiet: true, executable: "/nonexistent/mapheap")
        let refused = refusal { _ = try PreparedRun.prepare(request) }
        XCTAssertEqual(refused?.line,
                       "--out \"\": the path is empty; name a directory, e.g. --out results/latest")
        XCTAssertEqual(refused?.status, 2)
    }

    func testAMissingSuiteIsBadInputAndWritesNothing() throws {
        let root = try temporaryDirectory()
        let request = RunRequest(configPath: root + "/missing.json", outDirectory: root + "/out", seed: nil,
                                 only: [], quiet: true, executable: "/nonexistent/mapheap")
        let refused = refusal { _ = try PreparedRun.prepare(request) }
        XCTAssertEqual(refused?.status, 2)
        XCTAssertTrue(refused?.line.hasPrefix(root + "/missing.json: ") == true, refused?.line ?? "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/out"))
    }
}
