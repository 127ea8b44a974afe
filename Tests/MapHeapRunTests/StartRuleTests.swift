import Foundation
@testable import MapHeapRun
import XCTest

/// When `mapheap run --jobs N` starts a workload beside the ones running.
final class StartRuleTests: XCTestCase {
    private let gib = 1 << 30

    func testAtMostJobsRunAndAnyWorkloadStartsAlone() {
        let rule = _StartRule(jobs: 2, memoryLimit: Double(10 * gib), timed: [false, false, false, false],
                              estimatedPeaks: [gib, gib, gib, 20 * gib])
        XCTAssertTrue(rule.mayStart(0, beside: []))
        XCTAssertTrue(rule.mayStart(1, beside: [0]))
        XCTAssertFalse(rule.mayStart(2, beside: [0, 1]), "two run already")
        // Alone, a workload always starts: the suite check refused any that would not fit by itself.
        XCTAssertTrue(rule.mayStart(3, beside: []))
    }

    func testATimedWorkloadRunsAlone() {
        let rule = _StartRule(jobs: 4, memoryLimit: Double(10 * gib), timed: [false, true, false],
                              estimatedPeaks: [gib, gib, gib])
        XCTAssertFalse(rule.mayStart(1, beside: [0]), "a timed workload waits for the others to end")
        XCTAssertTrue(rule.mayStart(1, beside: []))
        XCTAssertFalse(rule.mayStart(2, beside: [1]), "nothing starts beside a timed workload")
        XCTAssertTrue(rule.mayStart(2, beside: [0]))
    }

    func testEstimatedPeaksTogetherMustFitTheMemoryLimit() {
        let rule = _StartRule(jobs: 3, memoryLimit: Double(10 * gib), timed: [false, false, false],
                              estimatedPeaks: [4 * gib, 6 * gib, 1])
        XCTAssertTrue(rule.mayStart(1, beside: [0]), "4 + 6 GiB fit in 10 GiB")
        XCTAssertFalse(rule.mayStart(2, beside: [0, 1]), "one byte more does not")
        XCTAssertTrue(rule.mayStart(2, beside: [1]))
    }

    func testAWaitingWorkloadLetsLaterOnesBy() {
        let rule = _StartRule(jobs: 2, memoryLimit: Double(10 * gib), timed: [false, true, false, false],
                              estimatedPeaks: [gib, gib, 9 * gib + 1, gib])
        XCTAssertEqual(rule.next(among: [1, 2, 3], beside: [0]), 3,
                       "the timed 1 waits, and 2 does not fit beside 0: 3 starts")
        XCTAssertEqual(rule.next(among: [1, 2], beside: [0, 3]), nil, "two run already")
        XCTAssertEqual(rule.next(among: [1, 2], beside: []), 1, "alone, the timed one goes first in suite order")
        XCTAssertEqual(rule.next(among: [], beside: []), nil)
    }

    /// A run that stops for a file it cannot write kills the children running and any child a job
    /// thread registers after the stop (it was being built or started meanwhile).
    func testAChildRegisteredAfterAStopIsKilled() throws {
        let interruption = _Interruption.install()
        defer { interruption.uninstall() }
        XCTAssertFalse(interruption.stopping)
        interruption.stopChildren()
        XCTAssertTrue(interruption.stopping)
        XCTAssertNil(interruption.signal, "a stop is not a signal")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        interruption.watch(slot: 3, child: child.processIdentifier)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal)
        XCTAssertEqual(child.terminationStatus, SIGKILL)
    }
}
