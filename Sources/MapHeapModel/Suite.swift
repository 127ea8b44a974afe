// A suite: what to run, how large, how sampled. Suites are JSON files in bench-configs/, read and
// validated strictly by `Suite.load(path:)` (Suite+Validation.swift); the memory estimate that
// guards against runs too large for the machine lives in Suite+Memory.swift; keys and values as Go
// types in Suite+Types.swift.
import MapCore

/// A validated suite file: a named list of workloads with one seed and one sampling plan.
public struct Suite: Equatable, Sendable {
    /// The file the suite was read from (used in error messages).
    public var file: String
    /// The suite's name (`default`, `smoke`, `ci`, ...).
    public var name: String
    /// Seed for key generation and hashing; the same seed gives the same run.
    public var seed: UInt64
    /// How many curve points to take per workload, and how to space them.
    public var sampling: Sampling
    /// The workloads, in file order (names are unique).
    public var workloads: [Workload]
    /// Whether every insert is timed (`"latency": true`; `mapheap run --latency` turns it on too).
    public var latency = false
    /// The named types of the suite's `"types"`, expanded (empty when the suite names none).
    public var types: [String: GoType] = [:]

    /// Creates a suite from already-validated parts (tests and tools; files go through `load`).
    public init(file: String, name: String, seed: UInt64, sampling: Sampling, workloads: [Workload]) {
        self.file = file
        self.name = name
        self.seed = seed
        self.sampling = sampling
        self.workloads = workloads
    }

    /// The seed used when a suite does not set one.
    public static let defaultSeed: UInt64 = 42

    /// Whether `workload`'s inserts are timed: always when `forced` (`mapheap run --latency`), else as
    /// the workload says, else as the suite says.
    public func latency(of workload: Workload, forced: Bool = false) -> Bool {
        forced || (workload.latency ?? latency)
    }
}

/// The sampling plan: curve points per workload, spread over the inserts.
public struct Sampling: Equatable, Sendable {
    /// How sample points are spaced along the insert count.
    public enum Spacing: String, Equatable, Sendable, CaseIterable {
        /// Evenly spaced: every keys/points inserts.
        case linear
        /// Geometrically spaced: dense at the start, where the small growths happen.
        case log
    }

    /// Sample points per workload (growth start/end points come on top).
    public var points: Int
    /// How the points are spaced.
    public var spacing: Spacing

    /// Creates a plan; `points` must lie in `Sampling.pointsRange`.
    public init(points: Int = Sampling.defaultPoints, spacing: Spacing = .linear) {
        precondition(Sampling.pointsRange.contains(points), "sampling points out of range")
        self.points = points
        self.spacing = spacing
    }

    /// Points per workload when the suite does not say.
    public static let defaultPoints = 1000
    /// The accepted number of points.
    public static let pointsRange = 2...100_000
}

/// One workload: one map implementation, one key and value type, one sizing, one operation mix.
public struct Workload: Equatable, Sendable {
    /// The map under test: one of `MapCatalog.all`, by its name in suites, specs and rows (each map's
    /// constant, `Impl.gomap`, is declared beside its catalog entry in MapCatalog.swift).
    public struct Impl: RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// The name (`gomap`, `dictionary`, `set`, ...).
        public let rawValue: String

        /// The catalog's map of this name, or nil when mapheap knows no such map.
        public init?(rawValue: String) {
            guard MapCatalog.all.contains(where: { $0.name == rawValue }) else { return nil }
            self.rawValue = rawValue
        }

        /// A name the catalog is built from (no check: used by `MapKind` itself).
        init(catalogName: String) {
            rawValue = catalogName
        }

        /// Every map the catalog knows, in catalog order.
        public static var allCases: [Impl] { MapCatalog.all.map(\.impl) }

        /// The name.
        public var description: String { rawValue }

        /// What the catalog says about this map.
        public var kind: MapKind {
            guard let kind = MapCatalog.kind(named: rawValue) else {
                preconditionFailure("no map named \(rawValue) in MapCatalog")
            }
            return kind
        }
    }

    /// The key type: an alias (`int64`, `string`, `string-long`) or a Go type expression, and the Go
    /// type it stands for (Suite+Types.swift reads it; docs/shapes.md describes it).
    public struct KeyType: Hashable, Sendable, CustomStringConvertible {
        /// As the suite wrote it: an alias, or a Go type expression (a named type's name included).
        public let rawValue: String
        /// The Go type, named types expanded.
        public let goType: GoType

        /// A key type from its text and the type it stands for (Suite+Types.swift resolves the text).
        public init(rawValue: String, goType: GoType) {
            self.rawValue = rawValue
            self.goType = goType
        }

        /// `int64` keys by the int64 recipe (Sources/PROTOCOL.md).
        public static let int64 = KeyType(rawValue: "int64", goType: .basic(.int64))
        /// Go `string` keys of the form `key-1234567` (at most 15 bytes, so Swift stores them inline).
        public static let string = KeyType(rawValue: "string", goType: .basic(.string))
        /// Go `string` keys of the form `key-long-000000001234567` (24 bytes: each key's UTF-8 is stored
        /// in a heap block of its own, which `--alloc-sites` shows as a site apart from the buckets).
        public static let stringLong = KeyType(rawValue: "string-long", goType: .basic(.string))

        /// The names that are not Go syntax of their own, or that keep a recipe of their own.
        public static let aliases: [KeyType] = [.int64, .string, .stringLong]
        /// The aliases (the key types mapheap measured before Go type expressions).
        public static var allCases: [KeyType] { aliases }

        /// The text, as the suite wrote it.
        public var description: String { rawValue }
    }

    /// The value type: an alias (`bool`, `empty`, `int64`) or a Go type expression, and the Go type
    /// it stands for.
    public struct ValueType: Hashable, Sendable, CustomStringConvertible {
        /// As the suite wrote it: an alias, or a Go type expression (a named type's name included).
        public let rawValue: String
        /// The Go type, named types expanded.
        public let goType: GoType

        /// A value type from its text and the type it stands for (Suite+Types.swift resolves the text).
        public init(rawValue: String, goType: GoType) {
            self.rawValue = rawValue
            self.goType = goType
        }

        /// `bool` values (true).
        public static let bool = ValueType(rawValue: "bool", goType: .basic(.bool))
        /// No value (Go's `struct{}`; Swift's `Set`).
        public static let empty = ValueType(rawValue: "empty", goType: .structure([]))
        /// `int64` values (1).
        public static let int64 = ValueType(rawValue: "int64", goType: .basic(.int64))

        /// The names that are not Go syntax of their own, or that keep a value of their own.
        public static let aliases: [ValueType] = [.bool, .empty, .int64]
        /// The aliases (the value types mapheap measured before Go type expressions).
        public static var allCases: [ValueType] { aliases }

        /// The text, as the suite wrote it.
        public var description: String { rawValue }
    }

    /// How the map is sized at creation.
    public enum Sizing: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// No hint: the map grows from empty.
        case unsized
        /// Hint = keys: the map should never grow.
        case presized
        /// An explicit hint (`Workload.hint`), e.g. a wrong one.
        case hint

        /// The name in suites, specs and rows (`presized`).
        public var description: String { rawValue }
    }

    /// The operation mix.
    public enum Ops: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// Insert `keys` distinct keys.
        case insert
        /// Insert `keys` keys, then `rounds` rounds of deleting half and inserting as many new keys.
        case churn

        /// The name in suites, specs and rows (`churn`).
        public var description: String { rawValue }
    }

    /// Unique name within the suite (`[A-Za-z0-9._-]+`; used in CSVs and file names).
    public var name: String
    /// The map under test.
    public var impl: Impl
    /// The key type.
    public var key: KeyType
    /// The value type.
    public var value: ValueType
    /// How the map is sized at creation.
    public var sizing: Sizing
    /// The capacity hint handed to the map: 0 for `unsized`, `keys` for `presized`, the stated hint for `hint`.
    public var hint: Int
    /// Distinct keys inserted (N); > 0.
    public var keys: Int
    /// The operation mix.
    public var ops: Ops
    /// Churn rounds (1...1000); 0 for `insert`.
    public var rounds: Int
    /// For `go`: the Go toolchain the real runtime is built with (`1.23.9`); empty for the other maps.
    public var goVersion: String
    /// For `go`: the GOEXPERIMENT the Go peer is built with; empty for none.
    public var goExperiment: String
    /// Whether every insert is timed (`"latency"` on the workload); nil: as the suite says. The spec's
    /// `latency` is what the child obeys (`Suite.latency(of:forced:)`); this is the suite's statement.
    public var latency: Bool? = nil
    /// For `go`: the Go runtime settings the peer runs with (`go_env`, Suite+GoEnv.swift); empty for none.
    public var goEnv: [String: String] = [:]

    /// Creates a workload; `hint` is only used with `.hint` sizing, `rounds` only with `.churn`.
    public init(
        name: String, impl: Impl, key: KeyType, value: ValueType, sizing: Sizing, hint: Int = 0,
        keys: Int, ops: Ops = .insert, rounds: Int = Workload.defaultRounds, goVersion: String = "",
        goExperiment: String = ""
    ) {
        precondition(keys > 0, "keys must be > 0")
        precondition(hint >= 0, "hint must be >= 0")
        self.name = name
        self.impl = impl
        self.key = key
        self.value = value
        self.sizing = sizing
        switch sizing {
        case .unsized: self.hint = 0
        case .presized: self.hint = keys
        case .hint: self.hint = hint
        }
        self.keys = keys
        self.ops = ops
        self.rounds = ops == .churn ? rounds : 0
        self.goVersion = goVersion
        self.goExperiment = goExperiment
    }

    /// Churn rounds when a churn workload does not say.
    public static let defaultRounds = 8
    /// The accepted number of churn rounds.
    public static let roundsRange = 1...1000
}

extension Suite {
    /// The suite restricted to the named workloads, in suite order (for `mapheap run --only`).
    ///
    /// Throws a `ConfigError` naming the first unknown name and listing the available ones.
    public func selecting(names: [String]) throws -> Suite {
        let available = Set(workloads.map(\.name))
        for name in names where !available.contains(name) {
            let shown = workloads.prefix(20).map(\.name).joined(separator: ", ")
            throw ConfigError(
                file: file, field: nil,
                problem: "no workload named \"\(name)\" in suite \"\(self.name)\"",
                fix: "available workloads are " + shown
                    + (workloads.count > 20 ? ", ... (\(workloads.count) in all)" : "")
            )
        }
        let wanted = Set(names)
        var selected = self
        selected.workloads = workloads.filter { wanted.contains($0.name) }
        return selected
    }
}
