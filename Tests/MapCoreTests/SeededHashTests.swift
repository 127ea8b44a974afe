@testable import MapCore
import XCTest

/// The shared seeded hash: seed sensitivity, integer widening, canonical string equivalence, and
/// the SWAR byte-lane helpers.
final class SeededHashTests: XCTestCase {
    /// Exactly U+037E, U+1FEF and U+212A, of all non-ASCII scalars, equal a one-character ASCII
    /// string: the fast String hash (ASCII bytes) relies on that list.
    func testOnlyThreeScalarsEqualAnASCIICharacter() {
        let ascii = Set((0..<128).map { String(Character(Unicode.Scalar(UInt8($0)))) })
        var found: [UInt32] = []
        for value in UInt32(128)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if ascii.contains(String(Character(scalar))) { found.append(value) }
        }
        XCTAssertEqual(found, [0x037E, 0x1FEF, 0x212A])
        for value in found {
            let scalar = Unicode.Scalar(value)!
            XCTAssertNotNil(SeededHash.asciiSingleton(scalar))
            XCTAssertEqual(String(Character(scalar)), String(UnicodeScalar(SeededHash.asciiSingleton(scalar)!)))
        }
    }

    /// Equal keys hash equally; the seed changes the hash; integers widen by value.
    func testSeedsWidthsAndEquivalentStrings() {
        XCTAssertNotEqual(SeededHash.hash(42, seed: 1), SeededHash.hash(42, seed: 2))
        XCTAssertEqual(SeededHash.hash(Int8(-3), seed: 9), SeededHash.hash(Int64(-3), seed: 9))
        XCTAssertEqual(SeededHash.hash(UInt16(700), seed: 9), SeededHash.hash(700, seed: 9))
        XCTAssertEqual(SeededHash.hash("\u{212A}", seed: 5), SeededHash.hash("K", seed: 5))
        XCTAssertEqual(SeededHash.hash("caf\u{e9}", seed: 5), SeededHash.hash("cafe\u{301}", seed: 5))
        let long = String(repeating: "abc", count: 40)
        XCTAssertEqual(SeededHash.hash(long, seed: 3), SeededHash.hash(String(long.reversed().reversed()), seed: 3))
        XCTAssertNotEqual(SeededHash.hash(long, seed: 3), SeededHash.hash(long + "d", seed: 3))
    }

    /// The byte-lane helpers: exact lowest lane, nonzero exactly when a lane matches.
    func testByteLanes() {
        let word: UInt64 = 0x8005_7f80_0311_0000 | 0x22
        XCTAssertEqual(ByteLanes.firstLane(ByteLanes.matching(word, 0x80)), 4)
        XCTAssertEqual(ByteLanes.firstLane(ByteLanes.matching(word, 0x22)), 0)
        XCTAssertEqual(ByteLanes.matching(word, 0x44), 0)
        XCTAssertEqual(ByteLanes.firstLane(ByteLanes.zeroBytes(word)), 1)
        XCTAssertEqual(ByteLanes.zeroBytes(ByteLanes.repeating(0x80)), 0)
    }
}
