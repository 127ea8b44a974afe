import Foundation
import XCTest

import MapCore
@testable import MapHeapModel

/// bench-configs/shapes.json and the shapes of bench-configs/ci.json (issue 19, "Suites"): which
/// rules of Go's layout the shapes show, read from MapCore (GoType, MapShape), not from their names.
final class ShapesSuiteTests: XCTestCase {
    /// bench-configs/, found from this file's path.
    static let configDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("bench-configs")

    /// A workload's map by its canonical Go types.
    struct Shape: Hashable {
        var key: GoType
        var value: GoType
        init(_ w: Workload) { (key, value) = (w.key.goType, w.value.goType) }
        var layout: MapShape { MapShape(key: key.layout, value: value.layout) }
    }

    /// Whether a struct type has bytes no field holds: padding between fields or at its end.
    static func hasPadding(_ type: GoType) -> Bool {
        guard case .structure(let fields) = type, !fields.isEmpty else { return false }
        return fields.reduce(0) { $0 + $1.type.layout.size } < type.layout.size
    }

    /// The (impl, Go version, sizing) combinations a shape runs on, as strings.
    static func runs(_ workloads: [Workload]) -> Set<String> {
        Set(workloads.map { "\($0.impl.rawValue) \($0.goVersion) \($0.sizing.rawValue)" })
    }

    static let allRuns: Set<String> = Set(["gomap ", "swissmap ", "go 1.23.9", "go 1.27.3"].flatMap { run in
        ["unsized", "presized"].map { "\(run) \($0)" }
    })

    func testShapesSuiteShowsEachRuleOnBothGenerationsAndBothModels() throws {
        let suite = try Suite.load(path: Self.configDirectory.appendingPathComponent("shapes.json").path)
        let byShape = Dictionary(grouping: suite.workloads, by: Shape.init)
        XCTAssertGreaterThanOrEqual(byShape.count, 12)
        for (shape, workloads) in byShape {
            let name = "map[\(shape.key)]\(shape.value)"
            XCTAssertEqual(Self.runs(workloads), Self.allRuns, name)
            XCTAssertEqual(workloads.count, Self.allRuns.count, name)
            XCTAssertTrue(workloads.allSatisfy { $0.keys == 1_000_000 && $0.ops == .insert }, name)
        }
        let shapes = Array(byShape.keys)
        func shows(_ rule: String, _ predicate: (Shape) -> Bool) {
            XCTAssertTrue(shapes.contains(where: predicate), "no shape shows \(rule)")
        }
        shows("padding") { Self.hasPadding($0.key) || Self.hasPadding($0.value) }
        shows("a zero-size last field") {
            guard case .structure(let fields) = $0.value, let last = fields.last else { return false }
            return last.type.layout.size == 0
        }
        shows("an indirect key") { $0.layout.keyIndirect }
        shows("an indirect value") { $0.layout.valueIndirect && !$0.layout.keyIndirect }
        shows("exactly 128 bytes inline") {
            $0.layout.value.size == MapShape.maxInlineBytes && !$0.layout.valueIndirect
        }
        shows("small integers") {
            guard case .basic(let basic) = $0.key else { return false }
            return basic.layout.size <= 4
        }
        shows("pointer values") { if case .pointer = $0.value { return true } else { return false } }
        shows("string values") { $0.value == .basic(.string) }
        shows("interface values") { $0.value == .emptyInterface || $0.value == .error }
        shows("an array key") { if case .array = $0.key { return true } else { return false } }
        shows("a pointer-free bucket") { !$0.layout.bucket.hasPointers }
        XCTAssertNoThrow(try suite.checkFits(physicalMemory: 4 << 30))
    }

    func testCISuiteHasFourShapesAtOneHundredThousandKeysOnModelsAndRuntimes() throws {
        let suite = try Suite.load(path: Self.configDirectory.appendingPathComponent("ci.json").path)
        let shaped = suite.workloads.filter { !$0.hasAliasShape }
        let byShape = Dictionary(grouping: shaped, by: Shape.init)
        XCTAssertEqual(byShape.count, 4)
        for (shape, workloads) in byShape {
            let name = "map[\(shape.key)]\(shape.value)"
            XCTAssertEqual(Set(workloads.map { "\($0.impl.rawValue) \($0.goVersion)" }),
                           ["gomap ", "swissmap ", "go 1.23.9", "go 1.27.3"], name)
            XCTAssertEqual(Set(workloads.map(\.sizing)).count, 1, "\(name): one sizing, so the four are twins")
            XCTAssertTrue(workloads.allSatisfy { $0.keys == 100_000 }, name)
        }
        XCTAssertTrue(byShape.keys.contains { $0.layout.valueIndirect }, "an indirect value")
        XCTAssertTrue(byShape.keys.contains { Self.hasPadding($0.key) }, "a padded key")
    }
}
