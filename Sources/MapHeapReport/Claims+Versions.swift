// The claims per release: when a run measured a generation under several Go releases (or a model
// under several releases' rules), each release gets a column of its own, the way the articles' "Go"
// becomes "which Go". Go's own map under the release decides the column; a model following that
// release's rules (its row's `runtime` says `swift 6.3 (go1.21.13 rules)`) is shown beside it. With
// one release per generation the claims file's generations are settled as written.
import MapCore
import MapHeapModel

extension ClaimsFile {
    /// This file with every generation measured under more than one release split into one generation per
    /// release, in release order (GoRelease.all, an experiment after its release's default map). A
    /// generation's id names its map (`classic`, `swiss`: GoRelease.Generation); its subjects are templates:
    /// each keeps its selector but `runtime`, which becomes the release's exact runtime, and is labelled by
    /// its map's name (Go, GoMap, SwissMap). A generation whose id names no map, or measured under one
    /// release or none, stays as written.
    public func perRelease(_ tables: ClaimTables) -> ClaimsFile {
        var split = self
        split.generations = generations.flatMap { releaseGenerations($0, tables) ?? [$0] }
        return split
    }

    /// Whether `perRelease` split any generation: the report then says that each column is a release.
    var isPerRelease: Bool { generations.contains { $0.release != nil } }

    /// `generation` as one generation per release measured, or nil when it stays as written.
    private func releaseGenerations(_ generation: _ClaimGeneration, _ tables: ClaimTables) -> [_ClaimGeneration]? {
        guard let map = GoRelease.Generation(rawValue: generation.id) else { return nil }
        // Each template's runtimes of this generation, as the rows write them.
        var runtimes: [[GoRulesRelease: String]] = []
        var releases = Set<GoRulesRelease>()
        for subject in generation.subjects {
            var selector = subject.selector
            selector["runtime"] = nil
            var found: [GoRulesRelease: String] = [:]
            let ok = WorkloadStatus.ok.rawValue
            for row in tables.summary where row["status"] == ok && Self.matches(row, selector) {
                guard let runtime = row["runtime"],
                      let release = GoRulesRelease(impl: row["impl"] ?? "", runtime: runtime),
                      release.generation == map else { continue }
                found[release] = runtime
                releases.insert(release)
            }
            runtimes.append(found)
        }
        guard releases.count > 1 else { return nil }
        let order = GoRelease.all.map(\.version)
        let sorted = releases.sorted {
            let a = order.firstIndex(of: $0.version) ?? order.count
            let b = order.firstIndex(of: $1.version) ?? order.count
            return a != b ? a < b : $0.experiment < $1.experiment
        }
        return sorted.map { release in
            var subjects: [_ClaimSubject] = []
            for (subject, found) in zip(generation.subjects, runtimes) {
                guard let runtime = found[release] else { continue }
                var selector = subject.selector
                selector["runtime"] = runtime
                let kind = subject.selector["impl"].flatMap(MapCatalog.kind(named:))
                let name = kind?.displayName ?? subject.label
                // Go's own map is the release; a model follows its rules.
                let label = kind.flatMap { $0.isGoRuntime ? $0.label(runtime: release.label) : nil }
                    ?? "\(name) (\(release.label) rules)"
                subjects.append(_ClaimSubject(label: label, selector: selector, column: name))
            }
            return _ClaimGeneration(id: generation.id + "-" + release.label, title: release.label, subjects: subjects,
                                    release: release)
        }
    }
}
