import Foundation
import MapCore

// Reading a suite file. Every rule of the format is checked here, and every failure is one line
// naming the file, the field path, the problem and the fix (see `ConfigError`).

extension Suite {
    /// Top-level fields of a suite file.
    static let topLevelFields = ["name", "seed", "sampling", "latency", "types", "workloads", "go_env"]
    /// Fields of `sampling`.
    static let samplingFields = ["points", "spacing"]
    /// Fields of a workload.
    static let workloadFields = ["name", "impl", "key", "value", "sizing", "hint", "keys", "ops", "rounds",
                                 "go_version", "goexperiment", "latency", "go_env"]

    /// Reads and validates the suite file at `path`; throws a `ConfigError` on any problem.
    public static func load(path: String) throws -> Suite {
        try decode(_readConfigJSON(path: path), file: path)
    }

    /// Validates suite JSON given as bytes; `file` is the name used in error messages.
    public static func parse(json: [UInt8], file: String) throws -> Suite {
        try decode(_parseConfigJSON(bytes: json, file: file), file: file)
    }

    /// The longest workload or suite name: a name becomes part of a file name
    /// (`sites/<workload>.folded`), and a file name has at most 255 bytes.
    public static let maximumNameLength = 200

    /// Whether `name` is usable as a workload or suite name (`[A-Za-z0-9._-]+`, at most
    /// `maximumNameLength` characters).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maximumNameLength && name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": return true
            default: return false
            }
        }
    }

    private static func decode(_ document: _JSONValue, file: String) throws(ConfigError) -> Suite {
        let top = try _ConfigObject(document, file: file, path: "", allowed: topLevelFields)
        guard let name = try top.string("name", required: "\"my-suite\"") else { preconditionFailure() }
        guard isValidName(name) else { throw nameError(name, in: top) }
        let seed = try top.integer("seed", in: 0...Int.max, rangeFix: "use a non-negative integer")
            ?? Int(Suite.defaultSeed)

        var sampling = Sampling()
        if let raw = top.raw("sampling") {
            let object = try _ConfigObject(raw, file: file, path: "sampling", allowed: samplingFields)
            let range = Sampling.pointsRange
            if let points = try object.integer(
                "points", in: range, rangeFix: "use \(range.lowerBound) to \(range.upperBound) points"
            ) {
                sampling.points = points
            }
            let spacings = Sampling.Spacing.allCases.map(\.rawValue)
            if let spacing = try object.choice("spacing", spacings, kind: "spacing", required: false) {
                sampling.spacing = Sampling.Spacing(rawValue: spacing) ?? .linear
            }
        }

        var typesObject: _ConfigObject?
        if let raw = top.raw("types") {
            let names: [String]
            if case .object(let members) = raw { names = members.map(\.key) } else { names = [] }
            typesObject = try _ConfigObject(raw, file: file, path: "types", allowed: names)
        }
        let types = try decodeTypes(typesObject, file: file)

        let elements = try top.array("workloads", required: "[ { \"name\": ..., \"impl\": ... } ]")
        guard !elements.isEmpty else {
            throw top.error("workloads", "the list is empty", "add at least one workload")
        }
        var workloads: [Workload] = []
        workloads.reserveCapacity(elements.count)
        // Index by name, so that finding duplicates is linear in the number of workloads.
        var indexByName: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            let workload = try decodeWorkload(element, file: file, path: "workloads[\(index)]", types: types)
            if let first = indexByName.updateValue(index, forKey: workload.name) {
                throw ConfigError(
                    file: file, field: "workloads[\(index)].name",
                    problem: "duplicate name \"\(workload.name)\" (also workloads[\(first)])",
                    fix: "give every workload its own name"
                )
            }
            workloads.append(workload)
        }
        // The suite's go_env is every go workload's, under the workload's own keys (Suite+GoEnv.swift).
        let goEnv = try _decodeGoEnvironment(in: top)
        for index in workloads.indices where workloads[index].impl.kind.isGoRuntime {
            workloads[index].goEnv = goEnv.merging(workloads[index].goEnv) { $1 }
        }
        var suite = Suite(file: file, name: name, seed: UInt64(seed), sampling: sampling, workloads: workloads)
        suite.types = types
        if let raw = top.raw("latency") {
            guard case .bool(let latency) = raw else {
                throw top.error("latency", "not a boolean", "use true to time every insert, false not to")
            }
            suite.latency = latency
        }
        return suite
    }

    /// The error for a name that `isValidName` refuses: too long, or a character outside the set.
    private static func nameError(_ name: String, in object: _ConfigObject) -> ConfigError {
        if name.utf8.count > maximumNameLength {
            return object.error("name", "the name is \(name.utf8.count) characters long (\"\(name.prefix(20))...\")",
                                "use at most \(maximumNameLength) characters")
        }
        return object.error("name", "invalid name \"\(name)\"", "use letters, digits, '.', '_' and '-' only")
    }

    private static func decodeWorkload(
        _ value: _JSONValue, file: String, path: String, types: [String: GoType]
    ) throws(ConfigError) -> Workload {
        let object = try _ConfigObject(value, file: file, path: path, allowed: workloadFields)
        func choose<T: RawRepresentable & CaseIterable>(
            _ key: String, _ type: T.Type, required: Bool
        ) throws(ConfigError) -> T? where T.RawValue == String {
            guard let text = try object.choice(key, T.allCases.map(\.rawValue), kind: key, required: required) else {
                return nil
            }
            return T(rawValue: text)
        }

        guard let name = try object.string("name", required: "\"gomap-int64-bool-unsized\"") else {
            preconditionFailure()
        }
        guard Suite.isValidName(name) else { throw nameError(name, in: object) }
        guard let impl = try choose("impl", Workload.Impl.self, required: true),
              let keyText = try object.string("key", required: "a Go type such as int64, string or [16]byte"),
              let valueText = try object.string("value", required: "a Go type such as bool, struct{} or [2]int64")
        else { preconditionFailure() }
        /// A key or value that is not a Go type: the workload, the field, where and what.
        func typeError(_ field: String, _ text: String, _ error: GoTypeError) -> ConfigError {
            let aliases = field == "key" ? "int64, string, string-long" : "bool, empty, int64"
            return object.error(field, "workload \"\(name)\": \(field) \"\(text)\" is not a Go type: \(error)",
                                "write a Go type (e.g. [16]byte, struct{a int32; b int64}, a name from the suite's "
                                    + "\"types\") or an alias (\(aliases))")
        }
        let key: Workload.KeyType
        do { key = try Workload.KeyType.resolve(keyText, named: types) } catch { throw typeError("key", keyText, error) }
        let valueType: Workload.ValueType
        do {
            valueType = try Workload.ValueType.resolve(valueText, named: types)
        } catch {
            throw typeError("value", valueText, error)
        }
        guard let sizing = try choose("sizing", Workload.Sizing.self, required: true) else { preconditionFailure() }
        let ops = try choose("ops", Workload.Ops.self, required: false) ?? .insert
        guard let keys = try object.integer(
            "keys", required: "a positive integer", in: 1...Int.max, rangeFix: "use a positive number of keys"
        ) else { preconditionFailure() }

        if let (problem, fix) = impl.kind.refusesValue(valueType) {
            throw object.error("value", problem, fix)
        }

        var hint = 0
        if sizing == .hint {
            guard let stated = try object.integer(
                "hint", required: "a non-negative integer (sizing hint needs it)", in: 0...Int.max,
                rangeFix: "use a non-negative hint"
            ) else { preconditionFailure() }
            hint = stated
        } else if object.has("hint") {
            throw object.error("hint", "hint is only allowed with \"sizing\": \"hint\" (sizing is \(sizing.rawValue))",
                               "remove \"hint\", or set \"sizing\": \"hint\"")
        }

        var rounds = Workload.defaultRounds
        if ops == .churn {
            let range = Workload.roundsRange
            rounds = try object.integer(
                "rounds", in: range, rangeFix: "use \(range.lowerBound) to \(range.upperBound) rounds"
            ) ?? Workload.defaultRounds
            // A round deletes and reinserts keys / 2 of them: with one key a round does nothing (and the
            // Go peer refuses it after the run has started).
            guard keys >= 2 else {
                throw object.error("keys", "churn needs at least 2 keys (found \(keys))", "use 2 or more keys")
            }
        } else if object.has("rounds") {
            throw object.error("rounds", "rounds is only allowed with \"ops\": \"churn\"",
                               "remove \"rounds\", or set \"ops\": \"churn\"")
        }

        var goVersion = ""
        var goExperiment = ""
        var goEnv: [String: String] = [:]
        if impl.kind.isGoRuntime || impl.kind.modelledGeneration != nil {
            let required: String? = impl.kind.isGoRuntime ? "\"1.23.9\" (the Go toolchain to run)" : nil
            if let version = try object.string("go_version", required: required) {
                guard _isGoVersion(version) else {
                    throw object.error("go_version", "\"\(version)\" is not a Go release",
                                       "write an exact release such as \"1.23.9\" or \"1.27.3\"")
                }
                guard GoRelease.named(version) != nil else {
                    throw object.error("go_version", "Go \(version) is not a release mapheap measures",
                                       "use one of " + GoRelease.all.map(\.version).joined(separator: ", "))
                }
                goVersion = version
            }
            if let experiment = try object.string("goexperiment") {
                guard !experiment.isEmpty, experiment.utf8.allSatisfy({ byte in
                    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2C
                }) else {
                    throw object.error("goexperiment", "\"\(experiment)\" is not a GOEXPERIMENT list",
                                       "write lower-case experiment names joined by commas, e.g. \"mapsplitgroup\"")
                }
                guard !goVersion.isEmpty else {
                    throw object.error("goexperiment", "goexperiment needs the release it is in",
                                       "add \"go_version\", e.g. \"1.24.11\" for noswissmap")
                }
                if let refusal = GoRelease.refusal(version: goVersion, experiment: experiment) {
                    throw object.error("goexperiment", refusal, "remove \"goexperiment\" or change \"go_version\"")
                }
                goExperiment = experiment
            }
            // A model follows one generation's rules: a release that builds the other map is refused.
            if impl != .go, !goVersion.isEmpty,
               let (field, problem, fix) = Workload.modelRulesRefusal(impl: impl, version: goVersion,
                                                                      experiment: goExperiment) {
                throw object.error(field, "workload \"\(name)\": " + problem, fix)
            }
            if impl.kind.isGoRuntime {
                goEnv = try _decodeGoEnvironment(in: object)
            } else if object.has("go_env") {
                throw object.error("go_env", "go_env is only allowed with \"impl\": \"go\" (impl is \(impl))",
                                   "remove \"go_env\"")
            }
        } else {
            for field in ["go_version", "goexperiment", "go_env"] where object.has(field) {
                let impls = MapCatalog.all.filter {
                    $0.isGoRuntime || (field != "go_env" && $0.modelledGeneration != nil)
                }
                let allowed = "\"impl\": " + impls.map { "\"\($0.name)\"" }.joined(separator: " or ")
                throw object.error(field, "\(field) is only allowed with \(allowed) (impl is \(impl))",
                                   "remove \"\(field)\"")
            }
        }

        var workload = Workload(
            name: name, impl: impl, key: key, value: valueType, sizing: sizing, hint: hint,
            keys: keys, ops: ops, rounds: rounds, goVersion: goVersion, goExperiment: goExperiment
        )
        workload.goEnv = goEnv
        if let raw = object.raw("latency") {
            guard case .bool(let latency) = raw else {
                throw object.error("latency", "not a boolean",
                                   "use true to time every insert of this workload, false not to")
            }
            workload.latency = latency
        }
        if let (field, problem, fix) = workload.shapeProblem {
            throw object.error(field, "workload \"\(name)\": " + problem, fix)
        }
        return workload
    }
}

/// Whether `text` is an exact Go release: `1.<minor>.<patch>`, digits only.
func _isGoVersion(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 3 && parts[0] == "1"
        && parts.allSatisfy { !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0 >= "0" && $0 <= "9" } }
}
