// Tolerances for `mapheap compare`, read from a JSON file in bench-configs/ and validated as
// strictly as a suite:
//
//   {
//     "default": { "relative_percent": 1.0 },
//     "metrics": {
//       "final_allocated_bytes": { "relative_percent": 1.0, "absolute": 4096 },
//       "ns_per_insert": { "relative_percent": 50 }
//     }
//   }
//
// A value passes when it lies within the absolute bound OR the relative bound of the baseline:
// |current - baseline| <= absolute, or |current - baseline| <= |baseline| * relative_percent / 100.
// `default` replaces the built-in 1% for the jemalloc byte metrics. A metric listed under `metrics`
// uses its own bound; listing an info metric (final_resident_bytes) or a time metric (seconds,
// ns_per_insert) makes it checked. Exact metrics cannot be listed: they must be equal.
import MapHeapModel

/// A bound on the difference between a baseline value and a current one.
public struct Tolerance: Equatable, Sendable {
    /// Allowed difference as a percentage of the baseline value (1.0 = 1%); nil for none.
    public var relativePercent: Double?
    /// Allowed absolute difference, in the metric's unit; nil for none.
    public var absolute: Double?

    /// Creates a bound; at least one of the two should be given.
    public init(relativePercent: Double? = nil, absolute: Double? = nil) {
        self.relativePercent = relativePercent
        self.absolute = absolute
    }

    /// Whether `current` is within the absolute OR the relative bound of `baseline`.
    public func allows(baseline: Double, current: Double) -> Bool {
        let difference = abs(current - baseline)
        if difference == 0 { return true }
        if let absolute, difference <= absolute { return true }
        if let relativePercent, difference <= abs(baseline) * relativePercent / 100 { return true }
        return false
    }
}

/// The tolerances `mapheap compare` applies.
public struct Thresholds: Equatable, Sendable {
    /// The bound for jemalloc byte metrics that have no bound of their own.
    public var defaultTolerance: Tolerance
    /// Bounds by metric (column name in summary.csv).
    public var metrics: [String: Tolerance]

    /// Creates thresholds.
    public init(defaultTolerance: Tolerance = Tolerance(relativePercent: 1.0), metrics: [String: Tolerance] = [:]) {
        self.defaultTolerance = defaultTolerance
        self.metrics = metrics
    }

    /// The built-in thresholds: 1% relative for the byte metrics, nothing else.
    public static let builtIn = Thresholds()

    /// Reads and validates a thresholds file; throws a one-line `ConfigError` on any problem.
    public static func load(path: String) throws -> Thresholds {
        try decode(_readConfigJSON(path: path), file: path)
    }

    /// Validates thresholds JSON given as bytes; `file` is the name used in error messages.
    public static func parse(json: [UInt8], file: String) throws -> Thresholds {
        try decode(_parseConfigJSON(bytes: json, file: file), file: file)
    }

    private static let toleranceFields = ["relative_percent", "absolute"]

    private static func decode(_ document: _JSONValue, file: String) throws(ConfigError) -> Thresholds {
        let top = try _ConfigObject(document, file: file, path: "", allowed: ["default", "metrics"])
        var thresholds = Thresholds()
        if let raw = top.raw("default") {
            thresholds.defaultTolerance = try decodeTolerance(raw, file: file, path: "default")
        }
        if let raw = top.raw("metrics") {
            guard case .object(let members) = raw else {
                throw top.error("metrics", "expected an object, found \(raw.kindDescription)",
                                "write { \"metric_name\": { \"relative_percent\": ... } }")
            }
            let checkable = CompareMetric.allCases.filter { $0.rule != .exact }.map(\.rawValue)
            for member in members {
                let path = "metrics." + member.key
                guard let metric = CompareMetric(rawValue: member.key) else {
                    throw ConfigError(file: file, field: path, problem: "unknown metric \"\(member.key)\"",
                                      fix: "use one of " + checkable.joined(separator: ", "))
                }
                guard metric.rule != .exact else {
                    throw ConfigError(file: file, field: path,
                                      problem: "\(member.key) is a deterministic count and must be equal",
                                      fix: "remove it; thresholds apply to " + checkable.joined(separator: ", "))
                }
                thresholds.metrics[member.key] = try decodeTolerance(member.value, file: file, path: path)
            }
        }
        return thresholds
    }

    private static func decodeTolerance(_ value: _JSONValue, file: String, path: String) throws(ConfigError)
        -> Tolerance
    {
        let object = try _ConfigObject(value, file: file, path: path, allowed: toleranceFields)
        let tolerance = Tolerance(
            relativePercent: try object.nonNegativeNumber("relative_percent"),
            absolute: try object.nonNegativeNumber("absolute")
        )
        guard tolerance.relativePercent != nil || tolerance.absolute != nil else {
            throw ConfigError(file: file, field: path, problem: "no bound given",
                              fix: "add \"relative_percent\", \"absolute\" or both")
        }
        return tolerance
    }
}
