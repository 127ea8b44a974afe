// The claims a report settles, as data: `bench-configs/claims.json`.
//
// Each claim is one sentence from the articles mapheap answers, the figures that decide it
// (read from the run's own rows), and a rule: verdict conditions in the expression language of
// Claims+Expression.swift, tried in order, and a verdict for when none holds. The claims file names
// the Go map generations too. Each generation has subjects: the first decides the generation's
// verdict (the real Go runtime), the others are shown beside it (the Swift model). Nothing in a
// verdict is typed in: adding a claim is an edit of the file, and the report computes the rest.
import Foundation
import MapHeapModel

/// A verdict on a claim, for one subject.
public enum ClaimVerdict: Equatable, Sendable {
    /// The measurements support the claim.
    case holds
    /// They support part of it.
    case holdsInPart
    /// They contradict it.
    case doesNotHold
    /// A workload the claim needs was not measured; says which.
    case notMeasured(needs: String)

    /// The verdict as the report prints it.
    public var text: String {
        switch self {
        case .holds: return "holds"
        case .holdsInPart: return "holds in part"
        case .doesNotHold: return "does not hold"
        case .notMeasured(let needs): return "not measured (needs \(needs))"
        }
    }

    /// The verdicts a claims file may name, by their text.
    static let written: [String: ClaimVerdict] = [
        "holds": .holds, "holds in part": .holdsInPart, "does not hold": .doesNotHold,
    ]
}

/// The result files a figure can read.
enum _ClaimSource: String, CaseIterable, Sendable {
    case summary, curve, growth, latency

    /// The columns a figure reading this file may name (summary.csv's with the derived `latency`).
    var columns: [String] {
        switch self {
        case .summary: return SummaryRow.csvColumns + ["latency"]
        case .curve: return CurveRow.csvColumns
        case .growth: return GrowthRow.csvColumns
        case .latency: return LatencyRow.csvColumns
        }
    }

    /// Whether `name` is a column of this file, or (growth.csv) a key of the `detail` column, `detail.key`.
    func hasColumn(_ name: String) -> Bool {
        if self == .growth && name.hasPrefix("detail.") && name.count > "detail.".count { return true }
        return columns.contains(name)
    }
}

/// How a figure reduces the matching rows of one workload to a number.
enum _ClaimAggregate: String, CaseIterable, Sendable {
    /// The value of the workload's one summary row.
    case value
    /// Rows matched (no value needed).
    case count
    case min, max, sum, first, last
}

/// One figure of a claim: a number read from the rows of one workload.
struct _ClaimFigure: Sendable {
    var name: String
    var source: _ClaimSource
    var aggregate: _ClaimAggregate
    /// The value read from each row: a column, or an expression over the row's columns.
    var value: _ClaimExpression?
    /// Row filter within the workload's rows: column → required value.
    var filter: [String: String]
    /// Workload selector: summary column → value (a trailing `*` matches any rest).
    var selector: [String: String]
    /// How the report prints it: bytes, ns, count or number.
    var unit: String
}

/// One claim.
struct _Claim: Sendable {
    var id: String
    var claim: String
    var figures: [_ClaimFigure]
    /// Named expressions over the figures, in order (each may use the ones before it).
    var derived: [(name: String, expression: _ClaimExpression)]
    /// Names printed as the deciding figures.
    var show: [String]
    /// Tried in order; the first that is true is the verdict.
    var verdicts: [(verdict: ClaimVerdict, when: _ClaimExpression)]
    var otherwise: ClaimVerdict
    /// What the rule does not show by itself (how a figure is read, what it leaves out).
    var note: String?
}

/// A subject of a generation: a selector for the workloads that are its measurements.
struct _ClaimSubject: Sendable {
    var label: String
    var selector: [String: String]
    /// Its name in a per-release column's heading (`GoMap`), where the column names the release; nil: the label.
    var column: String? = nil
}

/// A Go map generation: classic (Go ≤ 1.23) or Swiss (1.24+).
struct _ClaimGeneration: Sendable {
    var id: String
    var title: String
    /// The first decides; the rest are shown beside it.
    var subjects: [_ClaimSubject]
    /// The release this generation was split for by `ClaimsFile.perRelease`, or nil as the file states it.
    var release: GoRulesRelease? = nil
}

/// A loaded, validated claims file.
public struct ClaimsFile: Sendable {
    /// The file, as the user named it.
    public var file: String
    var defaults: [String: String]
    var generations: [_ClaimGeneration]
    var claims: [_Claim]

    /// The summary columns a selector may name.
    static let selectorColumns = ["impl", "runtime", "key_type", "value_type", "sizing", "hint", "ops", "keys",
                                  "latency"]

    /// Loads and validates `path` as strictly as a suite: one `ConfigError` line on any problem.
    public static func load(path: String) throws(ConfigError) -> ClaimsFile {
        try parse(_readConfigJSON(path: path), file: path)
    }

    /// Validates a parsed claims document.
    static func parse(_ document: _JSONValue, file: String) throws(ConfigError) -> ClaimsFile {
        let root = try _ConfigObject(document, file: file, path: "", allowed: ["about", "defaults", "generations",
                                                                               "claims"])
        _ = try root.string("about")
        let defaults = try root.has("defaults") ? selector(root, "defaults") : [:]
        var generations: [_ClaimGeneration] = []
        for (index, value) in try root.array("generations", required: "[{\"id\": ..., \"subjects\": [...]}]")
            .enumerated() {
            let object = try _ConfigObject(value, file: file, path: "generations[\(index)]",
                                           allowed: ["id", "title", "subjects"])
            let id = try object.string("id", required: "\"classic\"") ?? ""
            guard !generations.contains(where: { $0.id == id }) else {
                throw object.error("id", "duplicate generation \"\(id)\"", "give each generation its own id")
            }
            var subjects: [_ClaimSubject] = []
            for (subjectIndex, subjectValue) in try object.array("subjects", required: "[{\"label\": ...}]")
                .enumerated() {
                let subject = try _ConfigObject(subjectValue, file: file,
                                                path: object.fieldPath("subjects[\(subjectIndex)]"),
                                                allowed: ["label", "select"])
                subjects.append(_ClaimSubject(label: try subject.string("label", required: "\"Go 1.23\"") ?? "",
                                              selector: try selector(subject, "select", required: true)))
            }
            guard !subjects.isEmpty else {
                throw object.error("subjects", "no subjects", "name at least the subject that decides")
            }
            generations.append(_ClaimGeneration(id: id, title: try object.string("title", required: "\"classic Go\"")
                                                    ?? "", subjects: subjects))
        }
        guard !generations.isEmpty else {
            throw root.error("generations", "no generations", "name at least one generation with subjects")
        }
        var claims: [_Claim] = []
        for (index, value) in try root.array("claims", required: "[{\"id\": ..., \"claim\": ...}]").enumerated() {
            let claim: _Claim
            do {
                claim = try parseClaim(value, file: file, path: "claims[\(index)]")
            } catch {
                // Name the claim, not only its place in the array.
                var named = error
                if case .object(let members) = value,
                   case .string(let id)? = members.first(where: { $0.key == "id" })?.value, !id.isEmpty {
                    named.problem = "claim \"\(id)\": " + error.problem
                }
                throw named
            }
            guard !claims.contains(where: { $0.id == claim.id }) else {
                throw ConfigError(file: file, field: "claims[\(index)].id", problem: "duplicate claim \"\(claim.id)\"",
                                  fix: "give each claim its own id")
            }
            claims.append(claim)
        }
        return ClaimsFile(file: file, defaults: defaults, generations: generations, claims: claims)
    }

    private static func parseClaim(_ value: _JSONValue, file: String, path: String) throws(ConfigError) -> _Claim {
        let object = try _ConfigObject(value, file: file, path: path, allowed: [
            "id", "claim", "where", "figures", "derived", "show", "verdicts", "otherwise", "note",
        ])
        let id = try object.string("id", required: "\"growth-doubles-memory\"") ?? ""
        let text = try object.string("claim", required: "the claim in one line") ?? ""
        let common = try object.has("where") ? selector(object, "where") : [:]
        var names: [String] = []
        var figures: [_ClaimFigure] = []
        guard case .object(let members)? = object.raw("figures") else {
            throw object.error("figures", "missing or not an object", "write \"figures\": {\"name\": {...}}")
        }
        for member in members {
            let figure = try parseFigure(member.value, name: member.key, common: common, file: file,
                                         path: object.fieldPath("figures." + member.key))
            figures.append(figure)
            names.append(member.key)
        }
        guard !figures.isEmpty else { throw object.error("figures", "no figures", "name at least one figure") }
        var derived: [(name: String, expression: _ClaimExpression)] = []
        if case .object(let members)? = object.raw("derived") {
            for member in members {
                let expression = try expressionValue(member.value, known: names, file: file,
                                                     path: object.fieldPath("derived." + member.key))
                guard !names.contains(member.key) else {
                    throw object.error("derived." + member.key, "\"\(member.key)\" is already a figure",
                                       "give it another name")
                }
                derived.append((member.key, expression))
                names.append(member.key)
            }
        } else if let raw = object.raw("derived") {
            throw object.error("derived", "expected an object, found \(raw.kindDescription)",
                               "write \"derived\": {\"name\": \"expression\"}")
        }
        var show = names
        if object.has("show") {
            show = []
            for (index, entry) in try object.array("show", required: "[...]").enumerated() {
                guard case .string(let name) = entry, names.contains(name) else {
                    throw object.error("show[\(index)]", "not a figure or derived name: \(entry.shortDescription)",
                                       "use one of " + names.joined(separator: ", "))
                }
                show.append(name)
            }
        }
        var verdicts: [(verdict: ClaimVerdict, when: _ClaimExpression)] = []
        for (index, entry) in try object.array("verdicts", required: "[{\"verdict\": ..., \"when\": ...}]")
            .enumerated() {
            let rule = try _ConfigObject(entry, file: file, path: object.fieldPath("verdicts[\(index)]"),
                                         allowed: ["verdict", "when"])
            let verdict = try verdictValue(rule, "verdict")
            guard let when = rule.raw("when") else {
                throw rule.error("when", "missing required field", "add \"when\": \"a condition\"")
            }
            let condition = try expressionValue(when, known: names, file: file, path: rule.fieldPath("when"))
            // A number is not a condition: "5" or "growths" would hold whenever it is not 0.
            guard condition.isCondition else {
                throw rule.error("when", "\"\(condition.text)\" is a number, not a condition",
                                 "compare it: write e.g. \"\(condition.text) > 0\"")
            }
            verdicts.append((verdict, condition))
        }
        return _Claim(id: id, claim: text, figures: figures, derived: derived, show: show, verdicts: verdicts,
                      otherwise: try verdictValue(object, "otherwise"), note: try object.string("note"))
    }

    private static func parseFigure(
        _ value: _JSONValue, name: String, common: [String: String], file: String, path: String
    ) throws(ConfigError) -> _ClaimFigure {
        let object = try _ConfigObject(value, file: file, path: path,
                                       allowed: ["from", "aggregate", "value", "filter", "where", "unit"])
        guard name.first?.isLetter == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw ConfigError(file: file, field: path, problem: "figure name \"\(name)\" is not a plain name",
                              fix: "use letters, digits and _ only, starting with a letter")
        }
        let source = _ClaimSource(rawValue: try object.choice(
            "from", _ClaimSource.allCases.map(\.rawValue), kind: "result file", required: true) ?? "") ?? .summary
        let aggregate = _ClaimAggregate(rawValue: try object.choice(
            "aggregate", _ClaimAggregate.allCases.map(\.rawValue), kind: "aggregate", required: false) ?? "value")
            ?? .value
        if aggregate == .value && source != .summary {
            throw object.error("aggregate", "\(source.rawValue) has many rows per workload",
                               "use one of count, min, max, sum, first, last")
        }
        var expression: _ClaimExpression?
        if let raw = object.raw("value") {
            expression = try expressionValue(raw, known: nil, file: file, path: object.fieldPath("value"))
        } else if aggregate != .count {
            throw object.error("value", "missing required field", "add \"value\": a column or an expression")
        }
        var selector = common
        if object.has("where") {
            for (key, entry) in try Self.selector(object, "where") { selector[key] = entry }
        }
        let filter: [String: String] = object.has("filter") ? try stringMap(object, "filter") : [:]
        // A column the file lacks would read as missing on every row: the verdict would rest on nothing.
        let fix = "use a column of \(source.rawValue).csv: " + source.columns.filter { $0 != "schema" }
            .joined(separator: ", ") + (source == .growth ? ", or detail.<key>" : "")
        if let unknown = expression?.names.first(where: { !source.hasColumn($0) }) {
            throw object.error("value", "\"\(unknown)\" is not a column of \(source.rawValue).csv", fix)
        }
        if let unknown = filter.keys.sorted().first(where: { !source.hasColumn($0) }) {
            throw object.error("filter." + unknown, "\"\(unknown)\" is not a column of \(source.rawValue).csv", fix)
        }
        // Without a unit, a plain column's name tells it: *_bytes are bytes, *_ns nanoseconds.
        let column = expression.flatMap { $0.kind == .name ? $0.name : nil } ?? ""
        let unit = try object.choice("unit", ["bytes", "ns", "count", "number"], kind: "unit", required: false)
            ?? (column.hasSuffix("_bytes") ? "bytes" : column.hasSuffix("_ns") ? "ns"
                : aggregate == .count ? "count" : "number")
        return _ClaimFigure(name: name, source: source, aggregate: aggregate, value: expression, filter: filter,
                            selector: selector, unit: unit)
    }

    private static func verdictValue(_ object: _ConfigObject, _ key: String) throws(ConfigError) -> ClaimVerdict {
        let text = try object.choice(key, ["holds", "holds in part", "does not hold"], kind: "verdict",
                                     required: true) ?? ""
        return ClaimVerdict.written[text] ?? .doesNotHold
    }

    /// An expression member; with `known`, every name it reads must be one of them.
    private static func expressionValue(
        _ value: _JSONValue, known: [String]?, file: String, path: String
    ) throws(ConfigError) -> _ClaimExpression {
        guard case .string(let text) = value else {
            throw ConfigError(file: file, field: path, problem: "expected a string, found \(value.foundDescription)",
                              fix: "write the expression as a string")
        }
        let expression: _ClaimExpression
        do {
            expression = try _ClaimExpression.parse(text)
        } catch {
            // A long expression is named by its start: the error stays one readable line.
            let shown = text.count > 60 ? text.prefix(60) + "…" : Substring(text)
            throw ConfigError(file: file, field: path, problem: "bad expression \"\(shown)\": \(error.message)",
                              fix: "write names, numbers, + - * / ( ), comparisons, and, or")
        }
        if let known, let unknown = expression.names.first(where: { !known.contains($0) }) {
            throw ConfigError(file: file, field: path, problem: "\"\(unknown)\" is not a figure of this claim",
                              fix: "use one of " + known.joined(separator: ", ") + " (a figure must come first)")
        }
        return expression
    }

    /// An object of string values (numbers are taken as their text).
    private static func stringMap(_ object: _ConfigObject, _ key: String) throws(ConfigError) -> [String: String] {
        guard case .object(let members)? = object.raw(key) else {
            throw object.error(key, "expected an object", "write \"\(key)\": {\"column\": \"value\"}")
        }
        var map: [String: String] = [:]
        for member in members {
            switch member.value {
            case .string(let text): map[member.key] = text
            case .number(let text): map[member.key] = text
            default:
                throw object.error(key + "." + member.key, "expected a string or a number, found "
                                   + member.value.foundDescription, "write a string or an integer")
            }
        }
        return map
    }

    /// A workload selector: an object whose keys are summary columns.
    private static func selector(
        _ object: _ConfigObject, _ key: String, required: Bool = false
    ) throws(ConfigError) -> [String: String] {
        if required && !object.has(key) {
            throw object.error(key, "missing required field", "add \"\(key)\": {\"impl\": \"gomap\"}")
        }
        let map = try stringMap(object, key)
        for column in map.keys.sorted() where !selectorColumns.contains(column) {
            throw object.error(key + "." + column, "unknown workload attribute \"\(column)\"",
                               "use one of " + selectorColumns.joined(separator: ", "))
        }
        if let latency = map["latency"], latency != "true" && latency != "false" {
            throw object.error(key + ".latency", "\"\(latency)\" is not \"true\" or \"false\"",
                               "write \"true\" for workloads timed per insert, \"false\" for the others")
        }
        return map
    }
}

extension ClaimsFile {
    /// The claims file `mapheap run` and `mapheap report` read when not told another.
    public static let defaultPath = "bench-configs/claims.json"

    /// The claims to settle: `path` when given (a missing or bad file is bad input), else the default
    /// file when it exists (run from the repository), else nil, and the report says it has none.
    public static func load(explicit path: String?) throws(ConfigError) -> ClaimsFile? {
        if let path { return try load(path: path) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: defaultPath, isDirectory: &isDirectory),
              !isDirectory.boolValue else { return nil }
        return try load(path: defaultPath)
    }
}
