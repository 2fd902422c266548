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
    public var value: Double

    public init(step: Int64, timestamp: Int64?, value: Double) {
        self.step = step
        self.timestamp = timestamp
        self.value = value
    }

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
