/// A metric's history reduced to one value per run, written as a key wherever a key is accepted:
/// `min/max/mean/first/last/count(history.KEY)`, `argmin/argmax(history.KEY)` (the step),
/// `at(history.KEY, STEP)` and `last(history.KEY, K)` (the mean of the last k points).
///
/// Rules (docs/queries.md, "Reductions of a history"): points are taken in step order (then
/// timestamp, then the store's order); every point counts, duplicated steps included. NaN
/// propagates as in numpy: `min`, `max` and `mean` of a history holding a NaN are NaN, and
/// `argmin`/`argmax` give the step of its first NaN; ±inf are ordinary numbers. `last` is
/// MLflow's latest value (the same as `metrics.KEY`), `at` the latest point at that step (missing
/// when none), `first` the first point's value. An empty history has `count` 0 and no other value.
///
/// ```swift
/// let best = FieldKey("max(history.val.acc)").reduction   // HistoryReduction(.max)
/// best?.reduce(points)                                    // .double(0.93)
/// ```
public struct HistoryReduction: Sendable, Hashable, CustomStringConvertible {
    /// The reducing function.
    public enum Function: String, Sendable, Hashable, CaseIterable {
        case min, max, mean, first, last, count, argmin, argmax, at
    }

    public var function: Function
    /// `at`'s step, `last`'s k (nil for plain `last`).
    public var argument: Int64?

    /// A reduction; `at` needs its step and `last(…, K)` a k ≥ 1.
    public init(_ function: Function, _ argument: Int64? = nil) {
        self.function = function
        self.argument = argument
    }

    /// `max`, or `at(…, 10)`'s `at` with its argument: the reduction around `key` as text.
    public func written(around key: String) -> String {
        function.rawValue + "(" + key + (argument.map { ", \($0)" } ?? "") + ")"
    }

    public var description: String { written(around: "history.KEY") }

    /// The one value of `points` (a run's history of one metric, in any order), or nil when
    /// there is none (an empty history; `at` a step never logged).
    ///
    /// ```swift
    /// HistoryReduction(.argmin).reduce(points)   // .int(12): the step of the smallest value
    /// ```
    public func reduce(_ points: [MetricPoint]) -> ConfigValue? {
        guard !points.isEmpty || function == .count else { return nil }
        switch function {
        case .count: return .int(points.count)
        case .last where argument == nil: return MetricPoint.latest(of: points)?.typedValue
        case .at: return MetricPoint.latest(of: points.lazy.filter { $0.step == argument })?.typedValue
        case .first: return Self.ordered(points).first?.typedValue
        case .last:
            let tail = Self.ordered(points).suffix(Int(clamping: Swift.max(1, argument ?? 1)))
            return .double(Self.mean(tail.map(\.value)))
        case .mean: return .double(Self.mean(points.map(\.value)))
        case .min, .max:
            if points.contains(where: { $0.value.isNaN }) { return .double(.nan) }
            let values = points.lazy.map(\.value)
            return .double((function == .min ? values.min() : values.max()) ?? .nan)
        case .argmin, .argmax:
            var best: MetricPoint?
            for point in Self.ordered(points) {
                if point.value.isNaN { return .int(Int(point.step)) }
                guard let current = best else { best = point; continue }
                if function == .argmin ? point.value < current.value : point.value > current.value { best = point }
            }
            return best.map { .int(Int($0.step)) }
        }
    }

    /// The points in step order, then timestamp order (none first), then the store's order.
    static func ordered(_ points: [MetricPoint]) -> [MetricPoint] {
        points.indices.sorted { a, b in
            let (l, r) = (points[a], points[b])
            if l.step != r.step { return l.step < r.step }
            let (lt, rt) = (l.timestamp ?? .min, r.timestamp ?? .min)
            return lt != rt ? lt < rt : a < b
        }.map { points[$0] }
    }

    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// Reads `function(KEY)` or `function(KEY, N)`: the reduction and the text of KEY; nil when
    /// `text` is no call of a reduction (or its argument is malformed). KEY is not checked here.
    ///
    /// ```swift
    /// HistoryReduction.call("at(history.loss, 100)")   // (HistoryReduction(.at, 100), "history.loss")
    /// ```
    public static func call(_ text: String) -> (reduction: HistoryReduction, key: String)? {
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")"),
              let function = Function(rawValue: trimmed(text[..<open])) else { return nil }
        let inside = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        var key = trimmed(inside[...])
        var argument: Int64?
        if let comma = lastTopLevelComma(in: inside) {
            guard let number = Int64(trimmed(inside[inside.index(after: comma)...])) else { return nil }
            argument = number
            key = trimmed(inside[..<comma])
        }
        let reduction = HistoryReduction(function, argument)
        guard !key.isEmpty, reduction.isWellFormed else { return nil }
        return (reduction, key)
    }

    /// `at` has its step, `last` at most a k ≥ 1, the others no argument.
    public var isWellFormed: Bool {
        switch function {
        case .at: return argument != nil
        case .last: return argument.map { $0 >= 1 } ?? true
        default: return argument == nil
        }
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// The last comma outside backticks and double quotes.
    private static func lastTopLevelComma(in text: String) -> String.Index? {
        var quote: Character?
        var found: String.Index?
        for index in text.indices {
            let c = text[index]
            if let open = quote { if c == open { quote = nil } } else if c == "`" || c == "\"" { quote = c } else if c == "," { found = index }
        }
        return found
    }
}
