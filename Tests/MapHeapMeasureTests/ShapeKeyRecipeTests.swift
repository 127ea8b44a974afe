import Foundation
import XCTest

import MapCore
@testable import MapHeapMeasure

/// The shape recipe (keys of any other comparable Go type): the Swift child's keys give exactly the
/// leaves of Tests/Vectors/keys.json's "shapes" section, which the Go peer checks too.
final class ShapeKeyRecipeTests: XCTestCase {
    private struct Vector {
        var type: String
        var i: Int
        var leaves: [String]
    }

    private func vectors() throws -> [Vector] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/keys.json")
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let entries = try XCTUnwrap(document["shapes"] as? [[String: Any]], "no shapes section in keys.json")
        return try entries.map { entry in
            Vector(type: try XCTUnwrap(entry["type"] as? String), i: try XCTUnwrap((entry["i"] as? NSNumber)?.intValue),
                   leaves: try XCTUnwrap(entry["leaves"] as? [String]))
        }
    }

    func testShapeKeysMatchTheVectors() throws {
        let all = try vectors()
        XCTAssertGreaterThanOrEqual(all.count, 200)
        var types = Set<String>()
        for vector in all {
            let type = try GoType.parse(vector.type)
            XCTAssertEqual(type.description, vector.type, "the vectors' types are canonical")
            XCTAssertEqual(_ShapeKeys(type: type).renderedLeaves(vector.i), vector.leaves, "\(vector.type) key \(vector.i)")
            types.insert(vector.type)
        }
        // Every kind of leaf is covered.
        let leaves = try types.flatMap { try GoType.parse($0).keyLeaves }
        XCTAssertTrue(leaves.contains(.bool))
        XCTAssertTrue(leaves.contains(.string))
        XCTAssertTrue(leaves.contains(.float(bits: 32)) && leaves.contains(.float(bits: 64)))
        XCTAssertTrue(leaves.contains(.pointer(nil)))
        for bits in [8, 16, 32, 64] {
            XCTAssertTrue(leaves.contains(.integer(bits: bits, signed: true)), "int\(bits)")
            XCTAssertTrue(leaves.contains(.integer(bits: bits, signed: false)), "uint\(bits)")
        }
    }

    func testEveryIndexBelowTheCapacityIsItsOwnKey() throws {
        for text in ["bool", "int8", "[4]bool", "struct{a bool; b struct{}; c int8}", "[2]struct{x int8; y bool}"] {
            let keys = _ShapeKeys(type: try GoType.parse(text))
            let capacity = try XCTUnwrap(keys.capacity, text)
            let made = Set((0..<Int(capacity)).map { keys.renderedLeaves($0) })
            XCTAssertEqual(made.count, Int(capacity), "\(text): distinct keys")
        }
        XCTAssertEqual(_ShapeKeys(type: try GoType.parse("struct{}")).capacity, 1)
        XCTAssertNil(_ShapeKeys(type: try GoType.parse("struct{a int8; p *int}")).capacity)
    }
}
