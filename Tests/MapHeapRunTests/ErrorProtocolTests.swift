import Foundation
import HeapStats
@testable import MapHeapRun
import MapHeapModel
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Every error mapheap reports carries its one line and its exit status.
final class ErrorProtocolTests: XCTestCase {
    func testStatusesOfEachKind() {
        let errors: [(MapHeapError, Int32)] = [
            (ConfigError(file: "s.json", field: "keys", problem: "must be positive", fix: "try 1000"), 2),
            (CSVError(file: "summary.csv", line: 3, message: "torn row"), 2),
            (RunInputError(description: "--out x: not a directory"), 2),
            (FailedWrite(CSVError(file: "summary.csv", line: nil, message: "No space left on device")), 1),
            (RunError.cannotWrite("disk full", kept: 1, of: 2, directory: "out"), 1),
            (RunError.interrupted(signal: SIGTERM, kept: 0, of: 2, stopped: [], directory: "out"), 130),
        ]
        XCTAssertEqual(errors.map(\.1), errors.map(\.0.exitStatus))
    }

    func testLinesComeFromTheErrorItself() {
        XCTAssertEqual(errorLine(ConfigError(file: "s.json", field: "keys", problem: "must be positive",
                                             fix: "try 1000")),
                       "s.json: keys: must be positive; try 1000")
        XCTAssertEqual(errorLine(FailedWrite(CSVError(file: "summary.csv", line: nil, message: "disk full"))),
                       "summary.csv: disk full")
        XCTAssertEqual(errorLine(RunError.interrupted(signal: SIGHUP, kept: 1, of: 3, stopped: ["b"],
                                                      directory: "out")),
                       "mapheap run: interrupted by SIGHUP; stopped b (not recorded); kept the rows of 1 of 3 "
                       + "workloads in out")
        XCTAssertEqual(errorLine(RunInputError(description: "first\n  second")), "first second")
    }

    func testFoundationErrorsAreOneLine() {
        let error = NSError(domain: NSCocoaErrorDomain, code: NSFileNoSuchFileError,
                            userInfo: [NSLocalizedDescriptionKey: "The file\nis missing."])
        XCTAssertEqual(errorLine(error), "The file is missing.")
    }
}
