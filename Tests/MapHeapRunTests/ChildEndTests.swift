import Foundation
@testable import MapHeapRun
import MapHeapModel
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// How the parent classifies a workload child's end, and the row a workload without rows gets.
final class ChildEndTests: XCTestCase {
    func testAWholeExitDeliversWhateverElseHappens() {
        XCTAssertNil(_ChildEnd.exited(0).failure(stopping: false, stderr: ""))
        XCTAssertNil(_ChildEnd.exited(0).failure(stopping: true, stderr: "out of memory"))
    }

    func testExitsAndSignalsAreClassified() {
        XCTAssertEqual(_ChildEnd.exited(3).failure(stopping: false, stderr: ""),
                       ChildFailure(status: .failed, reason: "the workload process exited with status 3"))
        XCTAssertEqual(_ChildEnd.signaled(SIGKILL).failure(stopping: false, stderr: ""),
                       ChildFailure(status: .killed, reason: "killed (SIGKILL): out of memory or killed by hand"))
        XCTAssertEqual(_ChildEnd.signaled(SIGSEGV).failure(stopping: false, stderr: "Fatal error: index out of range")
                       .map(\.status),
                       .crashed)
        XCTAssertEqual(_ChildEnd.signaled(SIGSEGV).failure(stopping: false, stderr: "")?.reason,
                       "the workload process died of signal \(SIGSEGV)")
        XCTAssertEqual(_ChildEnd.signaled(SIGTRAP).failure(stopping: false, stderr: "fatal error: out of memory"),
                       ChildFailure(status: .outOfMemory,
                                    reason: "an allocation failed (signal \(SIGTRAP)); try fewer keys or more memory"))
        XCTAssertEqual(_ChildEnd.signaled(SIGILL).failure(stopping: false, stderr: "could not allocate memory")?
                       .status,
                       .outOfMemory)
        XCTAssertEqual(_ChildEnd.unknown.failure(stopping: false, stderr: "")?.status, .failed)
    }

    func testAChildStoppedByTheRunIsNotRecorded() {
        for end in [_ChildEnd.signaled(SIGKILL), .exited(1), .signaled(SIGSEGV)] {
            let failure = end.failure(stopping: true, stderr: "")
            XCTAssertEqual(failure?.status, .killed, "\(end)")
            XCTAssertEqual(failure?.stoppedByInterruption, true, "\(end)")
            XCTAssertEqual(_Measured.failure(failure!).stoppedByInterruption, true)
        }
        XCTAssertFalse(_Measured.failure(ChildFailure(status: .crashed, reason: "x")).stoppedByInterruption)
    }

    func testTheEndOfARealProcess() throws {
        func end(_ script: String) throws -> _ChildEnd {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            try process.run()
            process.waitUntilExit()
            return _ChildEnd(process)
        }
        XCTAssertEqual(try end("exit 0"), .exited(0))
        XCTAssertEqual(try end("exit 7"), .exited(7))
        XCTAssertEqual(try end("kill -TERM $$"), .signaled(SIGTERM))
    }

    func testProgressLinesAreForwardedAsCounts() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        let text = Array("10\n2".utf8) + Array("0\nnot a number\n30\n".utf8)
        _ = text.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        close(ends[1])
        var seen: [Int] = []
        _forwardProgress(ends[0]) { seen.append($0) }
        close(ends[0])
        XCTAssertEqual(seen, [10, 20, 30])
    }
}
