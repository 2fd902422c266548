extension Array {
    /// One row per group: the grouping keys' values (null where the runs lack a key), then one
    /// column per aggregation spec, named exactly as written (see `Aggregation(_:)`).
    ///
    /// ```swift
    /// let table = try runs.grouped(by: "model.type", "optimizer.lr")
    ///     .aggregated("count()", "mean(metrics.accuracy)", "std(metrics.accuracy)", "list(run_id)")
    /// ```
    public func aggregated<Item>(_ specs: String..., alignment: CurveAlignment = .longest) throws -> Table
    where Element == ItemGroup<Item> {
        try aggregated(specs.map { try Aggregation<Item>($0) }, alignment: alignment)
    }

    /// One row per group with the given aggregations; see `aggregated(_:alignment:)`. Throws
    /// `typeMismatch` naming the aggregation and the group when a numeric statistic meets a value
    /// that is not a number, or (`alignment: .equal`) curves of different lengths; `keyNotFound`
    /// when no run of any group has an aggregation's key.
    ///
    /// ```swift
    /// let table = try groups.aggregated([.mean("history.train.loss"), .count()], alignment: .shortest)
    /// ```
    public func aggregated<Item>(_ aggregations: [Aggregation<Item>], alignment: CurveAlignment = .longest) throws -> Table
    where Element == ItemGroup<Item> {
        try GroupAggregator(groups: self, keys: first?.keys ?? [], aggregations: aggregations, alignment: alignment).table()
    }
}
