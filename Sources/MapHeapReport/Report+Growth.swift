// report.txt: every growth of every workload of the model under study (any model: the columns are
// growth.csv's, the core-specific facts in its detail), and, for the classic map (GoMap), the load
// factor at each doubling trigger checked against Go's rule.
//
// The rule (go-map-semantics.md): an insert of a new key starts a doubling when no growth is in
// progress and overLoadFactor(count + 1, B), i.e. count + 1 > 8 and count + 1 > 13 * (2^B / 2).
// So a doubling at old B starts at count == 8 for B == 0 and at count == 13 * 2^(B-1) ==
// floor(6.5 * 2^B) for B >= 1.
import MapHeapModel

extension _Report {
    /// The count at which Go's rule starts a doubling of a map with `2^oldB` buckets.
    static func expectedDoublingCount(oldB: Int) -> Int {
        precondition(oldB >= 0 && oldB < 58, "B out of range")
        return oldB == 0 ? 8 : 13 << (oldB - 1)
    }

    /// The model's workloads in suite order.
    var modelRows: [SummaryRow] {
        results.summary.filter { $0.impl == model.impl }
    }

    /// One table per workload of the model, one row per growth, bytes raw.
    mutating func growths() {
        heading("Growths")
        text("Every growth of every \(model.displayName) workload, from growth.csv, in bytes. count = live entries "
            + "and keys = inserts done when the growth started; allocated = bytes the growth allocated (the classic "
            + "map: usable bytes of the new bucket array); writes = writes that did evacuation work until an "
            + "incremental growth finished (\"—\" where a growth completes within one insert); released = bytes "
            + "freed at the end; detail = the map's own facts (the classic map: old and new B and the load factor "
            + "count / 2^(old B)); jemalloc start / end = net allocation just after the growth started / finished "
            + "(both just after it for a growth that is whole when the map reports it, as "
            + "\(Self.modelName(.swiss))'s are).")
        if modelRows.isEmpty {
            blank()
            text("No \(model.displayName) workloads in this suite.")
        }
        for row in modelRows {
            subheading(row.workload)
            guard row._isOK else {
                text("Not shown: status \(row.status) (excluded).")
                continue
            }
            let rows = growthRows(of: row.workload)
            guard !rows.isEmpty else {
                text("No growths (structure at the end: \(row.structure._text)).")
                continue
            }
            var growthTable = TextTable([
                .right("#"), .left("kind"), .right("count"), .right("keys"), .right("allocated"), .right("writes"),
                .right("released"), .left("detail"), .right("jemalloc start"), .right("jemalloc end"),
            ])
            for growth in rows {
                let finished = growth.allocatedBytesAtEnd != nil
                growthTable.append([
                    String(growth.index), growth.kind.rawValue, _Format.int(growth.countAtStart),
                    _Format.int(growth.keysAtStart), growth.bytesAllocated.map(_Format.int) ?? "—",
                    finished ? growth.writesToFinish.map(_Format.int) ?? "—" : "unfinished",
                    growth.bytesReleased.map(_Format.int) ?? "—", growth.detail,
                    _Format.int(growth.allocatedBytesAtStart), growth.allocatedBytesAtEnd.map(_Format.int) ?? "—",
                ])
            }
            table(growthTable)
        }
    }

    /// The classic map's rule: count / 2^oldB at each doubling, min/max, and the check against the rule.
    mutating func loadFactor() {
        heading("The measured load factor at each trigger")
        text("Go's rule: 6.5 entries per bucket on average. An insert of a new key starts a doubling when "
            + "count+1 > 8 and count+1 > 13·2^B/2, so a doubling at old B starts at count == floor(6.5·2^B) for "
            + "B ≥ 1, and at count == 8 for B = 0. The load factor is count at start / 2^(old B), derived from "
            + "growth.csv; same-size growths are not load-factor triggers and are left out.")
        blank()
        var perWorkload = TextTable([
            .left("workload"), .right("doublings"), .right("min load factor"), .right("max load factor"),
            .left("check"),
        ])
        var offenders: [String] = []
        var all: [Double] = []
        for row in modelRows where row._isOK {
            let rows = growthRows(of: row.workload)
            let doublings = rows.filter { $0.kind == .doubling }
            guard !doublings.isEmpty else { continue }
            var bad = 0
            var factors: [Double] = []
            for growth in doublings {
                guard let oldB = growth.detailInt("old_b"), oldB >= 0 && oldB < 58 else {
                    bad += 1
                    offenders.append("\(row.workload) growth #\(growth.index): old B "
                        + "\(growth.detailValue("old_b") ?? "missing from its detail") out of range")
                    continue
                }
                let factor = Double(growth.countAtStart) / Double(1 << oldB)
                factors.append(factor)
                let expected = _Report.expectedDoublingCount(oldB: oldB)
                if growth.countAtStart != expected {
                    bad += 1
                    offenders.append(offence(growth, oldB: oldB, in: rows, expected: expected, factor: factor,
                                             row: row))
                }
            }
            all += factors
            perWorkload.append([
                row.workload, String(doublings.count),
                factors.min().map { _Format.fixed($0, 3) } ?? "—",
                factors.max().map { _Format.fixed($0, 3) } ?? "—",
                bad == 0 ? "matches the rule" : "\(bad) of \(doublings.count) off the rule",
            ])
        }
        guard !perWorkload.rows.isEmpty else {
            text("No doubling growths among the \(model.displayName) workloads with status ok: nothing to check.")
            return
        }
        table(perWorkload)
        blank()
        if let low = all.min(), let high = all.max() {
            text("All doublings: load factor at the trigger from \(_Format.fixed(low, 3)) to "
                + "\(_Format.fixed(high, 3)) "
                + "(derived; 8 at B = 0, where Go waits for a full bucket, and 6.5 from B = 1 on).")
        }
        if offenders.isEmpty {
            text("Every measured doubling trigger matches the rule.")
        } else {
            text("Doublings that do not start where the rule says:")
            for line in offenders { item(line) }
        }
    }

    /// One line naming a doubling that starts at another count than the rule's, with a likely cause.
    private func offence(
        _ growth: GrowthRow, oldB: Int, in rows: [GrowthRow], expected: Int, factor: Double, row: SummaryRow
    ) -> String {
        var line = "\(row.workload) growth #\(growth.index): doubling at count \(_Format.int(growth.countAtStart)) "
            + "with old B \(oldB) (load factor \(_Format.fixed(factor, 3))); the rule says count "
            + "\(_Format.int(expected))"
        let previous = rows.last { $0.index < growth.index }
        if growth.countAtStart > expected, let previous, previous.kind != .doubling {
            line += "; growth #\(previous.index) (\(previous.kind)) may still have been in progress at the "
                + "threshold, and Go does not check while a growth is in progress"
        }
        return line
    }
}
