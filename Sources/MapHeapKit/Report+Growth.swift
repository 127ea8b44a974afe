// report.txt, sections 6 and 7: every growth of every GoMap workload, and the load factor at each
// doubling trigger checked against Go's rule.
//
// The rule (go-map-semantics.md): an insert of a new key starts a doubling when no growth is in
// progress and overLoadFactor(count + 1, B), i.e. count + 1 > 8 and count + 1 > 13 * (2^B / 2).
// So a doubling at old B starts at count == 8 for B == 0 and at count == 13 * 2^(B-1) ==
// floor(6.5 * 2^B) for B >= 1.

extension _Report {
    /// The count at which Go's rule starts a doubling of a map with `2^oldB` buckets.
    static func expectedDoublingCount(oldB: Int) -> Int {
        precondition(oldB >= 0 && oldB < 58, "B out of range")
        return oldB == 0 ? 8 : 13 << (oldB - 1)
    }

    /// GoMap workloads in suite order.
    var gomapRows: [SummaryRow] {
        results.summary.filter { $0.impl == "gomap" }
    }

    /// Section 6: one table per GoMap workload, one row per growth, bytes raw.
    mutating func growths() {
        heading(6, "Growths")
        text("Every growth of every GoMap workload, from growth.csv, in bytes. count = live entries and keys = "
            + "inserts done when the growth started; allocated = usable bytes of the new bucket array; writes = "
            + "writes that did evacuation work until the growth finished; released = bytes of the old generation "
            + "freed at the end; load factor = count / 2^(old B); jemalloc start / end = jemalloc net allocation "
            + "just after the growth started / finished.")
        if gomapRows.isEmpty {
            blank()
            text("No GoMap workloads in this suite.")
        }
        for row in gomapRows {
            subheading(row.workload)
            guard row._isOK else {
                text("Not shown: status \(row.status) (excluded).")
                continue
            }
            let rows = growthRows(of: row.workload)
            guard !rows.isEmpty else {
                text("No growths (final B = \(row.finalB)).")
                continue
            }
            var growthTable = TextTable([
                .right("#"), .left("kind"), .right("count"), .right("keys"), .right("B"),
                .right("allocated"), .right("writes"), .right("released"), .right("load factor"),
                .right("jemalloc start"), .right("jemalloc end"),
            ])
            for growth in rows {
                growthTable.append([
                    String(growth.index), growth.kind, _Format.int(growth.countAtStart),
                    _Format.int(growth.keysAtStart),
                    "\(growth.oldB) → \(growth.newB)", _Format.int(growth.bytesAllocated),
                    growth.writesToFinish.map(_Format.int) ?? "unfinished",
                    growth.bytesReleased.map(_Format.int) ?? "—",
                    _Format.fixed(growth.loadFactorAtStart, 2), _Format.int(growth.allocatedBytesAtStart),
                    growth.allocatedBytesAtEnd.map(_Format.int) ?? "—",
                ])
            }
            table(growthTable)
        }
    }

    /// Section 7: count / 2^oldB at each doubling, min/max, and the check against the rule.
    mutating func loadFactor() {
        heading(7, "The measured load factor at each trigger")
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
        for row in gomapRows where row._isOK {
            let rows = growthRows(of: row.workload)
            let doublings = rows.filter { $0.kind == "doubling" }
            guard !doublings.isEmpty else { continue }
            var bad = 0
            var factors: [Double] = []
            for growth in doublings {
                guard growth.oldB >= 0 && growth.oldB < 58 else {
                    bad += 1
                    offenders.append("\(row.workload) growth #\(growth.index): old B \(growth.oldB) out of range")
                    continue
                }
                let factor = Double(growth.countAtStart) / Double(1 << growth.oldB)
                factors.append(factor)
                let expected = _Report.expectedDoublingCount(oldB: growth.oldB)
                if growth.countAtStart != expected {
                    bad += 1
                    offenders.append(offence(growth, in: rows, expected: expected, factor: factor, row: row))
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
            text("No doubling growths among the GoMap workloads with status ok: nothing to check.")
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
        _ growth: GrowthRow, in rows: [GrowthRow], expected: Int, factor: Double, row: SummaryRow
    ) -> String {
        var line = "\(row.workload) growth #\(growth.index): doubling at count \(_Format.int(growth.countAtStart)) "
            + "with old B \(growth.oldB) (load factor \(_Format.fixed(factor, 3))); the rule says count "
            + "\(_Format.int(expected))"
        let previous = rows.last { $0.index < growth.index }
        if growth.countAtStart > expected, let previous, previous.kind != "doubling" {
            line += "; growth #\(previous.index) (\(previous.kind)) may still have been in progress at the "
                + "threshold, and Go does not check while a growth is in progress"
        }
        return line
    }
}
