// The spec as one JSON document (Sources/PROTOCOL.md, "The spec"): written by the parent, read by
// the child. Every field is present but `every_split` (optional, added later); reading is as strict
// as a suite file: unknown or missing fields, wrong types and values outside the protocol are
// one-line errors naming the file and the field.

extension WorkloadSpec {
    /// The spec's fields, in the order they are written.
    static let jsonFields = [
        "protocol", "workload", "impl", "go_version", "goexperiment", "key", "value", "key_type", "value_type",
        "go_map_type", "sizing", "hint", "ops",
        "keys", "rounds", "lookups", "sample_at", "seed", "latency", "alloc_sites",
    ]

    /// Fields a spec may leave out (added to the protocol later; absent means the default).
    static let optionalJSONFields = ["every_split"]

    /// The spec as one JSON object, every field present, fields in protocol order, one per line.
    public var json: String {
        let w = workload
        let sites = allocationSites.map { #"{"sample_rate": \#($0.sampleRate), "threshold": \#($0.threshold)}"# }
        let values: [(String, String)] = [
            ("protocol", jsonStringLiteral(WorkloadSpec.protocolID)), ("workload", jsonStringLiteral(w.name)),
            ("impl", jsonStringLiteral(w.impl.rawValue)), ("go_version", jsonStringLiteral(goVersion)),
            ("goexperiment", jsonStringLiteral(goExperiment)), ("key", jsonStringLiteral(w.key.rawValue)),
            ("value", jsonStringLiteral(w.value.rawValue)), ("key_type", jsonStringLiteral(w.key.canonical)),
            ("value_type", jsonStringLiteral(w.value.canonical)), ("go_map_type", jsonStringLiteral(w.goMapType)),
            ("sizing", jsonStringLiteral(w.sizing.rawValue)),
            ("hint", String(w.hint)), ("ops", jsonStringLiteral(w.ops.rawValue)), ("keys", String(w.keys)),
            ("rounds", String(w.rounds)), ("lookups", String(lookups)), ("sample_at", "[" + sampleAt.map(String.init).joined(separator: ", ") + "]"),
            ("seed", String(seed)), ("latency", latency ? "true" : "false"), ("alloc_sites", sites ?? "null"),
        ]
        let optional: [(String, String)] = everySplit ? [("every_split", "true")] : []
        return "{\n" + (values + optional).map { "  " + jsonStringLiteral($0.0) + ": " + $0.1 }
            .joined(separator: ",\n") + "\n}\n"
    }

    /// Reads a spec written by `json` (or by any parent that speaks the protocol); `file` names it in
    /// errors. Throws a one-line `ConfigError` on anything the protocol does not allow.
    public static func parse(json bytes: [UInt8], file: String) throws(ConfigError) -> WorkloadSpec {
        let object = try _ConfigObject(_parseConfigJSON(bytes: bytes, file: file), file: file, path: "",
                                       allowed: jsonFields + optionalJSONFields)
        for field in jsonFields where !object.has(field) {
            throw object.error(field, "missing", "a spec states every field (Sources/PROTOCOL.md)")
        }
        guard try object.string("protocol") == protocolID else {
            throw object.error("protocol", "not \(protocolID)", "write a spec of protocol \(protocolID)")
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(ConfigError) -> T
            where T.RawValue == String {
            guard let text = try object.choice(key, T.allCases.map(\.rawValue), kind: key, required: true),
                  let value = T(rawValue: text) else { preconditionFailure("required choice") }
            return value
        }
        guard let name = try object.string("workload"), Suite.isValidName(name) else {
            throw object.error("workload", "not a workload name", "use letters, digits, '.', '_' and '-' only")
        }
        let impl = try choice("impl", Workload.Impl.self)
        let key = try Workload.KeyType(rawValue: object.string("key") ?? "",
                                       canonical: object.string("key_type") ?? "", in: object)
        let value = try Workload.ValueType(rawValue: object.string("value") ?? "",
                                           canonical: object.string("value_type") ?? "", in: object)
        let sizing = try choice("sizing", Workload.Sizing.self)
        let ops = try choice("ops", Workload.Ops.self)
        guard let keys = try object.integer("keys", in: 1...Int.max, rangeFix: "use a positive number of keys"),
              let hint = try object.integer("hint", in: 0...Int.max, rangeFix: "use a non-negative hint"),
              let rounds = try object.integer("rounds", in: 0...Workload.roundsRange.upperBound,
                                              rangeFix: "use 0 for insert, 1 to 1000 for churn")
        else { preconditionFailure("required fields") }
        if let (problem, fix) = impl.kind.refusesValue(value) { throw object.error("value", problem, fix) }
        guard (ops == .churn) == (rounds > 0) else {
            throw object.error("rounds", "\(rounds) rounds with ops \(ops.rawValue)",
                               "use 0 rounds for insert and 1 to 1000 for churn")
        }
        let workload = Workload(name: name, impl: impl, key: key, value: value, sizing: sizing, hint: hint,
                                keys: keys, ops: ops, rounds: rounds)
        if let (field, problem, fix) = workload.shapeProblem { throw object.error(field, problem, fix) }
        guard let lookups = try object.integer("lookups", in: 0...workload.liveKeysAtEnd,
                                               rangeFix: "look up 0 to \(workload.liveKeysAtEnd) live keys")
        else { preconditionFailure("required field") }
        guard workload.hint == hint else {
            throw object.error("hint", "\(hint) does not fit sizing \(sizing.rawValue)",
                               "use 0 for unsized and keys (\(keys)) for presized")
        }
        guard case .array(let points)? = object.raw("sample_at") else {
            throw object.error("sample_at", "not an array", "give the insert counts to sample at, e.g. [0, 100]")
        }
        var sampleAt: [Int] = []
        for point in points {
            guard case .number(let text) = point, let count = Int(text), (0...workload.totalInserts).contains(count),
                  count > (sampleAt.last ?? -1) else {
                throw object.error("sample_at", "\(point.shortDescription) is not an insert count in "
                    + "0...\(workload.totalInserts) above the one before it", "list sorted, distinct insert counts")
            }
            sampleAt.append(count)
        }
        guard !sampleAt.isEmpty else { throw object.error("sample_at", "empty", "sample at least once") }
        guard case .number(let seedText)? = object.raw("seed"), let seed = UInt64(seedText) else {
            throw object.error("seed", "not an unsigned 64-bit integer", "use an integer in 0...2^64-1")
        }
        guard case .bool(let latency)? = object.raw("latency") else {
            throw object.error("latency", "not a boolean", "use true or false")
        }
        var sites: AllocationSitesPlan?
        if let raw = object.raw("alloc_sites"), raw != .null {
            let plan = try _ConfigObject(raw, file: file, path: "alloc_sites", allowed: ["sample_rate", "threshold"])
            guard let rate = try plan.integer("sample_rate", required: "a positive integer", in: 1...Int.max,
                                              rangeFix: "use at least 1"),
                  let threshold = try plan.integer("threshold", required: "a non-negative integer", in: 0...Int.max,
                                                   rangeFix: "use 0 or more")
            else { preconditionFailure("required fields") }
            sites = AllocationSitesPlan(sampleRate: rate, threshold: threshold)
        }
        var everySplit = false
        if let raw = object.raw("every_split") {
            guard case .bool(let value) = raw else {
                throw object.error("every_split", "not a boolean", "use true or false")
            }
            everySplit = value
        }
        var resolved = workload
        resolved.goVersion = try object.string("go_version") ?? ""
        resolved.goExperiment = try object.string("goexperiment") ?? ""
        // A model follows the rules of the release it names (empty: its default), which must build its map.
        if impl.kind.modelledGeneration != nil {
            if resolved.goVersion.isEmpty && !resolved.goExperiment.isEmpty {
                throw object.error("goexperiment", "an experiment without go_version",
                                   "name the release in go_version, or leave both empty")
            }
            if !resolved.goVersion.isEmpty, let (field, problem, fix) = Workload.modelRulesRefusal(
                impl: impl, version: resolved.goVersion, experiment: resolved.goExperiment) {
                throw object.error(field, problem, fix)
            }
        }
        var spec = WorkloadSpec(workload: resolved, goVersion: resolved.goVersion,
                                goExperiment: resolved.goExperiment, lookups: lookups, sampleAt: sampleAt, seed: seed,
                                latency: latency, allocationSites: sites)
        spec.everySplit = everySplit
        return spec
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped; with `escapingHTML`,
/// also `<`, `>` and `&`, so that the literal is safe inside an HTML `<script>` element (no `</script>`
/// can end it early). The one JSON string encoder of the package: specs, `mapheap size --format json`
/// and report.html's data use it.
public func jsonStringLiteral(_ text: String, escapingHTML: Bool = false) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "<" where escapingHTML: out += "\\u003c"
        case ">" where escapingHTML: out += "\\u003e"
        case "&" where escapingHTML: out += "\\u0026"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
