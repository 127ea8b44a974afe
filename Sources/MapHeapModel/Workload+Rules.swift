// Which Go release's rules a model core follows, and how a result row says so.
//
// GoMap models the classic bucket map, SwissMap the Swiss table (Sources/MapCore/GoRelease.swift holds
// what differs between releases). A suite may name the release (`go_version`, and `goexperiment` where
// the experiment changes the model's rules) on impl gomap and swissmap too; without one, a model takes
// its default release, the one it followed before releases could be named. The parent writes the
// release into the spec, the child builds the core with its rules, and the model's row names it in
// `runtime`: `swift 6.3 (go1.23.9 rules)`, beside the Go peer's `go1.23.9`.
import MapCore

/// A Go release and the map experiment it was built or modelled with: what a Go row ran, or whose rules
/// a model row followed.
public struct GoRulesRelease: Hashable, Sendable {
    /// The release, e.g. `1.24.11`.
    public var version: String
    /// The GOEXPERIMENT list, "" for none.
    public var experiment: String

    /// A release and experiment.
    public init(version: String, experiment: String = "") {
        self.version = version
        self.experiment = experiment
    }

    /// As the Go peer's `runtime` column writes it: `go1.24.11`, `go1.24.11+noswissmap`.
    public var label: String { "go" + version + (experiment.isEmpty ? "" : "+" + experiment) }

    /// The map generation this release builds with this experiment, or nil for a release mapheap does not know.
    public var generation: GoRelease.Generation? {
        GoRelease.named(version)?.generation(experiment: experiment)
    }

    /// The release a `runtime` cell names: a Go row's `go1.24.11+noswissmap`, or a model row's
    /// `swift 6.3 (go1.23.9 rules)`; nil for any other (a Swift peer's `swift 6.3`).
    public init?(runtime: String) {
        var text = Substring(runtime)
        if !text.hasPrefix("go") {
            guard let open = text.lastIndex(of: "("), text.hasSuffix(GoRulesRelease.rulesSuffix) else { return nil }
            text = text[text.index(after: open)...].dropLast(GoRulesRelease.rulesSuffix.count)
        }
        guard text.hasPrefix("go") else { return nil }
        let parts = text.dropFirst(2).split(separator: "+", maxSplits: 1)
        guard let version = parts.first, _isGoVersion(String(version)) else { return nil }
        self.init(version: String(version), experiment: parts.count > 1 ? String(parts[1]) : "")
    }

    /// The release a row of map `impl` ran (Go's own map) or followed (a model core), read from its
    /// `runtime`; a model row written before rows named their rules (`swift 6.3`) followed its map's
    /// default release. nil for a map that takes no Go rules.
    public init?(impl: String, runtime: String) {
        if let release = GoRulesRelease(runtime: runtime) {
            self = release
        } else if let defaultRelease = MapCatalog.kind(named: impl)?.modelledGeneration?.defaultRelease {
            self.init(version: defaultRelease)
        } else {
            return nil
        }
    }

    /// What follows the release in a model row's `runtime`.
    static let rulesSuffix = " rules)"

    /// A model row's `runtime`: what ran the map (`swift 6.3`) and whose rules it followed.
    public func modelRuntime(_ swift: String) -> String { "\(swift) (\(label)\(GoRulesRelease.rulesSuffix)" }
}

extension MapKind {
    /// The map generation a model core follows and the release whose rules it takes when the suite names
    /// none (the rules it followed before releases could be named, so that no existing suite's figures
    /// move); nil for a map that takes no Go rules (the Go peer runs the release itself, the Swift peers
    /// follow none).
    public var modelledGeneration: (generation: GoRelease.Generation, defaultRelease: String)? {
        guard case .fixed(let generation)? = self.generation, let defaultRelease else { return nil }
        return (generation, defaultRelease)
    }
}

extension Workload {
    /// The release whose rules this model workload follows: the one it names, else its map's default;
    /// nil for a workload that is not a model core.
    public var modelRules: GoRulesRelease? {
        guard let modelled = impl.kind.modelledGeneration else { return nil }
        return goVersion.isEmpty ? GoRulesRelease(version: modelled.defaultRelease)
            : GoRulesRelease(version: goVersion, experiment: goExperiment)
    }

    /// Why model `impl` cannot follow Go `version` with `experiment` (problem, fix, and the field to
    /// blame), or nil when it can: the release must exist, have the experiment, and build the
    /// generation the model follows.
    static func modelRulesRefusal(impl: Impl, version: String, experiment: String)
        -> (field: String, problem: String, fix: String)? {
        guard let modelled = impl.kind.modelledGeneration else {
            return ("go_version", "impl \(impl) takes no Go release's rules", "remove \"go_version\"")
        }
        if let refusal = GoRelease.refusal(version: version, experiment: experiment) {
            return (experiment.isEmpty ? "go_version" : "goexperiment", refusal,
                    "use one of " + fittingReleases(modelled.generation))
        }
        let release = GoRulesRelease(version: version, experiment: experiment)
        guard release.generation == modelled.generation else {
            // Blame the experiment when it is what moves the release off the model's map.
            let field = !experiment.isEmpty && GoRelease.named(version)?.generation == modelled.generation
                ? "goexperiment" : "go_version"
            return (field, "impl \(impl) models the \(modelled.generation.rawValue) map, and "
                        + "\(release.label) builds the \(release.generation?.rawValue ?? "other") one",
                    "use one of " + fittingReleases(modelled.generation))
        }
        return nil
    }

    /// The releases (and experiments) that build `generation`: `1.21.13, ..., 1.24.11 with goexperiment
    /// noswissmap`.
    static func fittingReleases(_ generation: GoRelease.Generation) -> String {
        var fitting: [String] = []
        for release in GoRelease.all {
            if release.generation == generation { fitting.append(release.version) }
            for experiment in release.experiments
            where release.generation(experiment: experiment.rawValue) == generation {
                fitting.append("\(release.version) with goexperiment \(experiment.rawValue)")
            }
        }
        return fitting.joined(separator: ", ")
    }
}

extension SummaryRow {
    /// The Go release this row ran (Go's own map) or whose rules it followed (a model core); nil for the
    /// Swift peers (`GoRulesRelease(impl:runtime:)`).
    public var release: GoRulesRelease? { GoRulesRelease(impl: impl.rawValue, runtime: runtime) }
}
