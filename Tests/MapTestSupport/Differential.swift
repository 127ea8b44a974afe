// A map core against Swift's Dictionary: the random-operation runner and delete-heavy churn
// both cores are checked with, and the comparison of a whole map with a Dictionary. They drive
// the cores through their public surface, MapCore's GoMapModel (its derived methods included).
import MapCore
import XCTest

/// Weights of the random operations (out of their sum).
public struct OpMix {
    public var insert = 40
    public var delete = 25
    public var lookup = 30
    /// Clears per 100_000 operations.
    public var clear = 0

    /// A mix of the given weights.
    public init(insert: Int = 40, delete: Int = 25, lookup: Int = 30, clear: Int = 0) {
        self.insert = insert
        self.delete = delete
        self.lookup = lookup
        self.clear = clear
    }
}

/// Runs `ops` random operations on a new map of type `M` and a Dictionary with keys from
/// `0..<keySpace`, checks every result, and compares the whole contents every `verifyEvery`
/// operations. The map is `make(hint, seed)` when given (a map with a shape, say), else
/// `M(hint:seed:)`. Returns the map (for callers that check its stats).
@discardableResult
public func runDifferential<M: GoMapModel>(
    _ type: M.Type, _ name: String, seed: UInt64, ops: Int, keySpace: Int, hint: Int = 0, mix: OpMix = OpMix(),
    verifyEvery: Int = 2_000, invariantsEvery: Int = 5_000, make: ((_ hint: Int, _ seed: UInt64) -> M)? = nil,
    key: (Int) -> M.Key, value: (Int) -> M.Value, file: StaticString = #filePath, line: UInt = #line
) -> M where M.Value: Equatable {
    var rng = SplitMix64(seed: seed)
    let map = make?(hint, seed) ?? M(hint: hint, seed: seed)
    var dict = [M.Key: M.Value]()
    let total = mix.insert + mix.delete + mix.lookup
    for op in 0..<ops {
        let context = "\(name) seed \(seed) op \(op)"
        if mix.clear > 0 && rng.below(100_000) < mix.clear {
            map.removeAll()
            dict.removeAll()
            XCTAssertEqual(map.count, 0, context, file: file, line: line)
            continue
        }
        let k = rng.below(keySpace)
        let roll = rng.below(total)
        if roll < mix.insert {
            let v = value(rng.below(1 << 30))
            let old: M.Value?
            if rng.below(2) == 0 {
                old = map.updateValue(v, forKey: key(k))
            } else {
                old = map[key(k)]
                map[key(k)] = v
            }
            let expected = dict.updateValue(v, forKey: key(k))
            if old != expected { XCTFail("insert returned a wrong old value; \(context)", file: file, line: line) }
        } else if roll < mix.insert + mix.delete {
            let removed: M.Value?
            if rng.below(4) == 0 {
                removed = map[key(k)]
                map[key(k)] = nil
            } else {
                removed = map.removeValue(forKey: key(k))
            }
            let expected = dict.removeValue(forKey: key(k))
            if removed != expected { XCTFail("delete returned a wrong value; \(context)", file: file, line: line) }
        } else {
            let found = map[key(k)]
            if found != dict[key(k)] || map.contains(key(k)) != (found != nil) {
                XCTFail("lookup differs; \(context)", file: file, line: line)
            }
        }
        if map.count != dict.count {
            XCTFail("count \(map.count) != \(dict.count); \(context)", file: file, line: line)
            break
        }
        if op % verifyEvery == verifyEvery - 1 { assertSameContents(map, dict, context, file: file, line: line) }
        if op % invariantsEvery == invariantsEvery - 1 { map.checkInvariants() }
    }
    assertSameContents(map, dict, "\(name) seed \(seed) end", file: file, line: line)
    map.checkInvariants()
    return map
}

/// Delete-heavy churn (see ChurnSchedule) on `map`, checked against a Dictionary. The caller
/// creates the map (and sets any observer it wants).
public func runChurnDifferential<M: GoMapModel>(
    _ map: M, _ name: String, seed: UInt64, ops: Int, window: Int, verifyEvery: Int = 1_000,
    key: (Int) -> M.Key, value: (Int) -> M.Value, file: StaticString = #filePath, line: UInt = #line
) where M.Value: Equatable {
    var rng = SplitMix64(seed: seed)
    var dict = [M.Key: M.Value]()
    var schedule = ChurnSchedule(window: window, seed: seed)
    for op in 0..<ops {
        let context = "\(name) seed \(seed) op \(op)"
        let v = value(rng.below(1 << 30))
        let k = schedule.insertKey()
        if map.updateValue(v, forKey: key(k)) != nil { XCTFail("new key found; \(context)", file: file, line: line) }
        dict[key(k)] = v
        if let victim = schedule.deleteKey() {
            let removed = map.removeValue(forKey: key(victim))
            if removed == nil || removed != dict.removeValue(forKey: key(victim)) {
                XCTFail("delete returned a wrong value; \(context)", file: file, line: line)
            }
        }
        if map.count != dict.count {
            XCTFail("count \(map.count) != \(dict.count); \(context)", file: file, line: line)
            break
        }
        if op % verifyEvery == verifyEvery - 1 {
            assertSameContents(map, dict, context, file: file, line: line)
            map.checkInvariants()
        }
    }
    assertSameContents(map, dict, "\(name) seed \(seed) end", file: file, line: line)
    map.checkInvariants()
}

/// Asserts that `map` holds exactly `expected`: same count, iteration yields every key exactly
/// once with its value, every lookup agrees.
public func assertSameContents<M: GoMapModel>(
    _ map: M, _ expected: [M.Key: M.Value], _ context: @autoclosure () -> String,
    file: StaticString = #filePath, line: UInt = #line
) where M.Value: Equatable {
    XCTAssertEqual(map.count, expected.count, "count; \(context())", file: file, line: line)
    XCTAssertEqual(map.isEmpty, expected.isEmpty, "isEmpty; \(context())", file: file, line: line)
    var seen = [M.Key: M.Value]()
    seen.reserveCapacity(expected.count)
    for (key, value) in map {
        guard seen.updateValue(value, forKey: key) == nil else {
            XCTFail("iteration yielded \(key) twice; \(context())", file: file, line: line)
            return
        }
        guard let want = expected[key] else {
            XCTFail("iteration yielded \(key), not in the Dictionary; \(context())", file: file, line: line)
            return
        }
        if want != value {
            XCTFail("iteration value for \(key) differs; \(context())", file: file, line: line)
            return
        }
    }
    XCTAssertEqual(seen.count, expected.count, "iteration count; \(context())", file: file, line: line)
    // `keys` and `values` follow iteration order, pair by pair.
    var pairs = map.makeIterator()
    for (key, value) in zip(map.keys, map.values) {
        guard let pair = pairs.next(), pair.key == key, expected[key] == value else {
            XCTFail("keys and values differ from iteration; \(context())", file: file, line: line)
            return
        }
    }
    XCTAssertNil(pairs.next(), "keys and values end with iteration; \(context())", file: file, line: line)
    for (key, value) in expected {
        guard map.value(forKey: key) == value, map.contains(key) else {
            XCTFail("lookup of \(key) differs; \(context())", file: file, line: line)
            return
        }
    }
}

/// Delete-heavy churn's key schedule: always-new keys, and once `window` keys are live, one
/// deletion per insertion of a random key among the oldest half of the live ones. Count stays
/// at `window` while deletes leave holes all over the table (GoMap's chains and overflow
/// buckets accumulate; SwissMap's full groups collect tombstones), which is what forces GoMap's
/// same-size growth and SwissMap's tombstone pruning.
public struct ChurnSchedule {
    /// Live keys kept once the schedule is warm.
    public let window: Int
    /// The next new key.
    public private(set) var next = 0
    private var live: [Int] = []
    private var rng: SplitMix64

    /// A schedule keeping `window` keys live, its deletions drawn from `seed`.
    public init(window: Int, seed: UInt64) {
        self.window = window
        rng = SplitMix64(seed: seed)
    }

    /// The key to insert now.
    public mutating func insertKey() -> Int {
        defer { next += 1 }
        live.append(next)
        return next
    }

    /// The key to delete now (a live one), or nil while fewer than `window + 1` are live.
    public mutating func deleteKey() -> Int? {
        guard live.count > window else { return nil }
        return live.remove(at: rng.below(max(1, window / 2)))
    }
}
