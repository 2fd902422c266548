import Foundation

extension Statistic {
    /// The statistic over one group's values of a key (nil where a run lacks it), and, for curves,
    /// the shortest and longest length seen. Throws `typeMismatch` ("'cnn' is not a number") for a
    /// value a numeric statistic cannot use; the caller names the aggregation and the group.
    func compute(_ values: [ConfigValue?], alignment: CurveAlignment) throws -> (value: ConfigValue, lengths: (Int, Int)?) {
        let present = values.compactMap { value -> ConfigValue? in
            guard let value, !value.isNull else { return nil }
            return value
        }
        switch self {
        case .list: return (.list(values.map { $0 ?? .null }), nil)
        case .first: return (present.first ?? .null, nil)
        case .last: return (present.last ?? .null, nil)
        case .uniqueCount: return (.int(Self.distinctCount(present)), nil)
        default: break
        }
        guard present.contains(where: { $0.listValue != nil }) else { return (try scalar(present), nil) }
        let curves = try present.map { value in
            guard let list = value.listValue else {
                throw RunKitError(.typeMismatch, "\(JSONWriter.string(value)) is not a list while other runs of the group have lists")
            }
            return list
        }
        let lengths = curves.map(\.count)
        let (shortest, longest) = (lengths.min() ?? 0, lengths.max() ?? 0)
        if alignment == .equal, shortest != longest {
            throw RunKitError(.typeMismatch, "the curves have different lengths (\(shortest) to \(longest)); align them with --align longest or shortest")
        }
        let length = alignment == .shortest ? shortest : longest
        let result = try (0..<length).map { step in
            try scalar(curves.compactMap { curve in
                guard step < curve.count, !curve[step].isNull else { return nil }
                return curve[step]
            })
        }
        return (.list(result), (shortest, longest))
    }

    /// The statistic over present (non-null) scalar values.
    private func scalar(_ present: [ConfigValue]) throws -> ConfigValue {
        if case .count = self { return .int(present.count) }
        if case .min = self, !present.allSatisfy(\.isNumeric) { return present.min(by: ConfigValue.sortsBefore) ?? .null }
        if case .max = self, !present.allSatisfy(\.isNumeric) { return present.max(by: ConfigValue.sortsBefore) ?? .null }
        let numbers = try present.map { value in
            guard let number = value.doubleValue else { throw RunKitError(.typeMismatch, "\(JSONWriter.string(value)) is not a number") }
            return number
        }
        let allInts = present.allSatisfy { if case .int = $0 { true } else { false } }
        switch self {
        case .sum:
            if allInts { return .int(present.reduce(0) { $0 &+ ($1.intValue ?? 0) }) }
            return .double(Self.sum(numbers))
        case .min, .max:
            guard !numbers.isEmpty else { return .null }
            if numbers.contains(where: \.isNaN) { return .double(.nan) }
            let pick = { (candidates: [ConfigValue]) -> ConfigValue in
                if case .min = self { return candidates.min(by: ConfigValue.sortsBefore)! }
                return candidates.max(by: ConfigValue.sortsBefore)!
            }
            return allInts ? pick(present) : .double(pick(numbers.map(ConfigValue.double)).doubleValue!)
        default:
            break
        }
        guard !numbers.isEmpty else { return .null }
        switch self {
        case .mean: return .double(Self.sum(numbers) / Double(numbers.count))
        case .std: return .double(Self.standardDeviation(numbers))
        case .sem: return .double(Self.standardDeviation(numbers) / Double(numbers.count).squareRoot())
        case .ci95: return .double(StudentT.halfWidth95(numbers))
        case .median: return .double(Self.quantile(numbers, 0.5))
        case .quantile(let q): return .double(Self.quantile(numbers, q))
        default: return .null
        }
    }

    /// Summed one after the other, in the group's order (as numpy's `mean(axis=0)` sums rows).
    static func sum(_ numbers: [Double]) -> Double {
        var total = 0.0
        for number in numbers { total += number }
        return total
    }

    /// The sample standard deviation (ddof 1), two-pass; NaN for one value.
    static func standardDeviation(_ numbers: [Double]) -> Double {
        guard numbers.count > 1 else { return .nan }
        let mean = sum(numbers) / Double(numbers.count)
        var squares = 0.0
        for number in numbers { squares += (number - mean) * (number - mean) }
        return (squares / Double(numbers.count - 1)).squareRoot()
    }

    /// numpy's default (linear) quantile; NaN when any value is NaN.
    static func quantile(_ numbers: [Double], _ q: Double) -> Double {
        if numbers.contains(where: \.isNaN) { return .nan }
        let sorted = numbers.sorted()
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = Swift.min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        if fraction == 0 { return sorted[below] }
        return sorted[below] + fraction * (sorted[above] - sorted[below])
    }

    /// The number of distinct values: `10` and `10.0` are one, all NaNs are one.
    static func distinctCount(_ values: [ConfigValue]) -> Int {
        // Scalars numbered as grouping numbers them (the same equality; all NaNs one value).
        if let numbered = GroupingKey.numberScalars(values.map(Optional.some)) { return numbered.distinct }
        var seen = Set<ConfigValue>()
        var sawNaN = false
        for value in values {
            if let number = value.doubleValue, number.isNaN { sawNaN = true } else { seen.insert(value) }
        }
        return seen.count + (sawNaN ? 1 : 0)
    }
}

private extension ConfigValue {
    /// An int, double or bool.
    var isNumeric: Bool { doubleValue != nil }
}
