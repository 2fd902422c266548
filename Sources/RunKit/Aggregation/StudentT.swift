import Foundation

/// Student's t distribution: its CDF (through the regularized incomplete beta function) and its
/// quantiles, exact to about 1e-12 for every number of degrees of freedom — a small group of
/// seeds (n = 2, 3, 5) needs the exact t, not the normal 1.96.
///
/// ```swift
/// StudentT.quantile(0.975, degreesOfFreedom: 4)   // 2.7764451051977987
/// ```
enum StudentT {
    /// P(T ≤ t) for `degreesOfFreedom` ν > 0.
    static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let x = nu / (nu + t * t)
        let tail = 0.5 * regularizedBeta(x, nu / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The t with `cdf(t) == p`, by bisection on the CDF (monotone), to full double precision.
    static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard p > 0, p < 1, nu > 0 else { return .nan }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: nu) }
        var (low, high) = (0.0, 1.0)
        while cdf(high, degreesOfFreedom: nu) < p { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if cdf(middle, degreesOfFreedom: nu) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// The half-width of the 95 % confidence interval of the mean of `numbers`:
    /// t(0.975, n − 1) · s / √n; NaN for fewer than two values (or a NaN among them).
    static func halfWidth95(_ numbers: [Double]) -> Double {
        guard numbers.count > 1 else { return .nan }
        let n = Double(numbers.count)
        return quantile(0.975, degreesOfFreedom: n - 1) * Statistic.standardDeviation(numbers) / n.squareRoot()
    }

    /// I_x(a, b), by the continued fraction (Numerical Recipes' betacf, Lentz's method).
    private static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d; if abs(d) < tiny { d = tiny }
            c = 1 + even / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d; if abs(d) < tiny { d = tiny }
            c = 1 + odd / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-16 { break }
        }
        return h
    }
}
