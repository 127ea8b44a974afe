// The Swiss map's rules (swiss-map-semantics.md; SwissMap+Growth.swift is the model they must agree
// with): the small map, NewMap's shape for a hint, a table's growth by doubling, and splits.
//
// Splits as a trie. With inserts only, a table whose keys share a d-bit hash prefix splits exactly
// when an insert brings its keys to 897 (a full 1024-slot table holds 896). So the tables at N are
// the leaves of the binary trie of the N hashes cut where a prefix holds at most 896 keys: a prefix
// of depth d >= g (g: the hint's directory depth) is an internal node iff it holds more than 896
// keys, and tables = 2^g + internal nodes. A depth-d prefix holds Binomial(N, 2^-d) keys under random
// hashes, which gives the expected count exactly (a sum over depths) and, since the counts of one
// depth are negatively associated, a bound on its standard deviation (the sum over depths of each
// depth's independent standard deviation). The directory is 2^(1 + deepest internal depth).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Swiss rules for one geometry, N entries and a hint.
struct SwissRules {
    let geometry: MapSizeGeometry
    let entries: Int
    let hint: Int

    /// Slots of a group, and of the small map.
    static let smallSlots = 8
    /// The largest table.
    static let maxTableCapacity = 1024
    /// Entries a full largest table holds (7/8 of it).
    static let maxTableLoad = 896
    /// Bytes of Go's `maps.Map`, a table header, a directory entry.
    static let mapHeaderBytes = 48, tableHeaderBytes = 32, pointerBytes = 8

    /// Entries a table of `capacity` slots holds before the next insert rehashes it.
    static func growthLimit(_ capacity: Int) -> Int { capacity == 8 ? 7 : capacity * 7 / 8 }

    /// The growths of an unsized map's single table: 16 -> 32 at 15 entries, ..., 512 -> 1024 at 449.
    static func singleTableGrowths() -> [(at: Int, from: Int)] {
        var result: [(Int, Int)] = []
        var capacity = 2 * smallSlots
        while capacity < maxTableCapacity {
            result.append((growthLimit(capacity) + 1, capacity))
            capacity *= 2
        }
        return result
    }

    /// The smallest power of two at least `x` (x >= 1).
    static func nextPowerOfTwo(_ x: Int) -> Int { x <= 1 ? 1 : 1 << (Int.bitWidth - (x - 1).leadingZeroBitCount) }

    // MARK: Bytes

    /// Go's bytes for a table of `capacity` slots: header and groups.
    func tableBytes(_ capacity: Int) -> Int {
        GoSizeClasses.footprint(size: Self.tableHeaderBytes, hasPointers: true)
            + GoSizeClasses.footprint(size: capacity / Self.smallSlots * geometry.groupSize,
                                      hasPointers: geometry.groupHasPointers)
    }

    /// Go's bytes for a directory of 2^depth entries.
    static func directoryBytes(depth: Int) -> Int {
        GoSizeClasses.footprint(size: (1 << depth) * pointerBytes, hasPointers: true)
    }

    var headerBytes: Int { GoSizeClasses.footprint(size: Self.mapHeaderBytes, hasPointers: true) }
    var smallGroupBytes: Int {
        GoSizeClasses.footprint(size: geometry.groupSize, hasPointers: geometry.groupHasPointers)
    }

    // MARK: The hint's shape

    /// NewMap's directory depth and table capacity for the hint, or nil when it allocates nothing.
    var hintShape: (depth: Int, capacity: Int)? { Self.shape(forHint: hint, groupSize: geometry.groupSize) }

    /// NewMap's arithmetic (SwissMap.shape(forHint:) in the model).
    static func shape(forHint hint: Int, groupSize: Int) -> (depth: Int, capacity: Int)? {
        guard hint > smallSlots else { return nil }
        let wide = UInt64(hint)
        let target = (wide &* UInt64(smallSlots)) / 7
        if target < wide { return nil }
        let tables = (target + UInt64(maxTableCapacity) - 1) / UInt64(maxTableCapacity)
        guard tables <= 1 << 62 else { return nil }
        let length = UInt64(nextPowerOfTwo(Int(tables)))
        let (slots, overflow1) = length.multipliedReportingOverflow(by: UInt64(maxTableCapacity))
        if overflow1 { return nil }
        let (bytes, overflow2) = slots.multipliedReportingOverflow(by: UInt64(groupSize))
        if overflow2 || bytes > 1 << 48 { return nil }
        let capacity = nextPowerOfTwo(Swift.max(smallSlots, Int(target / length)))
        return (Int(length).trailingZeroBitCount, capacity)
    }

    // MARK: The trie

    /// What the rules say of the tables at N: the start (depth g, capacity c0) and, per figure,
    /// its mean and a bound on its standard deviation.
    struct Trie {
        var depth: Int
        var startCapacity: Int
        /// Tables, groups, table bytes (headers and groups), table grows, splits.
        var tables: Tally
        var groups: Tally
        var bytes: Tally
        var grows: Tally
        var splits: Tally
        /// Directory depth: certain at least, possible at most, expected directory bytes.
        var directoryLow: Int
        var directoryHigh: Int
        var directoryBytes: Double
        /// Expected directory depth.
        var directoryDepth: Double
    }

    /// A sum of indicator counts (one per prefix of a depth) times weights: its mean, a bound of its
    /// standard deviation, and what it certainly is at least (indicators of probability 1) and at
    /// most (indicators of probability above 0).
    struct Tally {
        var mean = 0.0, sd = 0.0, low = 0.0, high = 0.0

        /// A constant.
        init(_ value: Double = 0) {
            mean = value
            low = value
            high = value
        }

        /// Adds `count` indicators of probability `q`, each worth `weight`.
        mutating func add(count: Double, probability q: Double, weight: Double = 1) {
            mean += count * q * weight
            sd += (count * q * (1 - q)).squareRoot() * weight
            if q >= 1 { low += count * weight }
            if q > 0 { high += count * weight }
        }

        /// Adds another tally times `weight`.
        mutating func add(_ other: Tally, weight: Double = 1) {
            mean += other.mean * weight
            sd += other.sd * weight
            low += other.low * weight
            high += other.high * weight
        }
    }

    /// P(a depth-d prefix holds more than `limit` of N keys), rounded to certainty over 2^d prefixes.
    func prefixAbove(_ limit: Int, depth d: Int) -> Double {
        if d == 0 { return entries > limit ? 1 : 0 }
        let n = entries
        let p = d >= 63 ? 0 : 1 / Double(UInt64(1) << UInt64(d))
        let chances = Double(UInt64(1) << UInt64(Swift.min(d, 62)))
        let mean = Double(n) * p
        let k = Double(limit) + 1  // "above limit" is "at least k"
        // Chernoff bounds settle most depths without summing terms.
        if mean > 0 {
            let x = k / mean
            let exponent = mean * (x * log(x) - x + 1)
            if x > 1 && exponent - log(chances) > -log(MapRules.improbable) + 1 { return 0 }
            if x < 1 && exponent - log(chances) > -log(MapRules.improbable) + 1 { return 1 }
        } else {
            return 0
        }
        return MapRules.settled(Binomial(n: n, p: p).tail(above: limit), chances: chances)
    }

    /// The trie from depth g with tables of c0 slots.
    func trie(depth g: Int, capacity c0: Int) -> Trie {
        let nodes = Double(UInt64(1) << UInt64(g))
        var tables = Tally(nodes)
        var groups = Tally(nodes * Double(c0 / Self.smallSlots))
        var bytes = Tally(nodes * Double(tableBytes(c0)))
        var grows = Tally()
        // Depth-g tables grow from c0 to 1024: each doubling is one indicator per prefix.
        var capacity = c0
        while capacity < Self.maxTableCapacity {
            let q = prefixAbove(Self.growthLimit(capacity), depth: g)
            let next = capacity * 2
            grows.add(count: nodes, probability: q)
            groups.add(count: nodes, probability: q, weight: Double((next - capacity) / Self.smallSlots))
            bytes.add(count: nodes, probability: q, weight: Double(tableBytes(next) - tableBytes(capacity)))
            capacity = next
        }
        // Internal nodes: each adds one table of 1024 slots.
        var splits = Tally()
        var directoryLow = g
        var directoryHigh = g
        var directoryBytes = Double(Self.directoryBytes(depth: g))
        var directoryDepth = Double(g)
        var d = g
        while d < 62 {
            let q = prefixAbove(Self.maxTableLoad, depth: d)
            let count = Double(UInt64(1) << UInt64(d))
            let expectedMean = Double(entries) / count
            if q == 0 && expectedMean < Double(Self.maxTableLoad) { break }
            splits.add(count: count, probability: q)
            // Some prefix of this depth splits: certainly when all do or when 2^d·q is large.
            let some = q >= 1 ? 1.0 : -expm1(count * log1p(-q))
            if some >= 1 - MapRules.improbable { directoryLow = d + 1 }
            if q > 0 { directoryHigh = d + 1 }
            // P(depth > d) is P(some prefix of depth d splits); the directory's bytes step there.
            directoryBytes += some * Double(Self.directoryBytes(depth: d + 1) - Self.directoryBytes(depth: d))
            directoryDepth += some
            d += 1
        }
        let tableStep = Double(tableBytes(Self.maxTableCapacity))
        tables.add(splits)
        groups.add(splits, weight: Double(Self.maxTableCapacity / Self.smallSlots))
        bytes.add(splits, weight: tableStep)
        return Trie(depth: g, startCapacity: c0, tables: tables, groups: groups, bytes: bytes, grows: grows,
                    splits: splits, directoryLow: directoryLow, directoryHigh: directoryHigh,
                    directoryBytes: directoryBytes, directoryDepth: directoryDepth)
    }

    /// The state at N: nothing (N = 0, no hint), the small map (N <= 8, no hint), or a trie.
    enum State {
        case empty
        case small
        case tables(Trie)
    }

    var state: State {
        if let shape = hintShape { return .tables(trie(depth: shape.depth, capacity: shape.capacity)) }
        if entries == 0 { return .empty }
        if entries <= Self.smallSlots { return .small }
        return .tables(trie(depth: 0, capacity: 2 * Self.smallSlots))
    }

    /// A tally as a figure: mean ± 6σ, within what it certainly is at least and at most.
    static func figure(_ x: Tally, low: Int = 0, high: Int = Int.max) -> RuleFigure {
        MapRules.integerRange(mean: x.mean, sd: x.sd, low: Swift.max(low, Int(x.low.rounded(.down))),
                              high: Swift.min(high, Int(x.high.rounded(.up))))
    }

    /// Splits: each adds one table, so at most the most tables less the start's.
    static func splitsFigure(_ trie: Trie) -> RuleFigure {
        figure(trie.splits, high: mostTables(trie) - (1 << trie.depth))
    }

    /// At most one table per entry of the deepest possible directory.
    static func mostTables(_ trie: Trie) -> Int { 1 << trie.directoryHigh }

    func mapBytes() -> RuleFigure { mapBytes(state) }

    func mapBytes(_ state: State) -> RuleFigure {
        let fixed = headerBytes + entries * geometry.boxBytesPerEntry
        switch state {
        case .empty: return RuleFigure(exact: fixed)
        case .small: return RuleFigure(exact: fixed + smallGroupBytes)
        case .tables(let trie):
            let tables = Self.figure(trie.bytes, low: (1 << trie.depth) * tableBytes(trie.startCapacity),
                                     high: Self.mostTables(trie) * tableBytes(Self.maxTableCapacity))
            let directory = RuleFigure(min: Self.directoryBytes(depth: trie.directoryLow),
                                       max: Self.directoryBytes(depth: trie.directoryHigh),
                                       expected: trie.directoryBytes)
            return tables + directory + fixed
        }
    }

    /// Growths on the way to N, all kinds together.
    func growthCount(_ state: State) -> RuleFigure {
        switch state {
        case .empty, .small: return RuleFigure(exact: 0)
        case .tables(let trie):
            let smallToTable = hintShape == nil ? 1 : 0
            let directory = RuleFigure(min: trie.directoryLow - trie.depth, max: trie.directoryHigh - trie.depth,
                                       expected: trie.directoryDepth - Double(trie.depth))
            return Self.figure(trie.grows) + Self.splitsFigure(trie) + directory + smallToTable
        }
    }

    /// The growth count at `n` entries (same geometry and hint).
    func growthCount(at n: Int) -> RuleFigure {
        let rules = SwissRules(geometry: geometry, entries: n, hint: hint)
        return rules.growthCount(rules.state)
    }

    /// The smallest n in (low, high] with `predicate(n)`, for a predicate false at low and monotone.
    static func firstWhere(after low: Int, upTo high: Int, _ predicate: (Int) -> Bool) -> Int? {
        var lo = low
        var step = 1
        var hi = low + 1
        // Gallop, then bisect.
        while hi <= high && !predicate(hi) {
            lo = hi
            step *= 2
            hi = low + step
        }
        if hi > high {
            hi = high
            if !predicate(hi) { return nil }
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if predicate(mid) { hi = mid } else { lo = mid }
        }
        return hi
    }

    func prediction() -> MapSizePrediction {
        let state = self.state
        let bytes = mapBytes(state)
        let count = growthCount(state)
        let g = geometry
        var growths: [RuleGrowth] = []
        var structure: RuleStructure
        var groupsValue: Int
        var peak: RuleFigure? = nil
        switch state {
        case .empty:
            structure = .swiss(tables: RuleFigure(exact: 0), groups: RuleFigure(exact: 0),
                               directoryLength: RuleFigure(exact: 0), small: true)
            groupsValue = 0
        case .small:
            structure = .swiss(tables: RuleFigure(exact: 0), groups: RuleFigure(exact: 1),
                               directoryLength: RuleFigure(exact: 0), small: true)
            groupsValue = 1
        case .tables(let trie):
            let lengthLow = 1 << trie.directoryLow, lengthHigh = 1 << trie.directoryHigh
            let mostGroups = Self.mostTables(trie) * Self.maxTableCapacity / Self.smallSlots
            let groups = Self.figure(trie.groups, high: mostGroups)
            structure = .swiss(
                tables: Self.figure(trie.tables, low: 1 << trie.depth, high: Self.mostTables(trie)), groups: groups,
                directoryLength: RuleFigure(min: lengthLow, max: lengthHigh,
                                            expected: exp2(trie.directoryDepth)),
                small: false)
            groupsValue = groups.value
            if hintShape == nil {
                growths.append(RuleGrowth(kind: "small-to-table", atEntry: RuleFigure(exact: Self.smallSlots + 1),
                                          count: RuleFigure(exact: 1), detail: "8 slots -> table of 16",
                                          bytesAllocated: tableBytes(16) + Self.directoryBytes(depth: 0)))
            }
            if trie.depth == 0 {
                // One table: its growths are at fixed counts.
                var capacity = trie.startCapacity
                while capacity < Self.maxTableCapacity && entries > Self.growthLimit(capacity) {
                    growths.append(RuleGrowth(kind: "table-grow",
                                              atEntry: RuleFigure(exact: Self.growthLimit(capacity) + 1),
                                              count: RuleFigure(exact: 1),
                                              detail: "\(capacity) -> \(capacity * 2) slots",
                                              bytesAllocated: tableBytes(capacity * 2)))
                    capacity *= 2
                }
            } else if trie.grows.mean > 0 {
                growths.append(RuleGrowth(kind: "table-grow", atEntry: firstGrowth { $0.grows },
                                          count: Self.figure(trie.grows),
                                          detail: "tables of \(trie.startCapacity) slots double",
                                          bytesAllocated: tableBytes(2 * trie.startCapacity)))
            }
            if trie.splits.mean > 0 {
                growths.append(RuleGrowth(kind: "table-split", atEntry: firstGrowth { $0.splits },
                                          count: Self.splitsFigure(trie),
                                          detail: "a full table of 1024 slots becomes two",
                                          bytesAllocated: 2 * tableBytes(Self.maxTableCapacity)))
                growths.append(RuleGrowth(
                    kind: "directory-grow", atEntry: firstGrowth { $0.splits },
                    count: RuleFigure(min: trie.directoryLow - trie.depth, max: trie.directoryHigh - trie.depth,
                                      expected: trie.directoryDepth - Double(trie.depth)),
                    detail: "directory doubles, to "
                        + (lengthLow == lengthHigh ? "\(lengthLow)" : "\(lengthLow)-\(lengthHigh)"),
                    bytesAllocated: Self.directoryBytes(depth: trie.directoryHigh)))
            }
            peak = peakBytes(trie: trie, bytes: bytes, growths: count)
        }
        let slots = groupsValue * Self.smallSlots
        let slot = g.keySlot + g.valueSlot
        let key = entries * g.keySlot, value = entries * g.valueSlot
        let control = groupsValue * 8
        let padding = groupsValue * (g.groupSize - 8 - Self.smallSlots * slot)
        let slack = (slots - entries) * slot
        let indirect = entries * g.boxBytesPerEntry
        let split = MapByteSplit(key: key, value: value, padding: padding, control: control, slack: slack,
                                 overflow: 0, indirect: indirect,
                                 structure: bytes.value - key - value - padding - control - slack - indirect)
        let noGrowth = noGrowthHint()
        return MapSizePrediction(
            generation: .swiss, entries: entries, hint: hint, mapBytes: bytes, structure: structure,
            growths: growths, growthCount: count, peakBytes: peak, split: split,
            nextGrowthAt: nextGrowth(count), lastGrowthAt: count.max == 0 ? nil : lastGrowth(count),
            noGrowthHint: noGrowth,
            noGrowthHintBytes: SwissRules(geometry: geometry, entries: entries, hint: noGrowth).mapBytes())
    }

    /// Where the first growth of one kind happens (exact when the hash does not decide).
    func firstGrowth(_ figure: (Trie) -> Tally) -> RuleFigure {
        func of(_ n: Int) -> RuleFigure {
            let rules = SwissRules(geometry: geometry, entries: n, hint: hint)
            guard case .tables(let trie) = rules.state else { return RuleFigure(exact: 0) }
            return Self.figure(figure(trie))
        }
        let possible = Self.firstWhere(after: 0, upTo: entries) { of($0).max >= 1 } ?? entries
        let certain = Self.firstWhere(after: 0, upTo: entries) { of($0).min >= 1 } ?? entries
        let low = Swift.min(possible, certain)
        return RuleFigure(min: low, max: Swift.max(low, certain), expected: Double(low + certain) / 2)
    }

    /// The bytes at the peak of the last growth: the map then, plus the table it replaced (and the
    /// old directory, when a split doubled it).
    func peakBytes(trie: Trie, bytes: RuleFigure, growths: RuleFigure) -> RuleFigure? {
        if growths.max == 0 { return nil }
        if trie.depth == 0 && entries <= Self.maxTableLoad && hintShape == nil {
            // One table, grown at fixed counts: it replaced the small group or a table of half its size.
            var capacity = trie.startCapacity
            while entries > Self.growthLimit(capacity) { capacity *= 2 }
            let replaced = capacity == 2 * Self.smallSlots ? smallGroupBytes : tableBytes(capacity / 2)
            return bytes + replaced
        }
        // The last growth replaced a table of the start capacity at the least (an unsized map past
        // 896 entries: a full table of 1024, split), and a full table plus the old directory at most.
        let smallest = tableBytes(hintShape == nil ? Self.maxTableCapacity : trie.startCapacity)
        let largest = tableBytes(Self.maxTableCapacity)
            + (trie.directoryHigh > trie.depth ? Self.directoryBytes(depth: trie.directoryHigh - 1) : 0)
        let low = growths.min == 0 ? bytes.min : bytes.min + smallest
        return RuleFigure(min: low, max: bytes.max + largest, expected: bytes.expected + Double(tableBytes(1024)))
    }

    /// The entry count whose insert starts the next growth: a range when the hash decides.
    func nextGrowth(_ now: RuleFigure) -> RuleFigure? {
        if hintShape == nil && entries <= Self.smallSlots { return RuleFigure(exact: Self.smallSlots + 1) }
        let limit = MapRules.maximumEntries
        guard let possible = Self.firstWhere(after: entries, upTo: limit, { growthCount(at: $0).max > now.min })
        else { return nil }
        let certain = Self.firstWhere(after: entries, upTo: limit) { growthCount(at: $0).min > now.max } ?? possible
        return RuleFigure(min: possible, max: Swift.max(possible, certain), expected: Double(possible + certain) / 2)
    }

    /// The entry count whose insert started the last growth: a range when the hash decides.
    func lastGrowth(_ now: RuleFigure) -> RuleFigure {
        // Before `low` the map certainly had fewer growths than it has now, so one came later; from
        // `high` on it certainly had all it has now, so none came later.
        let beforeLow = Self.firstWhere(after: 0, upTo: entries) { growthCount(at: $0).max >= now.min } ?? entries
        let high = Self.firstWhere(after: 0, upTo: entries) { growthCount(at: $0).min >= now.max } ?? entries
        let low = Swift.min(beforeLow, high)
        return RuleFigure(min: low, max: high, expected: Double(low + high) / 2)
    }

    /// The smallest hint whose map reaches N entries without any growth (with every other outcome
    /// below `improbable`): shapes in the order hints reach them, the first that never grows.
    func noGrowthHint() -> Int {
        if entries <= Self.smallSlots { return 0 }
        var candidates: [(depth: Int, capacity: Int)] = []
        var capacity = 2 * Self.smallSlots
        while capacity <= Self.maxTableCapacity {
            candidates.append((0, capacity))
            capacity *= 2
        }
        for depth in 1..<48 {
            candidates.append((depth, Self.maxTableCapacity / 2))
            candidates.append((depth, Self.maxTableCapacity))
        }
        for shape in candidates where prefixAbove(Self.growthLimit(shape.capacity), depth: shape.depth) == 0 {
            if let hint = smallestHint(for: shape) { return hint }
        }
        return entries
    }

    /// The smallest hint NewMap turns into `shape`, or nil when none does.
    func smallestHint(for shape: (depth: Int, capacity: Int)) -> Int? {
        func order(_ h: Int) -> (Int, Int) {
            guard let s = Self.shape(forHint: h, groupSize: geometry.groupSize) else { return (Int.max, Int.max) }
            return (s.depth, s.capacity)
        }
        let target = (shape.depth, shape.capacity)
        guard let first = Self.firstWhere(after: Self.smallSlots, upTo: 1 << 47, { order($0) >= target }) else {
            return nil
        }
        return order(first) == target ? first : nil
    }
}
