import XCTest

import MapCore
@testable import MapHeapMeasure
@testable import MapHeapModel

/// Go shapes in the Swift models, end to end through the child: the workload's Go types reach the
/// cores as a MapShape, and what a shape changes in the account is exactly what Go's rules say.
final class ShapeMeasureTests: XCTestCase {
    private let sampling = Sampling(points: 5, spacing: .linear)

    private func workload(_ impl: Workload.Impl, key: String, value: String, sizing: Workload.Sizing,
                          keys: Int) throws -> Workload {
        Workload(name: "\(impl)-shape", impl: impl, key: try Workload.KeyType.resolve(key, named: [:]),
                 value: try Workload.ValueType.resolve(value, named: [:]), sizing: sizing, keys: keys)
    }

    func testTheAliasesShapeIsTheSwiftTypesShape() {
        func shape(_ key: Workload.KeyType, _ value: Workload.ValueType) -> MapShape {
            Workload(name: "a", impl: .gomap, key: key, value: value, sizing: .unsized, keys: 1).mapShape
        }
        XCTAssertEqual(shape(.int64, .bool), MapShape.of(Int64.self, Bool.self))
        XCTAssertEqual(shape(.int64, .int64), MapShape.of(Int64.self, Int64.self))
        XCTAssertEqual(shape(.string, .empty), MapShape.of(String.self, Void.self))
        XCTAssertEqual(shape(.stringLong, .bool), MapShape.of(String.self, Bool.self))
    }

    /// Two shapes with the same slots (a pointer each) and the same keys differ only in the
    /// indirect blocks: each entry's key or value of 129 bytes, stored apart in Go's 144-byte class.
    func testAnIndirectKeyOrValueAddsOneBlockPerEntryAndNothingElse() throws {
        let keys = 3000
        let block = GoSizeClasses.footprint(size: 129, hasPointers: false)
        XCTAssertEqual(block, 144)
        let pairs = [
            (("[16]byte", "[129]byte"), ("[16]byte", "*int64")),
            (("[129]byte", "bool"), ("*int64", "bool")),
        ]
        for impl in [Workload.Impl.gomap, .swissmap] {
            for sizing in [Workload.Sizing.unsized, .presized] {
                for ((indirectKey, indirectValue), (pointerKey, pointerValue)) in pairs {
                    let name = "\(impl) \(sizing) map[\(indirectKey)]\(indirectValue)"
                    let indirect = try workload(impl, key: indirectKey, value: indirectValue, sizing: sizing, keys: keys)
                    let pointer = try workload(impl, key: pointerKey, value: pointerValue, sizing: sizing, keys: keys)
                    XCTAssertEqual(indirect.mapShape.bucket, pointer.mapShape.bucket, name)
                    XCTAssertEqual(indirect.mapShape.interleavedGroup, pointer.mapShape.interleavedGroup, name)
                    let a = try XCTUnwrap(measured(indirect, sampling: sampling).summary.first, name)
                    let b = try XCTUnwrap(measured(pointer, sampling: sampling).summary.first, name)
                    XCTAssertEqual(a.status, .ok, name)
                    XCTAssertEqual(a.finalCount, keys, name)
                    XCTAssertEqual(a.keyType, indirectKey, "rows name the key as the suite wrote it")
                    XCTAssertEqual(a.valueType, indirectValue)
                    XCTAssertEqual(a.growths, b.growths, name)
                    XCTAssertEqual(a.structure, b.structure, name)
                    let (bytesA, bytesB) = (try XCTUnwrap(a.mapBytes, name), try XCTUnwrap(b.mapBytes, name))
                    XCTAssertEqual(bytesA - bytesB, keys * block, name)
                }
            }
        }
    }

    /// A padded struct key: its slot is the struct's Go size (16 for struct{a int8; b int64}), so
    /// a presized classic map's bucket array is Go's for a 16-byte key.
    func testAPaddedStructKeyTakesItsGoSize() throws {
        let padded = try workload(.gomap, key: "struct{a int8; b int64}", value: "bool", sizing: .presized, keys: 2000)
        let twoWords = try workload(.gomap, key: "[2]int64", value: "bool", sizing: .presized, keys: 2000)
        XCTAssertEqual(padded.mapShape.bucket.size, 8 + 8 * 16 + 8 * 1 + 8)
        let a = try XCTUnwrap(measured(padded, sampling: sampling).summary.first)
        let b = try XCTUnwrap(measured(twoWords, sampling: sampling).summary.first)
        XCTAssertEqual(a.mapBytes, b.mapBytes, "same slot size, alignment and pointer flag")
        XCTAssertEqual(a.structure, b.structure)
    }
}
