/// Whether the best value is the smallest (a loss) or the largest (an accuracy).
///
/// ```swift
/// let table = try runs.best("mean(metrics.loss)", .minimize, per: ["model.type"], choosing: ["optimizer.lr"])
/// ```
public enum OptimizationGoal: String, Sendable, Hashable, CaseIterable {
    case minimize, maximize

    /// True when `score` beats `other` (NaN and missing never beat anything; ties keep the first).
    func prefers(_ score: Double?, over other: Double?) -> Bool {
        guard let score, !score.isNaN else { return false }
        guard let other, !other.isNaN else { return true }
        return self == .minimize ? score < other : score > other
    }
}
