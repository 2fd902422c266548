/// A collection of runs: HydraFlow's `RunCollection`, an `ItemCollection` whose keys are looked up
/// with `Run.value(for:)` (config first, then metrics, params, tags and info; `__` for `.`).
///
/// ```swift
/// let runs = RunCollection(try store.loadRuns(LoadOptions()).runs)
/// let best = try runs.filter(["model.type": "cnn"]).sorted(by: "metrics.val/acc", reverse: true).first()
/// for group in try runs.grouped(by: "model.type") { print(group.values, try group.items.doubles(of: "metrics.loss")) }
/// ```
public typealias RunCollection = ItemCollection<Run>

extension ItemCollection where Element == Run {
    /// Makes a collection of runs, in the order given.
    ///
    /// ```swift
    /// let runs = RunCollection([run1, run2])
    /// runs.count   // 2
    /// ```
    public init<S: Sequence>(_ runs: S) where S.Element == Run {
        self.init(storage: ArraySlice(runs), fieldNames: { $0.fieldNames() }, lookup: { $0.value(for: $1) },
                  columnSource: RunColumnSource())
    }
}
