import RunKitModel

/// What to load from a store.
///
/// ```swift
/// let options = LoadOptions(experiments: .names(["train"]), view: .all)
/// ```
public struct LoadOptions: Sendable {
    public var experiments: ExperimentSelection
    public var view: RunView
    /// When set, only these runs are loaded.
    public var runIDs: Set<String>?
    /// Read each loaded run's metric history with the run, in the same snapshot (MLflow SQLite:
    /// the same read transaction, so a store being written cannot give a history newer than the
    /// run's metrics). Otherwise a history is read when first asked for. Stores of files read
    /// histories when asked in any case.
    public var includesHistory: Bool
    /// When set, a store that can test it while reading (MLflow SQLite in its SQL, MLflow's file store per run folder) may leave out
    /// the runs outside it; others load every run. It is a superset of a query's matches, never
    /// the answer: the caller still filters with the query (see `QueryPlan`).
    package var bound: QueryBound?
    /// A store pushes `bound` only when it keeps under this fraction of a sample of the selected
    /// runs (MLflow SQLite: the first `MLflowSQLiteStore.pushdownSampleSize(forRuns:)` of them); above it, a
    /// narrowed load is slower than loading every run. `.infinity` always pushes.
    package var pushdownThreshold = MLflowSQLiteStore.pushdownThreshold
    /// The parts of each run to read (`RunProjection`; default: everything). A store that can
    /// read part of a run (MLflow SQLite) reads only these, so a run lacks what is left out (no
    /// config, no other params…); others read every run whole.
    package var projection = RunProjection.everything
    /// Whether a store that keeps what it fetched from a server between loads (an MLflow tracking
    /// server's runs, docs/remote.md) may start from what it kept; false fetches everything again
    /// and keeps nothing (the CLI's `--no-cache`). Local stores keep nothing and ignore it.
    ///
    /// ```swift
    /// var options = LoadOptions()
    /// options.usesCache = false
    /// ```
    public var usesCache = true

    public init(experiments: ExperimentSelection = .all, view: RunView = .activeOnly, runIDs: Set<String>? = nil,
                includesHistory: Bool = false) {
        self.experiments = experiments
        self.view = view
        self.runIDs = runIDs
        self.includesHistory = includesHistory
    }
}
