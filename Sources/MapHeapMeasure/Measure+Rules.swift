// The rules a model core is built with: the release the spec names (the parent writes a model's
// default release into the spec, Workload.modelRules), looked up in MapCore's GoRelease table.
import MapCore
import MapHeapModel
import SwissMap

extension WorkloadSpec {
    /// The release and experiment whose rules the model follows.
    var _modelRules: GoRulesRelease {
        guard let rules = workload.modelRules else { preconditionFailure("impl \(workload.impl) is no model core") }
        return rules
    }

    /// GoMap's rules: the classic map of the spec's release (validated when the spec was read).
    var classicRules: GoClassicRules {
        guard let rules = GoRelease.named(_modelRules.version)?.classic else {
            preconditionFailure("Go \(_modelRules.version) has no classic map; the spec reader refuses it")
        }
        return rules
    }

    /// SwissMap's rules: the Swiss map of the spec's release.
    var swissRules: GoSwissRules {
        guard let rules = GoRelease.named(_modelRules.version)?.swiss else {
            preconditionFailure("Go \(_modelRules.version) has no Swiss map; the spec reader refuses it")
        }
        return rules
    }

    /// SwissMap's group layout: keys then values under `mapsplitgroup`, else each key beside its value.
    var swissLayout: SwissMapGroupLayout {
        _modelRules.experiment.split(separator: ",").contains(Substring(GoMapExperiment.mapsplitgroup.rawValue))
            ? .split : .interleaved
    }
}
