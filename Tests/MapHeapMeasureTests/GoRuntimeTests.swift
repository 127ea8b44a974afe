import XCTest

@testable import MapHeapMeasure
import MapHeapModel

/// GoMap against the real Go 1.23 runtime (the Go peer, Sources/go-peer/, built with the toolchain
/// scripts/setup.sh installs): on the same keys, GoMap doubles exactly when Go does.
final class GoRuntimeTests: XCTestCase {
    /// The CI size of the suites' Go workloads.
    static let keys = 200_000

    func testGoMapGrowthsAndFinalBEqualGo123() throws {
        try forEachPairWithGo(model: .gomap, version: "1.23.9", keys: Self.keys) { name, m, g, modelRows, goRows in
            XCTAssertEqual(m.structure.b, g.structure.b, "\(name): final B")
            XCTAssertEqual(m.growths[.doubling], g.growths[.doubling], "\(name): doublings")
            XCTAssertEqual(m.growths[.sameSize], g.growths[.sameSize], "\(name): same-size growths")
            XCTAssertEqual(
                goRows.growth.map(\.countAtStart), modelRows.growth.map(\.countAtStart),
                "\(name): the entries at each growth's start")
        }
    }
}
