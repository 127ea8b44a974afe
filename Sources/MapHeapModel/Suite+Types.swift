// Keys and values as Go types (issue 19, docs/shapes.md). A workload's "key" and "value" are an
// alias or a Go type expression; a suite's "types" names types the expressions may use. This file
// reads them, says which recipe makes the keys and which value fills the map, and states the rules a
// shape must follow before anything runs: a key type must be comparable and hashable the same way
// in the models (no interfaces, no channels), and must have at least as many values as the workload
// uses keys. Suite+Validation.swift (suites) and WorkloadSpec+JSON.swift (specs) apply them.
import MapCore

/// What a workload's key type and value type share: the text as the suite wrote it (an alias or a Go
/// type expression), the Go type it stands for, and the aliases that are read before Go syntax.
public protocol WorkloadGoType {
    /// As the suite wrote it.
    var rawValue: String { get }
    /// The Go type, named types expanded.
    var goType: GoType { get }
    /// The names read before Go syntax.
    static var aliases: [Self] { get }
    /// A type from its text and the type it stands for.
    init(rawValue: String, goType: GoType)
}

extension WorkloadGoType {
    /// A type from a suite's text: an alias, or a Go type expression using `named` types.
    public static func resolve(_ text: String, named: [String: GoType]) throws(GoTypeError) -> Self {
        if let alias = aliases.first(where: { $0.rawValue == text }) { return alias }
        do {
            return Self(rawValue: text, goType: try GoType.parse(text, named: named))
        } catch let error as GoTypeError {
            throw error
        } catch {
            preconditionFailure("GoType.parse throws only GoTypeError")
        }
    }

    /// The canonical Go text of the type (the spec's "key_type" or "value_type").
    public var canonical: String { goType.description }
}

extension Workload.KeyType: WorkloadGoType {}
extension Workload.ValueType: WorkloadGoType {}

extension Workload.KeyType {
    /// How the i-th key is made (Sources/PROTOCOL.md, "Key recipes").
    public enum Recipe: String, Hashable, Sendable {
        /// The int64 recipe (the key type is `int64`).
        case int64
        /// The string recipe, `key-0000042` (the key type is `string`).
        case string
        /// The string-long recipe, `key-long-000000000000042` (the alias `string-long`).
        case stringLong = "string-long"
        /// The shape recipe: leaves of the key type from the index in mixed radix.
        case shape
    }

    /// The recipe: `int64` and `string` (alias or Go type) keep theirs, `string-long` is its own,
    /// every other type takes the shape recipe.
    public var recipe: Recipe {
        if rawValue == Self.stringLong.rawValue { return .stringLong }
        if goType == .basic(.int64) { return .int64 }
        if goType == .basic(.string) { return .string }
        return .shape
    }

    /// The type in Go syntax as the user wrote it (the alias `string-long` is `string`).
    public var goSyntax: String { rawValue == Self.stringLong.rawValue ? canonical : rawValue }

    /// How many distinct keys the recipe makes: nil when every index below 2^64 gives its own key.
    /// The string-long recipe stops at 10^15 keys (15 digits).
    public var capacity: UInt64? {
        switch recipe {
        case .int64, .string: return nil
        case .stringLong: return 1_000_000_000_000_000
        case .shape: return goType.keyCapacity
        }
    }
}

extension Workload.ValueType {
    /// What the map's values are.
    public enum Content: String, Hashable, Sendable {
        /// `true` (the value type is `bool`).
        case bool
        /// Nothing (the value type is `struct{}`).
        case empty
        /// `1` (the value type is `int64`).
        case int64
        /// The zero value of any other type.
        case zero
    }

    /// The value type's kind of content: bool, struct{} and int64 (alias or Go type) have the
    /// aliases' constants, other types are zero (`Workload.values` says which a map is filled with).
    public var content: Content {
        switch goType {
        case .basic(.bool): return .bool
        case .structure(let fields) where fields.isEmpty: return .empty
        case .basic(.int64): return .int64
        default: return .zero
        }
    }

    /// Whether the values are empty (`struct{}`, written `empty` or as Go).
    public var isEmpty: Bool { content == .empty }


    /// The type in Go syntax as the user wrote it (the alias `empty` is `struct{}`).
    public var goSyntax: String { rawValue == Self.empty.rawValue ? canonical : rawValue }
}

extension Workload {
    /// The map in Go syntax, as the user wrote its types: `map[[16]byte]Session` (the spec's
    /// "go_map_type", for the report).
    public var goMapType: String { "map[\(key.goSyntax)]\(value.goSyntax)" }

    /// The map with canonical Go types (`map[` + `key_type` + `]` + `value_type`): the summary row's
    /// `go_map_canonical`.
    public var goMapCanonical: String { "map[\(key.canonical)]\(value.canonical)" }

    /// Whether the workload is one mapheap measured before Go types: a key of the int64, string or
    /// string-long recipe and a value of bool, struct{} or int64.
    public var hasAliasShape: Bool { key.recipe != .shape && value.content != .zero }

    /// The Go map type: the key's and the value's Go layouts, and the geometry Go derives from them
    /// (slots, padding, indirect storage over 128 bytes). The models count bytes for it; for the
    /// aliases it is the shape of the Swift types the child stores.
    public var mapShape: MapShape { MapShape(key: key.goType.layout, value: value.goType.layout) }

    /// What fills the map: the aliases' constants (`true`, nothing, `1`) in a map of an alias shape,
    /// the zero value of the value type in any other (as the Go peer's shape programs do).
    public var values: ValueType.Content {
        hasAliasShape || value.content == .empty ? value.content : .zero
    }

    /// Distinct keys the workload uses: keys 0 ..< N for insert, and N/2 more per churn round.
    public var distinctKeys: Int { totalInserts }

    /// Why this workload's shape cannot run, as (field, problem, fix), or nil: a key type that is not
    /// a harness key (`GoType.keyRefusal`), one with fewer values than the keys used, or a map that does
    /// not take the shape (`MapKind.refusesShape`). Checked before anything runs.
    public var shapeProblem: (field: String, problem: String, fix: String)? {
        if let why = key.goType.keyRefusal {
            return ("key", "key type \(key.goSyntax) cannot be a key here: \(why)",
                    "use a comparable key type without interfaces or channels (values may be any type)")
        }
        if let capacity = key.capacity, UInt64(distinctKeys) > capacity {
            let uses = ops == .churn ? "the \(distinctKeys) keys this churn uses" : "\(distinctKeys) keys"
            return ("keys", "key type \(key.goSyntax) has only \(capacity) distinct "
                        + (capacity == 1 ? "value" : "values") + ", fewer than \(uses)",
                    "use at most \(capacity) keys, or a key type with more values")
        }
        if let (problem, fix) = impl.kind.refusesShape(self) { return ("key", problem, fix) }
        return nil
    }
}

extension Suite {
    /// Reads a suite's `"types"` object: each member names a Go type expression. Throws a
    /// `ConfigError` on the field `types.Name` for a name or a definition that does not resolve.
    static func decodeTypes(_ object: _ConfigObject?, file: String) throws(ConfigError) -> [String: GoType] {
        guard let object else { return [:] }
        var definitions: [String: String] = [:]
        for name in object.memberNames {
            let aliases = Workload.KeyType.aliases.map(\.rawValue) + Workload.ValueType.aliases.map(\.rawValue)
            if aliases.contains(name) {
                throw object.error(name, "\"\(name)\" is an alias of a key or value type, so it cannot name a type",
                                   "choose another name")
            }
            guard let text = try object.string(name) else { continue }
            definitions[name] = text
        }
        switch GoType.resolve(named: definitions) {
        case .success(let types): return types
        case .failure(let failure):
            let text = definitions[failure.name] ?? ""
            let problem = failure.error.column == 0
                ? failure.error.message
                : "\"\(text)\" is not a Go type: \(failure.error)"
            throw object.error(failure.name, problem,
                               "write a Go type expression such as \"struct{id int64; name string}\" "
                                   + "(named types may use one another, but not themselves)")
        }
    }
}

// A spec carries the key and value as the suite wrote them and as canonical Go types (PROTOCOL.md).

extension Workload.KeyType {
    /// A spec's key: `key` as the suite wrote it, `key_type` its canonical Go type (an alias's must be
    /// the alias's own type).
    init(rawValue: String, canonical: String, in object: _ConfigObject) throws(ConfigError) {
        let type = try _specType("key_type", canonical, in: object)
        if let alias = Self.aliases.first(where: { $0.rawValue == rawValue }), alias.goType != type {
            throw object.error("key_type", "\(canonical) for the alias \(rawValue)", "use \(alias.canonical)")
        }
        guard !rawValue.isEmpty else { throw object.error("key", "empty", "write the key as the suite did") }
        self.init(rawValue: rawValue, goType: type)
    }
}

extension Workload.ValueType {
    /// A spec's value: `value` as the suite wrote it, `value_type` its canonical Go type (an alias's
    /// must be the alias's own type).
    init(rawValue: String, canonical: String, in object: _ConfigObject) throws(ConfigError) {
        let type = try _specType("value_type", canonical, in: object)
        if let alias = Self.aliases.first(where: { $0.rawValue == rawValue }), alias.goType != type {
            throw object.error("value_type", "\(canonical) for the alias \(rawValue)", "use \(alias.canonical)")
        }
        guard !rawValue.isEmpty else { throw object.error("value", "empty", "write the value as the suite did") }
        self.init(rawValue: rawValue, goType: type)
    }
}

/// A spec's canonical Go type (no named types: the parent expanded them).
func _specType(_ field: String, _ text: String, in object: _ConfigObject) throws(ConfigError) -> GoType {
    do {
        return try GoType.parse(text)
    } catch {
        throw object.error(field, "\"\(text)\" is not a Go type: \(error)",
                           "write the canonical Go type (Sources/PROTOCOL.md, \"key_type\")")
    }
}
