// The Go releases mapheap measures, and the map and allocator rules that differ between them.
//
// One table (`GoRelease.all`), read from each release's sources (docs/versions.md gives file and
// line for every entry): the cores and the suite check read it, never `if version == ...`. A rule
// that is the same in every release is not here; it is a constant of the core that uses it.

/// A map experiment (`GOEXPERIMENT`) mapheap measures.
public enum GoMapExperiment: String, Sendable, CaseIterable {
    /// The classic bucket map on a Swiss-map release (Go 1.24 and 1.25).
    case noswissmap
    /// Swiss groups laid out as eight keys, then eight values (Go 1.27).
    case mapsplitgroup
}

/// One rule's value and the source file of the release that says so.
public struct GoRule<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The rule's value in this release.
    public let value: Value
    /// Where the release's sources say so (relative to `go/src`).
    public let source: String

    /// A rule with its source.
    public init(_ value: Value, _ source: String) {
        self.value = value
        self.source = source
    }
}

/// The rules of the classic map that differ between releases (GoMap takes them).
public struct GoClassicRules: Sendable, Equatable {
    /// Bytes of the map header `hmap`: 48 up to 1.23, 56 with `clearSeq` in 1.24 and 1.25.
    public let hmapBytes: GoRule<Int>
    /// Whether the allocator gives pointerful objects above 512 bytes an 8-byte header (1.22+).
    public let mallocHeaders: GoRule<Bool>
    /// The load factor's numerator over 2: 13 (6.5 entries per bucket) from 1.22; 12 (6.0) in 1.21,
    /// whose `(bucketCnt * 13 / 16) * loadFactorDen` rounds 104 / 16 down to 6.
    public let loadFactorNum: GoRule<Int>
}

extension GoClassicRules {
    /// The rules of Go 1.23.9, the classic map CI measures (what GoMap follows when given none).
    public static var go123: GoClassicRules { GoRelease.named("1.23.9").unsafelyUnwrapped.classic.unsafelyUnwrapped }
}

/// The rules of the Swiss map that differ between releases (SwissMap takes them).
public struct GoSwissRules: Sendable, Equatable {
    /// Whether a table with no growth left first prunes tombstones (1.25+).
    public let prunesTombstones: GoRule<Bool>
    /// Whether a full small map updates a present key in place instead of growing (1.27+).
    public let smallMapUpdatesInPlace: GoRule<Bool>

    /// The rules of the newest release (what SwissMap follows when given none).
    public static var latest: GoSwissRules { GoRelease.all.last.unsafelyUnwrapped.swiss.unsafelyUnwrapped }
}

/// One Go release: its map generation, its experiments and the rules that differ.
public struct GoRelease: Sendable, Equatable {
    /// Which map a release builds by default (one enum for both: `GoMapGeneration`, MapRules.swift).
    public typealias Generation = GoMapGeneration

    /// The release, e.g. `1.23.9`.
    public let version: String
    /// The map it builds without experiments.
    public let generation: Generation
    /// The map experiments it has.
    public let experiments: [GoMapExperiment]
    /// Whether the allocator gives pointerful objects above 512 bytes an 8-byte malloc header.
    public let mallocHeaders: GoRule<Bool>
    /// The classic map's rules, when the release has a classic map (by default or noswissmap).
    public let classic: GoClassicRules?
    /// The Swiss map's rules, when the release has one.
    public let swiss: GoSwissRules?

    /// The map `experiment` (a GOEXPERIMENT list, "" for none) builds.
    public func generation(experiment: String) -> Generation {
        experiment.split(separator: ",").contains(Substring(GoMapExperiment.noswissmap.rawValue)) ? .classic : generation
    }

    /// The release `version` names, or nil.
    public static func named(_ version: String) -> GoRelease? { all.first { $0.version == version } }

    /// The releases that have `experiment`.
    public static func having(_ experiment: GoMapExperiment) -> [GoRelease] {
        all.filter { $0.experiments.contains(experiment) }
    }

    /// Why `experiment` (a GOEXPERIMENT list) cannot run on `version`, in one line, or nil when it can.
    public static func refusal(version: String, experiment: String) -> String? {
        guard let release = named(version) else {
            return "Go \(version) is not a release mapheap measures (it measures "
                + all.map(\.version).joined(separator: ", ") + ")"
        }
        for name in experiment.split(separator: ",").map(String.init) where !name.isEmpty {
            guard let known = GoMapExperiment(rawValue: name) else {
                return "GOEXPERIMENT \(name) is not one mapheap measures (it measures "
                    + GoMapExperiment.allCases.map(\.rawValue).joined(separator: ", ") + ")"
            }
            if !release.experiments.contains(known) {
                return "GOEXPERIMENT \(name) is not in Go \(version) (the releases that have it: "
                    + having(known).map(\.version).joined(separator: ", ") + ")"
            }
        }
        return nil
    }

    /// Every release mapheap measures, oldest first (Sources/go-peer/toolchains.txt lists the same).
    public static let all: [GoRelease] = {
        let noHeaders = GoRule(false, "runtime/msize.go (roundupsize without noscan)")
        let headers122 = GoRule(true, "runtime/mbitmap_allocheaders.go (mallocHeaderSize)")
        let headers = GoRule(true, "runtime/mbitmap.go (mallocHeaderSize)")
        let headersGC = GoRule(true, "internal/runtime/gc/malloc.go (MallocHeaderSize)")
        let hmap48 = GoRule(48, "runtime/map.go (type hmap)")
        let load12 = GoRule(12, "runtime/map.go (loadFactorNum = (bucketCnt * 13 / 16) * loadFactorDen)")
        let load13 = GoRule(13, "runtime/map.go (loadFactorNum = loadFactorDen * bucketCnt * 13 / 16)")
        let load13b = GoRule(13, "runtime/map_noswiss.go (loadFactorNum)")
        let hmap56 = GoRule(56, "runtime/map_noswiss.go (type hmap: clearSeq)")
        let noPrune = GoRule(false, "internal/runtime/maps/table.go (no pruneTombstones)")
        let prune = GoRule(true, "internal/runtime/maps/table.go (pruneTombstones)")
        let growSmall = GoRule(false, "internal/runtime/maps/map.go (PutSlot: grows a full small map)")
        let updateSmall = GoRule(true, "internal/runtime/maps/map.go (putSlotSmall before growToTable)")
        return [
            GoRelease(version: "1.21.13", generation: .classic, experiments: [], mallocHeaders: noHeaders,
                      classic: GoClassicRules(hmapBytes: hmap48, mallocHeaders: noHeaders, loadFactorNum: load12), swiss: nil),
            GoRelease(version: "1.22.10", generation: .classic, experiments: [], mallocHeaders: headers122,
                      classic: GoClassicRules(hmapBytes: hmap48, mallocHeaders: headers122, loadFactorNum: load13), swiss: nil),
            GoRelease(version: "1.23.9", generation: .classic, experiments: [], mallocHeaders: headers,
                      classic: GoClassicRules(hmapBytes: hmap48, mallocHeaders: headers, loadFactorNum: load13), swiss: nil),
            GoRelease(version: "1.24.11", generation: .swiss, experiments: [.noswissmap], mallocHeaders: headers,
                      classic: GoClassicRules(hmapBytes: hmap56, mallocHeaders: headers, loadFactorNum: load13b),
                      swiss: GoSwissRules(prunesTombstones: noPrune, smallMapUpdatesInPlace: growSmall)),
            GoRelease(version: "1.25.5", generation: .swiss, experiments: [.noswissmap], mallocHeaders: headersGC,
                      classic: GoClassicRules(hmapBytes: hmap56, mallocHeaders: headersGC, loadFactorNum: load13b),
                      swiss: GoSwissRules(prunesTombstones: prune, smallMapUpdatesInPlace: growSmall)),
            GoRelease(version: "1.26.6", generation: .swiss, experiments: [], mallocHeaders: headersGC,
                      classic: nil, swiss: GoSwissRules(prunesTombstones: prune, smallMapUpdatesInPlace: growSmall)),
            GoRelease(version: "1.27.3", generation: .swiss, experiments: [.mapsplitgroup], mallocHeaders: headersGC,
                      classic: nil, swiss: GoSwissRules(prunesTombstones: prune, smallMapUpdatesInPlace: updateSmall)),
        ]
    }()
}
