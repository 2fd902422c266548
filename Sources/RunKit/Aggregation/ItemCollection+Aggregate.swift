@_spi(RunKitInternals) import RunKitSupport

extension ItemCollection {
    /// Groups by `keys` (see `groupBy(_:)`) and aggregates each group: one row per group, the keys'
    /// columns then one column per spec, named as written. An empty collection gives the columns
    /// and no rows.
    ///
    /// ```swift
    /// let table = try runs.filter(where: "status = 'FINISHED'")
    ///     .agg(by: ["model.type", "optimizer.lr"], "count()", "mean(metrics.accuracy)", "sem(metrics.accuracy)")
    /// ```
    public func agg(by keys: [String], _ specs: String..., alignment: CurveAlignment = .longest) throws -> Table {
        try agg(by: keys, specs.map { try Aggregation<Element>($0) }, alignment: alignment)
    }

    /// Groups by `keys` and applies the aggregations; see `agg(by:_:alignment:)`.
    ///
    /// ```swift
    /// let curves = try runs.agg(by: ["optimizer.lr"], [.mean("history.train.loss"), .std("history.train.loss")])
    /// ```
    public func agg(by keys: [String], _ aggregations: [Aggregation<Element>], alignment: CurveAlignment = .longest) throws -> Table {
        let (groups, members) = try grouped(by: keys)
        // Each aggregated key read once for all elements, in order, then split by group.
        let keysRead = Array(Set(aggregations.compactMap(\.key)))
        let columns = columnValues(keysRead)
        let values = ParallelSlots.map(members.count) { group in
            Dictionary(uniqueKeysWithValues: zip(keysRead, columns.map { column in members[group].map { column[$0] } }))
        }
        return try GroupAggregator(groups: groups, keys: keys, aggregations: aggregations, alignment: alignment, values: values).table()
    }
}
