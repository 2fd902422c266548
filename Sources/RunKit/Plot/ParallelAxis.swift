/// One vertical axis of a `ParallelPlot`: a key with its runs' values, drawn as numbers (linear or
/// log) or as categories (evenly spaced, in order of their values).
///
/// ```swift
/// let lr = ParallelAxis(key: "optimizer.lr", values: [.double(0.1), .double(0.001)])   // numeric, log (a 100× span)
/// ```
public struct ParallelAxis: Sendable {
    /// The key, the axis's label.
    public var key: String
    /// One value per run (nil: the run lacks it, and its line skips this axis).
    public var values: [ConfigValue?]
    /// Categories, in order, for a categorical axis; nil for a numeric one.
    public var categories: [ConfigValue]?
    /// Linear or log, for a numeric axis.
    public var scale: PlotScale.Kind

    /// An axis typed from its values: numeric when every present value is an int or a double
    /// (not a bool), categorical otherwise; log when `log` says so, or, for nil, when every value
    /// is positive and the largest is at least 100 times the smallest.
    public init(key: String, values: [ConfigValue?], log: Bool? = nil) {
        self.key = key
        self.values = values
        let present = values.compactMap { $0 }.filter { !$0.isNull }
        let numbers = present.compactMap { value -> Double? in
            switch value {
            case .int, .double: return value.doubleValue
            default: return nil
            }
        }
        if numbers.count == present.count {
            categories = nil
            let finite = numbers.filter(\.isFinite)
            let positive = !finite.isEmpty && finite.allSatisfy { $0 > 0 }
            let wide = positive && (finite.max() ?? 1) >= 100 * (finite.min() ?? 1)
            scale = (log ?? wide) && positive ? .log : .linear
        } else {
            var seen: [ConfigValue] = []
            for value in present where !seen.contains(where: { ConfigValue.compare($0, value) == 0 }) { seen.append(value) }
            categories = PlotLabel.sortedIndices(seen.map { [$0] }).map { seen[$0] }
            scale = .linear
        }
    }

    /// Where run `index` meets the axis, from 0 (bottom) to 1 (top); nil when it lacks the value
    /// (or it cannot be drawn: NaN, or not positive on a log axis).
    func fraction(_ index: Int, numeric: PlotScale?) -> Double? {
        guard let value = values[index], !value.isNull else { return nil }
        if let categories {
            guard let position = categories.firstIndex(where: { ConfigValue.compare($0, value) == 0 }) else { return nil }
            return categories.count == 1 ? 0.5 : Double(position) / Double(categories.count - 1)
        }
        guard let numeric, let number = value.doubleValue else { return nil }
        let fraction = numeric(number)
        return fraction.isFinite ? fraction : nil
    }
}
