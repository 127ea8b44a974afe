import Foundation
import XCTest

@testable import MapHeapMeasure
import MapHeapModel
import MapHeapReport

/// The key recipes of the child protocol: Swift's key sources make exactly the keys of
/// Tests/Vectors/keys.json, the file every program that speaks the protocol checks itself against.
final class KeyRecipeTests: XCTestCase {
    /// The vectors of one recipe: (i, key as written in the file).
    private func vectors(_ recipe: String) throws -> [(i: Int, key: String)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/keys.json")
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let entries = try XCTUnwrap(document[recipe] as? [[String: Any]], "no recipe \(recipe) in keys.json")
        XCTAssertGreaterThanOrEqual(entries.count, 10)
        return try entries.map { entry in
            (try XCTUnwrap((entry["i"] as? NSNumber)?.intValue), try XCTUnwrap(entry["key"] as? String))
        }
    }

    func testInt64KeysMatchTheVectors() throws {
        for (i, key) in try vectors("int64") {
            XCTAssertEqual(String(_Int64Keys().key(i)), key, "int64 key \(i)")
        }
    }

    func testStringKeysMatchTheVectors() throws {
        for (i, key) in try vectors("string") {
            XCTAssertEqual(_StringKeys().key(i), key, "string key \(i)")
        }
    }

    func testLongStringKeysMatchTheVectors() throws {
        for (i, key) in try vectors("string-long") {
            XCTAssertEqual(_LongStringKeys().key(i), key, "string-long key \(i)")
            XCTAssertEqual(key.utf8.count, 24)
        }
    }

    func testEveryRecipeOfTheSuiteFormatHasVectors() throws {
        for recipe in Workload.KeyType.allCases {
            XCTAssertFalse(try vectors(recipe.rawValue).isEmpty, recipe.rawValue)
        }
    }
}
