import RunKitModel

extension MLflowSQLiteStore {
    /// `run` read again with its metric history in one read transaction: a database being written
    /// could otherwise give a history newer than the run's status and metrics (and an index may
    /// hold an older run). A run the database no longer has is returned as it is.
    ///
    /// ```swift
    /// let shown = try store.snapshot(of: run)   // status, metrics and history from one snapshot
    /// ```
    public func snapshot(of run: Run) throws -> Run {
        let options = LoadOptions(view: .all, runIDs: [run.info.runID], includesHistory: true)
        return try loadRuns(options).runs.first ?? run
    }
}
