import Foundation

/// Maps data values to pixels, linearly or logarithmically (base 10), and gives the ticks for
/// its axis. `range` may run backwards (a y axis: larger values higher up, smaller pixels).
///
/// ```swift
/// let y = PlotScale(.log, domain: 0.01...10, range: (400, 20))
/// y(1)          // 146.67: a third of the way up
/// y.ticks()     // [0.01, 0.1, 1, 10]
/// let x = PlotScale.nice(.linear, data: [0.3, 9.2], range: (60, 600))   // domain 0...10
/// ```
public struct PlotScale: Sendable, Hashable {
    /// Linear or base-10 logarithmic.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case linear, log
    }

    /// Linear or log.
    public var kind: Kind
    /// The data values at the two ends of the axis (positive for `log`).
    public var domain: ClosedRange<Double>
    /// The pixels of `domain.lowerBound` and `domain.upperBound`.
    public var range: (Double, Double)

    /// A scale; a `log` domain should be positive (see `nice(_:data:range:)`, which ensures it).
    public init(_ kind: Kind, domain: ClosedRange<Double>, range: (Double, Double)) {
        self.kind = kind
        self.domain = domain
        self.range = range
    }

    /// The pixel of `value` (values outside the domain land outside the range; a non-positive
    /// value on a log scale lands at `-infinity`, which callers clip).
    public func callAsFunction(_ value: Double) -> Double {
        let (low, high) = (transform(domain.lowerBound), transform(domain.upperBound))
        let fraction = high == low ? 0.5 : (transform(value) - low) / (high - low)
        return range.0 + fraction * (range.1 - range.0)
    }

    /// Round ticks inside the domain: 1, 2 or 5 × 10^k steps, about `count` of them (see `PlotTicks`).
    public func ticks(_ count: Int = 6) -> [Double] {
        kind == .log ? PlotTicks.logarithmic(domain.lowerBound, domain.upperBound)
                     : PlotTicks.linear(domain.lowerBound, domain.upperBound, count: count)
    }

    /// A scale whose domain covers `data` (non-finite values, and non-positive ones on a log
    /// scale, ignored), widened to round ticks on a linear scale and by a few percent on a log
    /// one. Nil when no value is usable.
    public static func nice(_ kind: Kind, data: [Double], range: (Double, Double), includeZero: Bool = false, count: Int = 6) -> PlotScale? {
        let usable = data.filter { $0.isFinite && (kind == .linear || $0 > 0) }
        guard var low = usable.min(), var high = usable.max() else { return nil }
        switch kind {
        case .linear:
            if includeZero { low = Swift.min(low, 0); high = Swift.max(high, 0) }
            if low == high {
                let pad = low == 0 ? 1 : abs(low) * 0.1
                low -= pad; high += pad
            }
            let step = PlotTicks.step(low, high, count: count)
            low = (low / step).rounded(.down) * step
            high = (high / step).rounded(.up) * step
        case .log:
            if low == high { low /= 2; high *= 2 }
            let pad = (log10(high) - log10(low)) * 0.04
            low = pow(10, log10(low) - pad)
            high = pow(10, log10(high) + pad)
        }
        return PlotScale(kind, domain: low...high, range: range)
    }

    private func transform(_ value: Double) -> Double {
        kind == .log ? (value > 0 ? log10(value) : -.infinity) : value
    }

    public static func == (lhs: PlotScale, rhs: PlotScale) -> Bool {
        lhs.kind == rhs.kind && lhs.domain == rhs.domain && lhs.range == rhs.range
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(domain)
        hasher.combine(range.0)
        hasher.combine(range.1)
    }
}
