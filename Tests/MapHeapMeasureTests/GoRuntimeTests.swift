import XCTest

@testable import MapHeapMeasure
import MapHeapModel

/// GoMap against the real Go 1.23 runtime (the Go peer, Sources/go-peer/, built with the toolchain
/// scripts/setup.sh installs): on the same keys, GoMap doubles exactly when Go does.
final class GoRuntimeTests: XCTestCase {
    /// The CI size of the suites' Go workloads.
    static let keys = 200_000

    func testGoMapGrowthsAndFinalBEqualGo123() throws {
        let peer = try goPeer("1.23.9")
        let sampling = Sampling(points: 20, spacing: .linear)
        for key in [Workload.KeyType.int64, .string] {
            for value in [Workload.ValueType.bool, .empty] {
                for sizing in [Workload.Sizing.unsized, .presized] {
                    let name = "\(key.rawValue)-\(value.rawValue)-\(sizing.rawValue)"
                    let model = Workload(name: "gomap-" + name, impl: .gomap, key: key, value: value, sizing: sizing,
                                         keys: Self.keys)
                    let go = Workload(name: "go-" + name, impl: .go, key: key, value: value, sizing: sizing,
                                      keys: Self.keys, goVersion: "1.23.9")
                    let goRows = try runGo(go.resolved(sampling: sampling, seed: 42), peer: peer)
                    let modelRows = measured(model, sampling: sampling)
                    guard let g = goRows.summary.first, let m = modelRows.summary.first else {
                        XCTFail("\(name): no summary row")
                        continue
                    }
                    XCTAssertEqual(g.status, "ok", name)
                    XCTAssertEqual(m.structure.b, g.structure.b, "\(name): final B")
                    XCTAssertEqual(m.growths[.doubling], g.growths[.doubling], "\(name): doublings")
                    XCTAssertEqual(m.growths[.sameSize], g.growths[.sameSize], "\(name): same-size growths")
                    XCTAssertEqual(
                        goRows.growth.map(\.countAtStart), modelRows.growth.map(\.countAtStart),
                        "\(name): the entries at each growth's start")
                }
            }
        }
    }
}
