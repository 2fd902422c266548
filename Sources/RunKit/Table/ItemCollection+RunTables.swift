@_spi(RunKitInternals) import RunKitSupport

extension ItemCollection where Element == Run {
    /// Every run as one flat row, for export: the unified attributes (`run_id`, `run_name`, …,
    /// `artifacts_dir`), then `config.*` (in the config's order), `params.*`, `metrics.*`, `tags.*`
    /// (sorted), a run lacking a field null. The columns `runkit export` writes.
    ///
    /// ```swift
    /// try runs.recordTable().export(to: "runs.csv", format: .csv)
    /// ```
    public func recordTable() throws -> Table {
        let view = RunListView.full(elements)
        return try Table(columns: view.columns, rows: view.rows)
    }

    /// The runs' metric histories in long format (tidy data, as malet's `melt_and_explode_metric`
    /// and MLflow's `get_metric_history` give it): `run_id`, `key`, `step`, `timestamp`, `value`,
    /// one row per logged point, runs in collection order. `keys` limits the metrics (all when empty).
    ///
    /// ```swift
    /// let long = try runs.historyTable("loss", "val/acc")
    /// try long.export(to: "history.parquet.csv", format: .csv)
    /// ```
    public func historyTable(_ keys: String...) throws -> Table {
        try historyTable(keys)
    }

    /// The long-format history for an array of metric keys; see `historyTable(_:)`.
    public func historyTable(_ keys: [String]) throws -> Table {
        let parts = try ParallelSlots.map(count) { index in
            Result { try self[startIndex + index].historyTable(keys) }
        }.map { try $0.get() }
        var runIDs: [String?] = []
        for (run, part) in zip(self, parts) { runIDs += repeatElement(Optional(run.id), count: part.rowCount) }
        let stacked = Table.concatenating(parts)
        let columns = [TableColumn("run_id", storage: .string(runIDs))]
            + (stacked.columns.isEmpty ? Run.emptyHistoryColumns : stacked.columns)
        return try Table(columns)
    }
}

extension Run {
    /// The columns of an empty long-format history, typed.
    static let emptyHistoryColumns = [TableColumn("key", storage: .string([])), TableColumn("step", storage: .int([])),
                                      TableColumn("timestamp", storage: .int([])), TableColumn("value", storage: .double([]))]
}
