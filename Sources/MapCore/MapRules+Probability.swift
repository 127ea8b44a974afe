// Binomial arithmetic for the ranges of MapRules: with uniformly random hashes, the number of a map's
// N keys that fall into one bucket (classic, 2^B buckets) or one directory prefix (Swiss, depth d)
// is Binomial(N, 2^-B) or Binomial(N, 2^-d). Terms are summed in log space from a recurrence, so
// N up to 2^48 costs a few hundred steps.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Binomial(n, p) distribution, evaluated term by term.
struct Binomial {
    /// Trials.
    let n: Int
    /// Success probability of each.
    let p: Double

    /// log P(X = 0).
    private var logFirst: Double { Double(n) * log1p(-p) }

    /// log(p / (1 - p)).
    private var logOdds: Double { log(p) - log1p(-p) }

    /// P(X <= k).
    func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= n || p <= 0 { return 1 }
        if p >= 1 { return 0 }
        // Sum log terms 0...k with a running maximum (log-sum-exp).
        var term = logFirst
        var maximum = term
        var sum = 1.0
        let odds = logOdds
        var j = 0
        while j < k {
            term += log(Double(n - j) / Double(j + 1)) + odds
            j += 1
            if term > maximum {
                sum = sum * exp(maximum - term) + 1
                maximum = term
            } else {
                sum += exp(term - maximum)
            }
        }
        return Swift.min(1, exp(maximum + log(sum)))
    }

    /// P(X > k), computed without cancellation when it is small.
    func tail(above k: Int) -> Double {
        if k < 0 { return 1 }
        if k >= n || p <= 0 { return 0 }
        if p >= 1 { return 1 }
        let mean = Double(n) * p
        // Below the mean the upper tail is large: 1 - cdf loses nothing that matters.
        if Double(k) < mean { return Swift.max(0, 1 - cdf(k)) }
        // Above the mean: sum terms k+1, k+2, ... until they vanish.
        var term = logTerm(k + 1)
        let maximum = term
        var sum = 1.0
        var j = k + 1
        let odds = logOdds
        while j < n {
            term += log(Double(n - j) / Double(j + 1)) + odds
            j += 1
            if term < maximum - 50 { break }
            sum += exp(term - maximum)
        }
        return Swift.min(1, exp(maximum + log(sum)))
    }

    /// log P(X = k).
    func logTerm(_ k: Int) -> Double {
        lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
            + Double(k) * log(p) + Double(n - k) * log1p(-p)
    }

    /// E[f(X)] and Var[f(X)] for a function of small arguments: terms from 0 while they matter.
    /// For n·p of at most a few hundred (classic bucket loads).
    func moments(_ f: (Int) -> Double) -> (mean: Double, variance: Double) {
        if p >= 1 { return (f(n), 0) }
        var logP = logFirst
        var mean = 0.0
        var square = 0.0
        let odds = logOdds
        let center = Double(n) * p
        var k = 0
        while true {
            let probability = exp(logP)
            let value = f(k)
            mean += probability * value
            square += probability * value * value
            if k >= n || (Double(k) > center && probability < 1e-18) { break }
            logP += log(Double(n - k) / Double(k + 1)) + odds
            k += 1
        }
        return (mean, Swift.max(0, square - mean * mean))
    }
}

extension MapRules {
    /// A probability rounded to certainty: 0 below `improbable / count`, 1 above `1 - improbable / count`
    /// (`count` independent-ish chances to happen), else itself.
    static func settled(_ probability: Double, chances count: Double) -> Double {
        let threshold = improbable / Swift.max(count, 1)
        if probability < threshold { return 0 }
        if 1 - probability < threshold { return 1 }
        return probability
    }

    /// A range of integers around `mean` with standard deviation at most `sd`, clipped to `[low, high]`.
    static func integerRange(mean: Double, sd: Double, low: Int, high: Int) -> RuleFigure {
        if sd == 0 && mean == mean.rounded() {
            let value = Swift.min(Swift.max(Int(mean), low), high)
            return RuleFigure(exact: value)
        }
        let lower = Swift.max(low, Int((mean - sigmas * sd).rounded(.down)))
        let upper = Swift.min(high, Swift.max(lower, Int((mean + sigmas * sd).rounded(.up))))
        return RuleFigure(min: lower, max: upper, expected: mean)
    }
}
