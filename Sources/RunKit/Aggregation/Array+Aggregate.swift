extension Array {
    /// One row per group: the grouping keys' values (null where the runs lack a key), then one
    /// column per aggregation spec, named exactly as written (see `Aggregation(_:)`).
    ///
    /// ```swift
    /// let table = try runs.groupBy("model.type", "optimizer.lr")
    ///     .agg("count()", "mean(metrics.accuracy)", "std(metrics.accuracy)", "list(run_id)")
    /// ```
    public func agg<Item>(_ specs: String..., alignment: CurveAlignment = .longest) throws -> Table
    where Element == ItemGroup<Item> {
        try agg(specs.map { try Aggregation<Item>($0) }, alignment: alignment)
    }

    /// One row per group with the given aggregations; see `agg(_:alignment:)`. Throws
    /// `typeMismatch` naming the aggregation and the group when a numeric statistic meets a value
    /// that is not a number, or (`alignment: .equal`) curves of different lengths; `keyNotFound`
    /// when no run of any group has an aggregation's key.
    ///
    /// ```swift
    /// let table = try groups.agg([.mean("history.train.loss"), .count()], alignment: .shortest)
    /// ```
    public func agg<Item>(_ aggregations: [Aggregation<Item>], alignment: CurveAlignment = .longest) throws -> Table
    where Element == ItemGroup<Item> {
        try GroupAggregator(groups: self, keys: first?.keys ?? [], aggregations: aggregations, alignment: alignment).table()
    }
}
