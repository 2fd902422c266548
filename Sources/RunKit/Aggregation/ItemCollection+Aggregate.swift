@_spi(RunKitInternals) import RunKitSupport

extension ItemCollection {
    /// Groups by `keys` (see `grouped(by:)`) and aggregates each group: one row per group, the keys'
    /// columns then one column per spec, named as written. An empty collection gives the columns
    /// and no rows.
    ///
    /// ```swift
    /// let table = try runs.filter(where: "status = 'FINISHED'")
    ///     .aggregated(by: ["model.type", "optimizer.lr"], "count()", "mean(metrics.accuracy)", "sem(metrics.accuracy)")
    /// ```
    public func aggregated(by keys: [String], _ specs: String..., alignment: CurveAlignment = .longest) throws -> Table {
        try aggregated(by: keys, specs.map { try Aggregation<Element>($0) }, alignment: alignment)
    }

    /// Groups by `keys` and applies the aggregations; see `aggregated(by:_:alignment:)`.
    ///
    /// ```swift
    /// let curves = try runs.aggregated(by: ["optimizer.lr"], [.mean("history.train.loss"), .std("history.train.loss")])
    /// ```
    public func aggregated(by keys: [String], _ aggregations: [Aggregation<Element>], alignment: CurveAlignment = .longest) throws -> Table {
        let (groups, members) = try groupsAndMembers(by: keys)
        // Each aggregated key read once for all elements, in order, then split by group.
        let keysRead = Array(Set(aggregations.compactMap(\.key)))
        let columns = columnValues(keysRead)
        let values = ParallelSlots.map(members.count) { group in
            Dictionary(uniqueKeysWithValues: zip(keysRead, columns.map { column in members[group].map { column[$0] } }))
        }
        return try GroupAggregator(groups: groups, keys: keys, aggregations: aggregations, alignment: alignment, values: values).table()
    }
}
