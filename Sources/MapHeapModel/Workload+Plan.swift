// Where a workload takes its regular samples.

extension Sampling {
    /// The insert counts at which to sample, ascending and distinct, from 0 (the empty map just
    /// after creation) to `total` (the end). Linear spacing divides 0...total evenly; log spacing
    /// spaces the points evenly in log(1 + keys), so small sizes get as many points as large ones.
    public func plan(total: Int) -> [Int] {
        precondition(total > 0 && points >= 2)
        var keys: [Int] = []
        keys.reserveCapacity(points)
        let last = Double(points - 1)
        for j in 0..<points {
            let fraction = Double(j) / last
            let x: Double
            switch spacing {
            case .linear: x = fraction * Double(total)
            case .log: x = (pow(Double(total) + 1, fraction) - 1)
            }
            keys.append(min(total, max(0, Int(x.rounded()))))
        }
        keys[keys.count - 1] = total
        var distinct: [Int] = []
        distinct.reserveCapacity(keys.count)
        for k in keys where distinct.last != k { distinct.append(k) }
        return distinct
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Workload {
    /// Insert operations the workload performs: N, plus N/2 per churn round.
    public var totalInserts: Int {
        ops == .churn ? keys + rounds * (keys / 2) : keys
    }

    /// Delete operations the workload performs: N/2 per churn round.
    public var totalDeletes: Int {
        ops == .churn ? rounds * (keys / 2) : 0
    }

}
