import RunKitModel

/// What reading a store through its index gave: every run of the store (all experiments,
/// deleted runs too) in the store's natural order, the warnings met, and how much was reused.
///
/// ```swift
/// let refresh = try IndexedStore(store).refresh()
/// print("\(refresh.reused) runs from the index, \(refresh.read) read from the store")
/// let result = refresh.selected(LoadOptions(experiments: .name("train")))
/// ```
public struct IndexRefresh: Sendable {
    /// One run or skipped run folder, with the warnings it gave.
    struct Unit: Sendable {
        var run: Run?
        var warnings: [LoadWarning] = []
        /// For a unit without a run: whether `options` would have read it (its experiment
        /// selected, its name wanted).
        var readBy: @Sendable (LoadOptions) -> Bool = { _ in true }
    }

    /// Every run and skipped unit, in the order the store reads them (its warnings' order).
    var units: [Unit]
    /// Every run, in the store's natural order.
    public internal(set) var runs: [Run]
    /// Warnings about the store itself (an unreadable experiment), always reported.
    var storeWarnings: [LoadWarning] = []
    /// Runs taken from the index unchanged.
    public internal(set) var reused = 0
    /// Runs (or run folders) read from the store: new, changed, or not indexable.
    public internal(set) var read = 0
    /// Index entries dropped because their run left the store.
    public internal(set) var removed = 0
    /// MLflow SQLite: true when the tables were queried (the database or a config changed since
    /// the index was written); false when every run came from the index.
    public internal(set) var queriedDatabase = false
    /// The index file; nil when the index could not be used and the store was loaded in full.
    public internal(set) var indexPath: String?

    /// The runs and warnings a plain `loadRuns(options)` gives.
    public func selected(_ options: LoadOptions) -> LoadResult {
        var result = LoadResult(runs: runs.filter { Self.selects($0, options) }, warnings: storeWarnings)
        for unit in units where !unit.warnings.isEmpty {
            let wanted = unit.run.map { Self.selects($0, options) } ?? unit.readBy(options)
            if wanted { result.warnings += unit.warnings }
        }
        return result
    }

    /// True when `options` select `run`: its experiment, lifecycle stage and id.
    static func selects(_ run: Run, _ options: LoadOptions) -> Bool {
        guard options.experiments.matches(run.info.experimentName),
              options.view.includes(lifecycleStage: run.info.lifecycleStage) else { return false }
        guard let wanted = options.runIDs else { return true }
        if wanted.contains(run.info.runID) { return true }
        let folder = run.info.runDirectory.map { String($0.split(separator: "/").last ?? "") }
        return folder.map(wanted.contains) ?? false
    }
}
