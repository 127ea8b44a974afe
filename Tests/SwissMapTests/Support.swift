// SwissMap's test helpers: Go's rules restated independently of SwissMap's own code, so a wrong
// rule in SwissMap fails here.
@_exported import MapTestSupport
import MapCore
import XCTest
@testable import SwissMap

// MARK: Go's rules, restated for the tests

/// The shape NewMap gives a hint above 8: (directory length, table capacity).
func ruleShape(hint: Int) -> (directory: Int, capacity: Int)? {
    guard hint > 8 else { return nil }
    let target = hint * 8 / 7
    var directory = 1
    while directory * 1024 < target { directory *= 2 }
    var capacity = 8
    while capacity < target / directory { capacity *= 2 }
    return (directory, capacity)
}

/// Go's footprint of an object: MapCore's rounding, restated here only by name.
func goBytes(_ size: Int, pointers: Bool) -> Int {
    GoSizeClasses.footprint(size: size, hasPointers: pointers)
}

/// The sum of the Go-rounded blocks the map reports, plus its 48-byte header.
func goRoundedBlocks<K, V>(_ map: SwissMap<K, V>) -> Int {
    var total = goBytes(48, pointers: true)
    var seen = Set<UnsafeRawPointer>()
    map.forEachBlock { block, size, pointers in
        precondition(seen.insert(block).inserted, "forEachBlock reported a block twice")
        total += goBytes(size, pointers: pointers)
    }
    return total
}

/// Records a map's growth events.
final class EventLog {
    var events: [SwissMapGrowthEvent] = []
    func attach<K, V>(_ map: SwissMap<K, V>) { map.growthObserver = { [unowned self] in self.events.append($0) } }
    func of(_ kind: SwissMapGrowthKind) -> [SwissMapGrowthEvent] { events.filter { $0.kind == kind } }
}
