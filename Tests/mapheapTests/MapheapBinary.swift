import Foundation
import XCTest

/// Runs the built `mapheap` executable (it sits beside the test bundle) as a user would.
enum MapheapBinary {
    /// The directory holding the built products (MAPHEAP_TEST_PRODUCTS overrides it, e.g. to show that a
    /// test fails against an older build).
    static var productsDirectory: URL {
        if let named = ProcessInfo.processInfo.environment["MAPHEAP_TEST_PRODUCTS"], !named.isEmpty {
            return URL(fileURLWithPath: named)
        }
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
        #else
        return Bundle.main.bundleURL
        #endif
    }

    /// Runs `mapheap ARGUMENTS` with `environment` added to this process's, and returns its exit
    /// status and output. Fails the calling test when the binary is missing.
    static func run(_ arguments: [String], environment: [String: String] = [:],
                    file: StaticString = #filePath, line: UInt = #line) throws
        -> (status: Int32, stdout: String, stderr: String) {
        let binary = productsDirectory.appendingPathComponent("mapheap")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("mapheap binary not found at \(binary.path)", file: file, line: line)
            return (-1, "", "")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self),
                String(decoding: stderr, as: UTF8.self))
    }

    /// Starts `mapheap ARGUMENTS` without waiting, its stdout and stderr going to `output`.out and
    /// `output`.err (files, so that a long run never blocks on a full pipe).
    static func start(_ arguments: [String], environment: [String: String] = [:], output: String) throws -> Process {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("mapheap")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        for suffix in [".out", ".err"] {
            _ = FileManager.default.createFile(atPath: output + suffix, contents: nil)
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: output + ".err"))
        try process.run()
        return process
    }

    /// The ids of live processes whose environment holds `MAPHEAP_TEST_TAG=tag` (a run and its
    /// workload children, whichever process group they are in).
    static func processes(tagged tag: String) -> [Int32] {
        let marker = Array("MAPHEAP_TEST_TAG=\(tag)".utf8)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                  let environment = FileManager.default.contents(atPath: "/proc/\(entry)/environ") else { return nil }
            // A zombie has an empty environment: only live processes count.
            let variables = environment.split(separator: 0)
            return variables.contains { Array($0) == marker } ? pid : nil
        }
    }

    /// Of `processes(tagged:)`, those running the mapheap binary itself: the run and its Swift
    /// workload children, without a shell or terminal wrapper (whose count depends on whether the
    /// shell execs its last command).
    static func mapheapProcesses(tagged tag: String) -> [Int32] {
        let binary = productsDirectory.appendingPathComponent("mapheap").resolvingSymlinksInPath().path
        return processes(tagged: tag).filter {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/exe")) == binary
        }
    }
}

extension XCTestCase {
    /// A fresh directory under the system's temporary directory, named `prefix` and a UUID, removed
    /// when the test ends.
    func temporaryDirectory(prefix: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(prefix + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }
}
