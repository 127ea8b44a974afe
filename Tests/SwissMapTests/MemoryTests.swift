// Layout and bytes: the design page's worked sizes for both group layouts, Go's rounding of
// whole tables, indirect keys and values, and the byte accounting against the sum of the
// Go-rounded blocks the map holds.
import MapCore
import XCTest
@testable import SwissMap

/// A value whose size (9) is not its stride (16).
struct Padded: Equatable {
    var a: Int64
    var b: Bool
}

final class MemoryTests: XCTestCase {
    /// The worked sizes: a zero-size value still costs its slot a padded byte (golang/go#71368).
    func testWorkedGroupSizes() {
        XCTAssertEqual(SwissMap<Int64, Bool>.groupSize(), 136)
        XCTAssertEqual(SwissMap<Int64, Empty>.groupSize(), 136)
        XCTAssertEqual(SwissMap<String, Bool>.groupSize(), 200)
        XCTAssertEqual(SwissMap<String, Empty>.groupSize(), 200)
        XCTAssertEqual(SwissMap<Int64, Int64>.groupSize(), 136)
        XCTAssertEqual(SwissMap<Int8, Int8>.groupSize(), 8 + 8 * 2)
        XCTAssertEqual(SwissMap<Empty, Empty>.groupSize(), 16, "ctrl, empty slots, padded byte, rounded to 8")
        XCTAssertEqual(SwissMap<Int8, Empty>.groupSize(), 8 + 8 * 2, "slot {int8; struct{}} is 2 bytes")
        XCTAssertEqual(SwissMap<Int64, Padded>.groupSize(), 8 + 8 * 24)
        XCTAssertEqual(SwissMap<Int8, SIMD4<Float>>.groupSize(), 16 + 8 * 32, "16-aligned slots start at 16")
        // Go 1.27's split layout (GOEXPERIMENT=mapsplitgroup): keys together, values together.
        XCTAssertEqual(SwissMap<Int64, Bool>.groupSize(layout: .split), 80)
        XCTAssertEqual(SwissMap<Int64, Empty>.groupSize(layout: .split), 80, "8 + 64 + 1 padded, rounded")
        XCTAssertEqual(SwissMap<String, Bool>.groupSize(layout: .split), 8 + 128 + 8)
        XCTAssertEqual(SwissMap<String, Empty>.groupSize(layout: .split), 8 + 128 + 8)
        XCTAssertEqual(SwissMap<Int8, Int64>.groupSize(layout: .split), 8 + 8 + 64)
        XCTAssertEqual(SwissMap<Empty, Empty>.groupSize(layout: .split), 16)
        // Above 128 bytes a key or value is a pointer in the slot.
        XCTAssertEqual(SwissMap<Int64, BigValue>.groupSize(), 136)
        XCTAssertEqual(SwissMap<BigKey, Bool>.groupSize(), 136)
    }

    /// One full Int64 table of 1024 slots: groups 128 * 136 = 17,408 bytes, which Go rounds to
    /// 18,432; a String table's groups (with pointers, so with Go's 8-byte malloc header)
    /// 128 * 200 = 25,600 + 8 -> 27,264.
    func testWorkedTableBytes() {
        let ints = SwissMap<Int64, Bool>(hint: 896, seed: 1)
        XCTAssertEqual(ints.stats.groupBytes, 18_432)
        XCTAssertEqual(ints.stats.tableHeaderBytes, 32)
        XCTAssertEqual(ints.stats.directoryBytes, 8)
        XCTAssertEqual(ints.stats.totalBytes, 48 + 8 + 32 + 18_432)
        let strings = SwissMap<String, Bool>(hint: 896, seed: 1)
        XCTAssertEqual(strings.stats.groupBytes, 27_264)
        let split = SwissMap<Int64, Bool>(hint: 896, seed: 1, layout: .split)
        XCTAssertEqual(split.stats.groupBytes, 10_240, "128 * 80 = 10,240 is a size class")
        XCTAssertEqual(split.stats.groupSize, 80)
        // The empty-value map is exactly as large as the Bool one in the interleaved layout.
        XCTAssertEqual(SwissMap<Int64, Empty>(hint: 10_000, seed: 1).stats.totalBytes,
                       SwissMap<Int64, Bool>(hint: 10_000, seed: 1).stats.totalBytes)
    }

    /// Asserts that the map's byte figures equal the sum of its Go-rounded blocks.
    func assertBytesMatch<K, V>(_ map: SwissMap<K, V>, _ context: String, file: StaticString = #filePath,
                                line: UInt = #line) {
        let s = map.stats
        XCTAssertEqual(s.totalBytes, goRoundedBlocks(map), "totalBytes; \(context)", file: file, line: line)
        XCTAssertEqual(s.tableHeaderBytes, 32 * s.tables, context, file: file, line: line)
        XCTAssertEqual(map.totalBytes, s.totalBytes, context, file: file, line: line)
        XCTAssertEqual(map.structure, GoMapModelStructure(tables: s.tables, directoryLength: s.directoryLength,
                                                          capacity: s.totalCapacity), context, file: file, line: line)
        XCTAssertNil(map.isGrowing, context, file: file, line: line)
    }

    /// After every kind of write, the accounting equals the sum of the Go-rounded blocks, for
    /// inline, boxed and pointer-holding types, in both layouts.
    func testByteAccountingEqualsGoRoundedBlocks() {
        func churn<K: Hashable, V>(_ map: SwissMap<K, V>, key: (Int) -> K, value: (Int) -> V, name: String) {
            var rng = SplitMix64(seed: 5)
            assertBytesMatch(map, "\(name) empty")
            for op in 0..<6_000 {
                let k = rng.below(2_500)
                switch rng.below(10) {
                case 0..<6: map[key(k)] = value(op)
                case 6..<9: map[key(k)] = nil
                default: if rng.below(200) == 0 { map.removeAll() }
                }
                if op % 97 == 0 { assertBytesMatch(map, "\(name) op \(op)") }
            }
            assertBytesMatch(map, "\(name) end")
        }
        for layout in SwissMapGroupLayout.allCases {
            churn(SwissMap<Int64, Bool>(seed: 1, layout: layout), key: { Int64($0) }, value: { $0 % 2 == 0 },
                  name: "Int64→Bool \(layout)")
            churn(SwissMap<String, Empty>(seed: 2, layout: layout), key: stringKey, value: { _ in Empty() },
                  name: "String→Empty \(layout)")
            churn(SwissMap<BigKey, BigValue>(seed: 3, layout: layout), key: { BigKey($0) }, value: { BigValue($0) },
                  name: "BigKey→BigValue \(layout)")
        }
    }

    /// Boxes: one Go object per indirect key and per indirect value, freed by delete and clear.
    func testIndirectBoxes() {
        let map = SwissMap<BigKey, BigValue>(seed: 9)
        for k in 0..<100 { map[BigKey(k)] = BigValue(k) }
        let box = goBytes(MemoryLayout<BigKey>.stride, pointers: false)
            + goBytes(MemoryLayout<BigValue>.stride, pointers: true)
        XCTAssertEqual(map.stats.boxBytes, 100 * box)
        for k in 0..<50 { map[BigKey(k)] = nil }
        XCTAssertEqual(map.stats.boxBytes, 50 * box)
        map[BigKey(60)] = BigValue(1)  // an update keeps the boxes
        XCTAssertEqual(map.stats.boxBytes, 50 * box)
        map.removeAll()
        XCTAssertEqual(map.stats.boxBytes, 0)
    }

    /// Garbage: every replaced block is counted once, and what the map holds is what it allocated
    /// less what became garbage.
    func testGarbageAccounting() {
        let map = SwissMap<String, Int>(seed: 4)
        let log = EventLog()
        log.attach(map)
        for k in 0..<20_000 { map[stringKey(k)] = k }
        let allocated = log.events.reduce(0) { $0 + $1.bytesAllocated }
        let garbage = log.events.reduce(0) { $0 + $1.bytesGarbage }
        let small = goBytes(SwissMap<String, Int>.groupSize(), pointers: true)
        XCTAssertEqual(map.stats.garbageBytes, garbage)
        XCTAssertEqual(map.stats.totalBytes, 48 + small + allocated - garbage)
        XCTAssertEqual(log.events.reduce(0) { $0 + $1.entriesMoved },
                       8 + log.of(.tableGrow).reduce(0) { $0 + $1.count }
                           + log.of(.tableSplit).count * 896)
    }
}

/// The table header is Go's 32 bytes in this core too (so 16,384 of them stay cache-friendly).
final class HeaderLayoutTests: XCTestCase {
    func testTableHeaderIsGoSized() {
        XCTAssertEqual(MemoryLayout<_SwissTable>.size, 32)
    }
}
