// Computing the verdicts: each claim, for each generation's subjects, from a run's own rows.
import MapHeapModel

/// A run's rows as a claims evaluation reads them: each result file's rows, column → text.
public struct ClaimTables: Sendable {
    /// summary.csv rows, each with the derived selector column `latency`: `true` when the workload was
    /// timed per insert (`insert_max_ns` is set), else `false`.
    public var summary: [[String: String]]
    /// Rows of curve.csv, growth.csv and latency.csv, by workload name.
    var byWorkload: [_ClaimSource: [String: [[String: String]]]]

    /// Groups the rows once, so that every figure reads only its workload's rows.
    public init(summary: [[String: String]], curve: [[String: String]], growth: [[String: String]],
                latency: [[String: String]]) {
        self.summary = summary.map { row in
            var row = row
            row["latency"] = (row["insert_max_ns"] ?? "").isEmpty ? "false" : "true"
            return row
        }
        func group(_ rows: [[String: String]]) -> [String: [[String: String]]] {
            Dictionary(grouping: rows, by: { $0["workload"] ?? "" })
        }
        byWorkload = [.curve: group(curve), .growth: group(growth), .latency: group(latency)]
    }
}

extension ClaimTables {
    /// A result set's rows, by their CSV columns.
    public init(_ results: ResultSet) {
        func byColumn<Row: CSVResultRow>(_ rows: [Row]) -> [[String: String]] {
            rows.map { Dictionary(uniqueKeysWithValues: zip(Row.csvColumns, $0.csvFields)) }
        }
        self.init(summary: byColumn(results.summary), curve: byColumn(results.curve), growth: byColumn(results.growth),
                  latency: byColumn(results.latency))
    }
}

/// A figure's value for one subject.
public struct ClaimFigureValue: Sendable, Equatable {
    /// The figure's or derived value's name.
    public var name: String
    /// Its value; nil when it cannot be computed (no rows of that kind, a division by zero).
    public var value: Double?
    /// bytes, ns, count or number.
    public var unit: String
}

/// One subject's verdict on one claim.
public struct ClaimSubjectOutcome: Sendable, Equatable {
    /// The subject's label ("Go 1.23").
    public var label: String
    /// The verdict.
    public var verdict: ClaimVerdict
    /// The deciding figures, as the claim's `show` lists them (empty when not measured).
    public var figures: [ClaimFigureValue]
    /// The workloads the figures come from, in the order first read.
    public var workloads: [String]
}

/// One claim's outcome in one generation.
public struct ClaimGenerationOutcome: Sendable, Equatable {
    /// The generation's id and title.
    public var id: String
    public var title: String
    /// The first subject decides; the rest are shown beside it.
    public var subjects: [ClaimSubjectOutcome]

    /// The generation's verdict: its first subject's.
    public var verdict: ClaimVerdict { subjects[0].verdict }
}

/// One claim settled.
public struct ClaimOutcome: Sendable, Equatable {
    /// The claim's id and sentence.
    public var id: String
    public var claim: String
    /// The rule, stated from the file's figures and conditions.
    public var rule: [String]
    /// Per generation, in the file's order.
    public var generations: [ClaimGenerationOutcome]
}

extension ClaimsFile {
    /// Settles every claim against `tables`.
    public func evaluate(_ tables: ClaimTables) -> [ClaimOutcome] {
        claims.map { claim in
            ClaimOutcome(id: claim.id, claim: claim.claim, rule: rule(of: claim), generations: generations.map {
                generation in
                ClaimGenerationOutcome(id: generation.id, title: generation.title, subjects: generation.subjects.map {
                    evaluate(claim, for: $0, in: tables)
                })
            })
        }
    }

    private func evaluate(_ claim: _Claim, for subject: _ClaimSubject, in tables: ClaimTables)
        -> ClaimSubjectOutcome {
        var values: [String: Double] = [:]
        var workloads: [String] = []
        var units: [String: String] = [:]
        for figure in claim.figures {
            let selector = defaults.merging(figure.selector) { $1 }.merging(subject.selector) { $1 }
            guard let row = Self.workloadRow(in: tables.summary, selector), let workload = row["workload"] else {
                return ClaimSubjectOutcome(label: subject.label, verdict: .notMeasured(needs: Self.describe(selector)),
                                           figures: [], workloads: workloads)
            }
            if !workloads.contains(workload) { workloads.append(workload) }
            let rows: [[String: String]]
            if figure.source == .summary {
                rows = [row]
            } else {
                rows = tables.byWorkload[figure.source]?[workload] ?? []
                if figure.source == .latency && rows.isEmpty {
                    return ClaimSubjectOutcome(label: subject.label,
                                               verdict: .notMeasured(needs: "latency.csv rows for \(workload)"),
                                               figures: [], workloads: workloads)
                }
            }
            let matching = rows.filter { row in figure.filter.allSatisfy { Self.passes(row, $0.key, $0.value) } }
            values[figure.name] = Self.aggregate(figure, matching)
            units[figure.name] = figure.unit
        }
        for (name, expression) in claim.derived {
            if let value = expression.evaluate({ values[$0] }).number { values[name] = value }
            units[name] = "number"
        }
        let verdict = claim.verdicts.first(where: { $0.when.evaluate({ values[$0] }).isTrue })?.verdict
            ?? claim.otherwise
        return ClaimSubjectOutcome(
            label: subject.label, verdict: verdict,
            figures: claim.show.map { ClaimFigureValue(name: $0, value: values[$0], unit: units[$0] ?? "number") },
            workloads: workloads)
    }

    /// A figure's workload: the first ok summary row matching `selector`; when the selector does not
    /// name `latency`, an untimed row before a timed one (timing every insert slows inserts).
    static func workloadRow(in summary: [[String: String]], _ selector: [String: String]) -> [String: String]? {
        let candidates = summary.filter { $0["status"] == WorkloadStatus.ok.rawValue && matches($0, selector) }
        guard selector["latency"] == nil else { return candidates.first }
        return candidates.first { $0["latency"] != "true" } ?? candidates.first
    }

    /// Reduces a workload's matching rows to the figure's number (nil: no value).
    static func aggregate(_ figure: _ClaimFigure, _ rows: [[String: String]]) -> Double? {
        if figure.aggregate == .count { return Double(rows.count) }
        guard let expression = figure.value else { return nil }
        let numbers = rows.compactMap { row -> Double? in
            expression.evaluate({ number(row, $0) }).number
        }
        switch figure.aggregate {
        case .value, .first: return numbers.first
        case .last: return numbers.last
        case .min: return numbers.min()
        case .max: return numbers.max()
        case .sum: return numbers.isEmpty ? nil : numbers.reduce(0, +)
        case .count: return Double(rows.count)
        }
    }

    /// Whether a row passes one filter: the column equals the value, or with a leading `!` differs from it.
    static func passes(_ row: [String: String], _ column: String, _ wanted: String) -> Bool {
        wanted.hasPrefix("!") ? cell(row, column) != String(wanted.dropFirst()) : cell(row, column) == wanted
    }

    /// A cell as text: a column, or `detail.key` for a key of the row's `detail` (`k=v;k=v`).
    static func cell(_ row: [String: String], _ column: String) -> String? {
        guard column.hasPrefix("detail.") else { return row[column] }
        let key = column.dropFirst("detail.".count)
        for pair in (row["detail"] ?? "").split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 && parts[0] == key { return String(parts[1]) }
        }
        return nil
    }

    /// A cell as a number: true and false count as 1 and 0; empty or text is no number.
    static func number(_ row: [String: String], _ column: String) -> Double? {
        guard let text = cell(row, column) else { return nil }
        switch text {
        case "true": return 1
        case "false": return 0
        default: return Double(text)
        }
    }

    /// Whether a summary row matches a selector (a value ending in `*` matches any rest).
    static func matches(_ row: [String: String], _ selector: [String: String]) -> Bool {
        selector.allSatisfy { column, wanted in
            guard let actual = row[column] else { return false }
            return wanted.hasSuffix("*") ? actual.hasPrefix(wanted.dropLast()) : actual == wanted
        }
    }

    /// A selector as the workload it asks for: "go go1.23*, int64/bool, unsized, insert, 10,000,000 keys".
    static func describe(_ selector: [String: String]) -> String {
        var parts: [String] = []
        // A model's runtime names the rules it follows: "gomap with go1.21.13 rules".
        if let impl = selector["impl"], let runtime = selector["runtime"], !runtime.hasPrefix("go"),
           let rules = GoRulesRelease(runtime: runtime) {
            parts.append("\(impl) with \(rules.label) rules")
        } else if let impl = selector["impl"] { parts.append(impl + (selector["runtime"].map { " " + $0 } ?? "")) }
        else if let runtime = selector["runtime"] { parts.append(runtime) }
        switch (selector["key_type"], selector["value_type"]) {
        case let (key?, value?): parts.append(key + "/" + value)
        case let (key?, nil): parts.append(key + " keys")
        case let (nil, value?): parts.append(value + " values")
        case (nil, nil): break
        }
        if let sizing = selector["sizing"] { parts.append(sizing) }
        if let hint = selector["hint"] { parts.append("hint " + (Int(hint).map(_Format.int) ?? hint)) }
        if let ops = selector["ops"] { parts.append(ops) }
        if let keys = selector["keys"] { parts.append((Int(keys).map(_Format.int) ?? keys) + " keys") }
        if let latency = selector["latency"] { parts.append(latency == "true" ? "timed" : "untimed") }
        return parts.joined(separator: ", ")
    }

    /// The rule of a claim in words, computed from its figures and conditions.
    func rule(of claim: _Claim) -> [String] {
        var lines: [String] = []
        for figure in claim.figures {
            var text = figure.name + " = "
            let value = figure.value?.text ?? ""
            switch figure.aggregate {
            case .value: text += value
            case .count: text += "number of \(figure.source.rawValue) rows"
            default: text += "\(figure.aggregate.rawValue) of \(value) over \(figure.source.rawValue) rows"
            }
            if !figure.filter.isEmpty {
                text += " with " + figure.filter.sorted(by: { $0.key < $1.key })
                    .map {
                        $0.value.hasPrefix("!") ? "\($0.key) != \($0.value.dropFirst())" : "\($0.key) = \($0.value)"
                    }
                    .joined(separator: ", ")
            }
            let selector = defaults.merging(figure.selector) { $1 }
            if !selector.isEmpty { text += " (" + Self.describe(selector) + ")" }
            lines.append(text)
        }
        for (name, expression) in claim.derived { lines.append(name + " = " + expression.text) }
        var verdict = claim.verdicts.map { "\($0.verdict.text) if \($0.when.text)" }
        verdict.append((claim.verdicts.isEmpty ? "" : "otherwise ") + claim.otherwise.text)
        lines.append(verdict.joined(separator: "; "))
        if let note = claim.note { lines.append(note) }
        return lines
    }
}
