/// How the list values (curves, e.g. `history.train.loss`) of a group's runs are lined up when an
/// elementwise statistic (`mean(history.train.loss)`) meets curves of different lengths — a run
/// that was killed early, or one resumed from a checkpoint that logged some epochs twice.
/// Curves are aligned by position (the step index: the first value with the first).
///
/// ```swift
/// let table = try groups.aggregated([.mean("history.train.loss")], alignment: .shortest)
/// ```
public enum CurveAlignment: String, Sendable, Hashable, CaseIterable {
    /// As long as the longest curve; each step aggregates the runs that reached it (the default).
    /// The table's `notes` say which groups had curves of different lengths.
    case longest
    /// Cut to the shortest curve, so every step aggregates every run.
    case shortest
    /// Curves of different lengths are an error (`typeMismatch`), as MLXP's `aggregate` fails.
    case equal
}
