@testable import GoMap
import XCTest

/// removeAll() during a growth drops the growth; the observer must hear that it ended.
final class ClearDuringGrowthTests: XCTestCase {
    func testRemoveAllDuringGrowthReportsAnUncompletedFinish() throws {
        let map = GoMap<Int, Int>(seed: 11)
        var events: [GoMapGrowthEvent] = []
        map.growthObserver = { events.append($0) }
        for k in 0...832 { map[k] = k }  // 833 > 6.5 * 2^7: the doubling 7 -> 8 has just started
        XCTAssertTrue(map.stats.growing)
        let oldBytes = map.stats.oldGenerationBytes
        XCTAssertGreaterThan(oldBytes, 0)
        guard case .started(let start)? = events.last else { return XCTFail("no start event: \(events)") }
        XCTAssertEqual([start.oldB, start.newB, start.count], [7, 8, 832])

        map.removeAll()

        guard case .finished(let finish)? = events.last else { return XCTFail("no finish event: \(events)") }
        XCTAssertEqual(finish.index, start.index)
        XCTAssertEqual(finish.kind, .doubling)
        XCTAssertFalse(finish.completed)
        XCTAssertEqual(finish.bytesReleased, oldBytes)
        XCTAssertEqual(finish.b, 8)
        XCTAssertFalse(map.stats.growing)
        XCTAssertEqual(map.stats.oldGenerationBytes, 0)
        map.checkInvariants()

        // A growth that runs to its end reports completed == true.
        for k in 0...832 { map[k] = k }
        for k in 833..<2000 { map[k] = k }
        while map.stats.growing { map.removeValue(forKey: -1) }
        let finishes = events.compactMap { event -> GoMapGrowthFinish? in
            if case .finished(let f) = event { return f } else { return nil }
        }
        XCTAssertEqual(finishes.filter { !$0.completed }.count, 1)
        XCTAssertTrue(finishes.last?.completed ?? false)
    }
}
