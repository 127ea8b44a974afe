// A crafted, realistic result set for the report and chart tests.
//
// GoMap growth rows follow Go's rules: an unsized map of N keys doubles at count 8, 13, 26, 52, 104, ...
// (8 at B = 0, floor(6.5 * 2^B) after), curve points are sampled every N/20 keys plus a point at every
// growth start and end. Summary figures are round numbers picked by hand so tests can check derived
// figures (savings, ratios) computed by hand.

import MapHeapModel

package enum ReportFixture {
    /// N: keys per workload.
    package static let keys = 1_000_000
    package static let machine = "Test CPU @ 3.0GHz, 2 cores, 8 GiB"
    package static let runtime = "swift 6.3.1"
    package static let allocator = "jemalloc 5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c"
    package static let seed: UInt64 = 42

    /// Workloads: gomap int64 bool unsized/presized, int64 empty unsized (no presized: a missing pair),
    /// dictionary int64 bool and set int64 empty (peers), a gomap churn, and string workloads of which
    /// gomap-string-bool-unsized crashed.
    package static func resultSet() -> ResultSet {
        var set = ResultSet()
        func add(_ row: SummaryRow, _ curve: [CurveRow], _ growth: [GrowthRow] = []) {
            set.summary.append(row)
            set.curve += curve
            set.growth += growth
        }
        // A GoMap workload that grew: its growth rows and curve end at the row's final allocation.
        func addGrowing(_ row: SummaryRow, bucketSize: Int, keys: Int = keys) {
            let grown = gomapGrowth(workload: row.workload, bucketSize: bucketSize, keys: keys,
                                    finalAllocated: row.finalAllocatedBytes)
            add(row, grown.curve, grown.growth)
        }
        // int64 keys.
        addGrowing(summary("gomap-int64-bool-unsized", impl: .gomap, key: "int64", value: "bool", sizing: .unsized,
                           growths: 18, finalB: 18, final: 24_000_000, peak: 36_000_000, mapBytes: 23_900_000,
                           ns: 60),
                   bucketSize: 88)
        add(summary("gomap-int64-bool-presized", impl: .gomap, key: "int64", value: "bool", sizing: .presized,
                    growths: 0, finalB: 18, final: 25_000_000, peak: 25_000_000, mapBytes: 24_950_000, ns: 45),
            flatCurve(workload: "gomap-int64-bool-presized", allocated: 25_000_000, b: 18))
        addGrowing(summary("gomap-int64-empty-unsized", impl: .gomap, key: "int64", value: "empty", sizing: .unsized,
                           growths: 18, finalB: 18, final: 22_000_000, peak: 33_000_000, mapBytes: 21_900_000,
                           ns: 58),
                   bucketSize: 80)
        add(summary("dictionary-int64-bool-unsized", impl: .dictionary, key: "int64", value: "bool",
                    sizing: .unsized, growths: 19, finalB: 21, final: 40_000_000, peak: 60_000_000, mapBytes: nil,
                    ns: 30),
            peerCurve(workload: "dictionary-int64-bool-unsized", finalAllocated: 40_000_000))
        add(summary("set-int64-empty-unsized", impl: .set, key: "int64", value: "empty", sizing: .unsized,
                    growths: 19, finalB: 21, final: 36_000_000, peak: 54_000_000, mapBytes: nil, ns: 28),
            peerCurve(workload: "set-int64-empty-unsized", finalAllocated: 36_000_000))
        let churn = churnWorkload()
        add(churn.summary, churn.curve, churn.growth)
        // string keys.
        var crashedRow = summary("gomap-string-bool-unsized", impl: .gomap, key: "string", value: "bool",
                                 sizing: .unsized, growths: 16, finalB: 16, final: 15_000_000, peak: 20_000_000,
                                 mapBytes: 14_000_000, ns: 90)
        crashedRow.status = .crashed
        addGrowing(crashedRow, bucketSize: 152, keys: 400_000)
        add(summary("gomap-string-bool-presized", impl: .gomap, key: "string", value: "bool", sizing: .presized,
                    growths: 0, finalB: 18, final: 41_000_000, peak: 41_000_000, mapBytes: 40_900_000, ns: 80),
            flatCurve(workload: "gomap-string-bool-presized", allocated: 41_000_000, b: 18))
        addGrowing(summary("gomap-string-empty-unsized", impl: .gomap, key: "string", value: "empty",
                           sizing: .unsized, growths: 18, finalB: 18, final: 38_000_000, peak: 57_000_000,
                           mapBytes: 37_900_000, ns: 95),
                   bucketSize: 144)
        add(summary("dictionary-string-bool-unsized", impl: .dictionary, key: "string", value: "bool",
                    sizing: .unsized, growths: 19, finalB: 21, final: 52_000_000, peak: 78_000_000, mapBytes: nil,
                    ns: 70),
            peerCurve(workload: "dictionary-string-bool-unsized", finalAllocated: 52_000_000))
        return set
    }

    package static func summary(
        _ workload: String, impl: Workload.Impl, key: String, value: String, sizing: Workload.Sizing,
        ops: Workload.Ops = .insert,
        keys: Int = keys, inserts: Int? = nil, deletes: Int = 0, growths: Int, sameSize: Int = 0, finalB: Int,
        final: Int, peak: Int, mapBytes: Int?, ns: Double
    ) -> SummaryRow {
        let inserts = inserts ?? keys
        let gomap = impl == .gomap
        return SummaryRow(
            workload: workload, impl: impl, runtime: runtime, allocator: allocator, keyType: key, valueType: value,
            sizing: sizing, hint: sizing == .presized ? keys : 0, ops: ops, keys: keys, inserts: inserts,
            deletes: deletes, finalCount: keys,
            growths: gomap ? GrowthCounts([.doubling: growths, .sameSize: sameSize])
                : GrowthCounts([.reallocation: growths]),
            structure: gomap ? MapStructure(b: finalB, overflowBuckets: 1_200, capacity: 8 << finalB)
                : MapStructure(capacity: (1 << finalB) * 3 / 4),
            finalAllocatedBytes: final, peakAllocatedBytes: peak,
            finalActiveBytes: final + 4_096, finalResidentBytes: final + 8_192, mapBytes: mapBytes,
            bytesPerKey: Double(final) / Double(keys), gcCycles: nil, seconds: ns * Double(inserts) / 1e9,
            nsPerInsert: ns, samplingOverhead: 0.004, status: .ok, machine: machine, seed: seed)
    }

    /// The count at which Go's rule starts a doubling at `b`.
    package static func trigger(_ b: Int) -> Int { b == 0 ? 8 : 13 << (b - 1) }

    /// Growth rows and curve of an unsized GoMap insert workload, following Go's doubling rule.
    /// Bytes are the bucket arrays' sizes scaled so that the final allocation is `finalAllocated`.
    package static func gomapGrowth(
        workload: String, bucketSize: Int, keys: Int, finalAllocated: Int
    ) -> (curve: [CurveRow], growth: [GrowthRow]) {
        func array(_ b: Int) -> Int { (1 << b) * bucketSize }
        var growth: [GrowthRow] = []
        var b = 0
        while trigger(b) < keys {
            let count = trigger(b)
            let writes = max(1, (1 << b) / 2)
            growth.append(GrowthRow(
                workload: workload, index: growth.count + 1, kind: .doubling, countAtStart: count,
                keysAtStart: count, bytesAllocated: array(b + 1), bytesReleased: array(b), writesToFinish: writes,
                detail: "old_b=\(b);new_b=\(b + 1);load=\(Double(count) / Double(1 << b))",
                allocatedBytesAtStart: array(b) + array(b + 1), allocatedBytesAtEnd: array(b + 1)))
            b += 1
        }
        let scale = Double(finalAllocated) / Double(array(b))
        func scaled(_ bytes: Int) -> Int { Int((Double(bytes) * scale).rounded()) }
        growth = growth.map { row in
            var row = row
            row.allocatedBytesAtStart = scaled(row.allocatedBytesAtStart)
            row.allocatedBytesAtEnd = row.allocatedBytesAtEnd.map(scaled)
            return row
        }
        // Allocation after `inserted` inserts: the current array, plus the old one while growing.
        func state(_ inserted: Int) -> (b: Int, growing: Bool, bytes: Int) {
            var current = 0
            var growing = false
            for row in growth where row.keysAtStart < inserted {
                current = row.detailInt("new_b") ?? 0
                growing = inserted < row.keysAtStart + (row.writesToFinish ?? 0)
            }
            let bytes = inserted == 0 ? 0 : array(current) + (growing ? array(current - 1) : 0)
            return (current, growing, scaled(bytes))
        }
        var events: [(keys: Int, event: CurveEvent)] = (0...20).map { (keys / 20 * $0, .sample) }
        for row in growth {
            events.append((row.keysAtStart, .growthStart))
            events.append((row.keysAtStart + (row.writesToFinish ?? 0), .growthEnd))
        }
        events.sort { $0.keys < $1.keys || ($0.keys == $1.keys && $0.event != .sample && $1.event == .sample) }
        let curve = events.map { point -> CurveRow in
            // A growth-start point is taken just after the growth started, so it shows both arrays.
            let probe = point.event == .growthStart ? point.keys + 1 : point.keys
            let now = state(probe)
            return CurveRow(
                workload: workload, event: point.event, keys: point.keys, count: point.keys,
                allocatedBytes: now.bytes, activeBytes: now.bytes + 4_096, residentBytes: now.bytes + 8_192,
                peakBytes: now.bytes, mapBytes: now.bytes,
                structure: MapStructure(b: now.b, overflowBuckets: 0, capacity: 8 << now.b), growing: now.growing,
                elapsedSeconds: Double(point.keys) * 60e-9)
        }
        return (curve, growth)
    }

    /// A presized map: the whole array is allocated at creation.
    package static func flatCurve(workload: String, allocated: Int, b: Int) -> [CurveRow] {
        (0...20).map { step in
            let inserted = keys / 20 * step
            return CurveRow(
                workload: workload, event: .sample, keys: inserted, count: inserted, allocatedBytes: allocated,
                activeBytes: allocated, residentBytes: allocated, peakBytes: allocated, mapBytes: allocated,
                structure: MapStructure(b: b, overflowBuckets: 0, capacity: 8 << b), growing: false,
                elapsedSeconds: Double(inserted) * 45e-9)
        }
    }

    /// A Swift peer: capacity doubles at 3/4 load; bytes scaled so the end is `finalAllocated`.
    package static func peerCurve(workload: String, finalAllocated: Int) -> [CurveRow] {
        func capacityLog(_ inserted: Int) -> Int {
            var b = 0
            while Double(1 << b) * 0.75 < Double(inserted) { b += 1 }
            return b
        }
        let perSlot = Double(finalAllocated) / Double(1 << capacityLog(keys))
        return (0...40).map { step in
            let inserted = keys / 40 * step
            let b = capacityLog(inserted)
            let bytes = inserted == 0 ? 0 : Int(Double(1 << b) * perSlot)
            return CurveRow(
                workload: workload, event: .sample, keys: inserted, count: inserted, allocatedBytes: bytes,
                activeBytes: bytes, residentBytes: bytes, peakBytes: bytes, mapBytes: nil,
                structure: MapStructure(capacity: (1 << b) * 3 / 4), growing: nil,
                elapsedSeconds: Double(inserted) * 30e-9)
        }
    }

    /// gomap-int64-bool-churn: fill to N (as the unsized workload), then 2N deletes and 2N inserts at a
    /// steady count, with two same-size growths; allocated goes from 24,000,000 to 25,165,824.
    package static func churnWorkload() -> (summary: SummaryRow, curve: [CurveRow], growth: [GrowthRow]) {
        let workload = "gomap-int64-bool-churn"
        let fill = gomapGrowth(workload: workload, bucketSize: 88, keys: keys, finalAllocated: 24_000_000)
        var curve = fill.curve
        var growth = fill.growth
        let end = 25_165_824
        for (offset, inserted) in [1_600_000, 2_400_000].enumerated() {
            growth.append(GrowthRow(
                workload: workload, index: growth.count + 1, kind: .sameSize, countAtStart: keys - 1,
                keysAtStart: inserted, bytesAllocated: 23_068_672, bytesReleased: 23_068_672 + 400_000,
                writesToFinish: 131_072, detail: "old_b=18;new_b=18;load=\(Double(keys - 1) / 262_144)",
                allocatedBytesAtStart: 48_000_000 + offset * 500_000,
                allocatedBytesAtEnd: 24_600_000 + offset * 500_000))
        }
        let churnSteps = 20
        for step in 1...churnSteps {
            let inserted = keys + keys * 2 * step / churnSteps
            let bytes = 24_000_000 + (end - 24_000_000) * step / churnSteps
            curve.append(CurveRow(
                workload: workload, event: .sample, keys: inserted, count: keys - (step % 2), allocatedBytes: bytes,
                activeBytes: bytes, residentBytes: bytes, peakBytes: bytes, mapBytes: bytes - 100_000,
                structure: MapStructure(b: 18, overflowBuckets: 2_000, capacity: 8 << 18), growing: false,
                elapsedSeconds: Double(inserted) * 70e-9))
        }
        let row = summary(workload, impl: .gomap, key: "int64", value: "bool", sizing: .unsized, ops: .churn,
                          inserts: 3 * keys, deletes: 2 * keys, growths: 18, sameSize: 2, finalB: 18, final: end,
                          peak: 48_500_000, mapBytes: end - 100_000, ns: 70)
        return (row, curve, growth)
    }
}
