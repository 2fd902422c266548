/// One logged value of a metric.
///
/// ```swift
/// let point = MetricPoint(step: 3, timestamp: 1_795_285_965_569, value: 0.25)
/// ```
public struct MetricPoint: Sendable, Hashable {
    /// The training step (MLflow's `step`; for stores without steps, the index of the point).
    public var step: Int64
    /// Milliseconds since the epoch, or nil where the store records no time.
    public var timestamp: Int64?
    /// The value as a number (NaN where the store logged something that is not a number).
    public var value: Double
    /// The value as the store wrote it, when that is not a plain double: an int (MLXP's
    /// `epoch`), a string (MLXP's `status_msg`), a list; nil for MLflow's doubles.
    public var raw: ConfigValue?

    public init(step: Int64, timestamp: Int64?, value: Double, raw: ConfigValue? = nil) {
        self.step = step
        self.timestamp = timestamp
        self.value = value
        self.raw = raw
    }

    /// A point for a value of any type: numbers keep their number, anything else is NaN with `raw` set.
    ///
    /// ```swift
    /// MetricPoint(step: 0, timestamp: nil, typed: .int(3)).value   // 3.0, raw .int(3)
    /// ```
    public init(step: Int64, timestamp: Int64?, typed: ConfigValue) {
        if case .double(let number) = typed {
            self.init(step: step, timestamp: timestamp, value: number)
        } else {
            self.init(step: step, timestamp: timestamp, value: typed.doubleValue ?? .nan, raw: typed)
        }
    }

    /// The value typed as the store wrote it (`raw`, else the double).
    public var typedValue: ConfigValue { raw ?? .double(value) }

    /// MLflow's rule for the latest value: the point with the largest (step, timestamp, value).
    /// Compared as Python compares tuples, so a NaN value never beats an equal (step, timestamp).
    public static func isLater(_ lhs: MetricPoint, than rhs: MetricPoint) -> Bool {
        if lhs.step != rhs.step { return lhs.step > rhs.step }
        let (lt, rt) = (lhs.timestamp ?? Int64.min, rhs.timestamp ?? Int64.min)
        if lt != rt { return lt > rt }
        return lhs.value > rhs.value
    }

    /// The latest point of a history by MLflow's rule (the first of equals wins, as Python's `max`),
    /// or nil for an empty history.
    public static func latest<S: Sequence>(of points: S) -> MetricPoint? where S.Element == MetricPoint {
        var best: MetricPoint?
        for point in points where best == nil || isLater(point, than: best!) { best = point }
        return best
    }
}
