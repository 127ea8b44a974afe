import Foundation
import XCTest

/// Runs the built `mapheap` executable (it sits beside the test bundle) as a user would.
enum MapheapBinary {
    /// The directory holding the built products.
    static var productsDirectory: URL {
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
}
