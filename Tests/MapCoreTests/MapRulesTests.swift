import XCTest

@testable import MapCore

/// The size rules against Go's rules worked by hand in the design notes and figures measured once
/// (results/baseline, issue 20); SizeRulesModelTests reads the baseline itself.
final class MapRulesTests: XCTestCase {
    /// Worked geometries of the design notes (go-map-semantics.md, swiss-map-semantics.md).
    static let int64Bool = MapSizeGeometry(keySlot: 8, valueSlot: 1, keyBoxBytes: 0, valueBoxBytes: 0, bucketSize: 88,
                                           bucketHasPointers: false, groupSize: 136, groupHasPointers: false)
    static let int64Empty = MapSizeGeometry(keySlot: 8, valueSlot: 0, keyBoxBytes: 0, valueBoxBytes: 0, bucketSize: 80,
                                            bucketHasPointers: false, groupSize: 136, groupHasPointers: false)
    static let stringBool = MapSizeGeometry(keySlot: 16, valueSlot: 1, keyBoxBytes: 0, valueBoxBytes: 0,
                                            bucketSize: 152, bucketHasPointers: true, groupSize: 200,
                                            groupHasPointers: true)
    static let stringEmpty = MapSizeGeometry(keySlot: 16, valueSlot: 0, keyBoxBytes: 0, valueBoxBytes: 0,
                                             bucketSize: 144, bucketHasPointers: true, groupSize: 200,
                                             groupHasPointers: true)

    func testWorkedGeometriesAreMapShapes() {
        func layout(_ size: Int, _ pointers: Bool) -> GoTypeLayout {
            GoTypeLayout(size: size, alignment: size == 0 ? 1 : min(size, 8), hasPointers: pointers)
        }
        XCTAssertEqual(MapSizeGeometry(MapShape(key: layout(8, false), value: layout(1, false))), Self.int64Bool)
        XCTAssertEqual(MapSizeGeometry(MapShape(key: layout(8, false), value: layout(0, false))), Self.int64Empty)
        XCTAssertEqual(MapSizeGeometry(MapShape(key: layout(16, true), value: layout(1, false))), Self.stringBool)
        XCTAssertEqual(MapSizeGeometry(MapShape(key: layout(16, true), value: layout(0, false))), Self.stringEmpty)
    }

    func testHintedMillionAndGrowthCounts() {
        // Baseline: hint 1e6 and hint 2^20 with 1M int64/bool keys.
        for hint in [1_000_000, 1_048_576] {
            // Classic, pointer-free buckets: the overflow slice's capacity follows the overflow buckets,
            // which the hash decides; the range holds what both the model and Go measured.
            let classic = MapRules.predict(Self.int64Bool, generation: .classic, entries: 1_000_000, hint: hint)
            XCTAssertFalse(classic.mapBytes.isExact)
            XCTAssertEqual(classic.mapBytes.max, 24_559_712)
            XCTAssertLessThan(classic.mapBytes.min, 24_559_712)
            let swiss = MapRules.predict(Self.int64Bool, generation: .swiss, entries: 1_000_000, hint: hint)
            XCTAssertEqual(swiss.mapBytes,
                           RuleFigure(exact: 37_832_752))
        }
        // Baseline growths at 10M unsized: 21 doublings; 1 + 6 + 16383 splits + 14 directory grows.
        XCTAssertEqual(MapRules.predict(Self.int64Bool, generation: .classic, entries: 10_000_000).growthCount,
                       RuleFigure(exact: 21))
        let swiss = MapRules.predict(Self.int64Bool, generation: .swiss, entries: 10_000_000)
        XCTAssertEqual(swiss.growthCount, RuleFigure(exact: 16_404))
        guard case .swiss(let tables, _, let directory, _) = swiss.structure else { return XCTFail("not swiss") }
        XCTAssertEqual(tables, RuleFigure(exact: 16_384))
        XCTAssertEqual(directory, RuleFigure(exact: 16_384))
    }

    func testUnsizedMillionSwissTablesAreARangeHoldingTheMeasured() {
        // Measured at 1M unsized keys: 2,043 to 2,046 tables (issue 20).
        let p = MapRules.predict(Self.int64Bool, generation: .swiss, entries: 1_000_000)
        guard case .swiss(let tables, _, let directory, _) = p.structure else { return XCTFail("not swiss") }
        XCTAssertFalse(tables.isExact)
        XCTAssertLessThanOrEqual(tables.min, 2043)
        XCTAssertGreaterThanOrEqual(tables.max, 2046)
        XCTAssertLessThanOrEqual(tables.max, 2048)
        XCTAssertEqual(tables.expected, 2043, accuracy: 1.5)
        XCTAssertEqual(directory, RuleFigure(exact: 2048))
        XCTAssertFalse(p.mapBytes.isExact)
    }

    func testSmallMapsAreExact() {
        // Worked in the notes: one full int64 table of 1024 slots is 18,432 bytes of groups.
        let full = MapRules.predict(Self.int64Bool, generation: .swiss, entries: 896)
        XCTAssertEqual(full.mapBytes, RuleFigure(exact: 48 + 8 + 32 + 18_432))
        XCTAssertEqual(full.nextGrowthAt, RuleFigure(exact: 897))
        XCTAssertEqual(full.lastGrowthAt, RuleFigure(exact: 449))
        XCTAssertEqual(MapRules.predict(Self.int64Bool, generation: .swiss, entries: 8).mapBytes,
                       RuleFigure(exact: 48 + 144))
        // Classic: 8 int64/bool entries are one 88-byte bucket (96-byte class) and the 48-byte hmap.
        let one = MapRules.predict(Self.int64Bool, generation: .classic, entries: 8)
        XCTAssertEqual(one.mapBytes, RuleFigure(exact: 48 + 96))
        XCTAssertEqual(one.nextGrowthAt, RuleFigure(exact: 9))
        XCTAssertNil(one.lastGrowthAt)
        XCTAssertEqual(one.noGrowthHint, 0)
        let many = MapRules.predict(Self.stringBool, generation: .classic, entries: 10_000_000)
        XCTAssertEqual(many.noGrowthHint, 6_815_745)
        XCTAssertEqual(many.lastGrowthAt, RuleFigure(exact: 6_815_745))
        XCTAssertEqual(many.nextGrowthAt, RuleFigure(exact: 13_631_489))
        XCTAssertEqual(many.split.total, many.mapBytes.value)
    }

    func testGo121HasNoMallocHeaders() {
        // A 640-byte value with pointers is boxed: 648 with Go 1.22's header (704-byte class), 640 without.
        let shape = MapShape(key: GoTypeLayout(size: 8, alignment: 8, hasPointers: false),
                             value: GoTypeLayout(size: 640, alignment: 8, hasPointers: true))
        XCTAssertEqual(MapSizeGeometry(shape).boxBytesPerEntry, 704)
        XCTAssertEqual(MapSizeGeometry(shape, mallocHeaders: false).boxBytesPerEntry, 640)
        let with = MapRules.predict(MapSizeGeometry(shape), generation: .classic, entries: 100, hint: 100)
        let without = MapRules.predict(MapSizeGeometry(shape, mallocHeaders: false), generation: .classic,
                                       entries: 100, hint: 100)
        XCTAssertEqual(with.mapBytes.value - without.mapBytes.value, 100 * 64)
    }

    func testGo121LoadFactorIsSix() {
        // Go 1.21 grows above 6 entries per bucket (GoRelease's loadFactorNum 12), later releases above 6.5:
        // 100 entries need B = 5 there (96 < 100 <= 192) and B = 4 after (100 <= 104).
        let go121 = GoRelease.named("1.21.13")!.classic!
        let shape = MapShape(key: GoTypeLayout(size: 8, alignment: 8, hasPointers: false),
                             value: GoTypeLayout(size: 1, alignment: 1, hasPointers: false))
        let geometry121 = MapSizeGeometry(shape, mallocHeaders: false, loadFactorNum: go121.loadFactorNum.value)
        let old = MapRules.predict(geometry121, generation: .classic, entries: 100, hint: 0)
        let new = MapRules.predict(MapSizeGeometry(shape), generation: .classic, entries: 100, hint: 0)
        guard case .classic(let oldB, _, _, _) = old.structure, case .classic(let newB, _, _, _) = new.structure
        else { return XCTFail("not classic") }
        XCTAssertEqual(oldB, 5)
        XCTAssertEqual(newB, 4)
        XCTAssertEqual(old.nextGrowthAt?.value, 193)
        XCTAssertEqual(new.nextGrowthAt?.value, 105)
        XCTAssertEqual(MapRules.curvePoints(generation: .classic, maximum: 14, loadFactorNum: 12),
                       [0, 1, 8, 9, 12, 13, 14])
        XCTAssertTrue(MapRules.isGrowthPoint(generation: .classic, entries: 13, loadFactorNum: 12))
        XCTAssertFalse(MapRules.isGrowthPoint(generation: .classic, entries: 13))
    }
}
