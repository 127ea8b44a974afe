@testable import GoMap
import XCTest

/// Zero-size keys and values take no bucket bytes; their slots point at one shared scratch page,
/// which must never be written (maps on different threads share it). The page is read-only, so a
/// write traps: this test crashes if any operation writes a zero-size key or value.
final class ZeroSizeScratchTests: XCTestCase {
    private struct Nothing: Hashable {}

    /// Generic on purpose: in this generic context the map's code runs unspecialized, which is where
    /// zero-size types used to be copied as their 1-byte stride.
    private func churn<V>(_ map: GoMap<Int, V>, value: V) {
        for k in 0..<5_000 { map[k] = value }
        for k in stride(from: 0, to: 5_000, by: 2) { map.removeValue(forKey: k) }
        for k in 5_000..<9_000 { map.updateValue(value, forKey: k) }
        map.removeAll()
        for k in 0..<3_000 { map[k] = value }
        map.checkInvariants()
    }

    func testZeroSizeSlotsNeverWriteTheScratchArea() {
        churn(GoMap<Int, Void>(seed: 1), value: ())
        churn(GoMap<Int, Nothing>(seed: 2), value: Nothing())
        let sets = GoMap<Nothing, Int>(seed: 3)
        for v in 0..<10 { sets[Nothing()] = v }
        XCTAssertEqual(sets.count, 1)
        XCTAssertEqual(sets[Nothing()], 9)
        let bytes = (0..<64).map { _zeroSizeScratch.load(fromByteOffset: $0, as: UInt8.self) }
        XCTAssertEqual(bytes, Array(repeating: 0, count: 64), "the zero-size scratch page changed")
    }
}
