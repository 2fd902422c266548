extension Run {
    /// The run's metric histories in long format: columns `key`, `step`, `timestamp`, `value`, one
    /// row per logged point, metrics in the store's order (or the order of `keys`), points in the
    /// store's order. A value the store did not write as a number is NaN here (see `MetricPoint.raw`);
    /// a missing timestamp is null. Keys the run never logged are skipped.
    ///
    /// ```swift
    /// let loss = try run.historyTable("loss")
    /// loss.column("value")?.doubles   // [2.84, 1.66, 0.98, …]
    /// ```
    public func historyTable(_ keys: String...) throws -> Table {
        try historyTable(keys)
    }

    /// The long-format history of an array of metric keys (all metrics when empty); see `historyTable(_:)`.
    public func historyTable(_ keys: [String]) throws -> Table {
        let history = try metricHistory()
        let names = keys.isEmpty ? Array(history.keys) : keys
        var key: [String?] = [], step: [Int?] = [], timestamp: [Int?] = [], value: [Double?] = []
        for name in names {
            for point in history[name] ?? [] {
                key.append(name)
                step.append(Int(point.step))
                timestamp.append(point.timestamp.map { Int($0) })
                value.append(point.value)
            }
        }
        return try Table([TableColumn("key", storage: .string(key)), TableColumn("step", storage: .int(step)),
                          TableColumn("timestamp", storage: .int(timestamp)), TableColumn("value", storage: .double(value))])
    }
}
