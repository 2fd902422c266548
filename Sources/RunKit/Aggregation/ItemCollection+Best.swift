extension ItemCollection {
    /// Best-config selection, the MLXP tutorial's "best learning rate per model by mean train loss,
    /// then its test loss" in one call: groups by `per + choosing`, aggregates `metric` in each
    /// group, and within each group of `per` keeps the row whose metric is best. A curve (list)
    /// metric is judged by its last value; NaN and null never win unless nothing else is there;
    /// ties keep the first group. One row per `per` group (first-appearance order): the `per` keys,
    /// the winning `choosing` values, the metric, then the `report` aggregations of the winner.
    ///
    /// ```swift
    /// let winners = try runs.best("mean(metrics.train.loss)", .minimize,
    ///                             per: ["config.model.num_units"], choosing: ["config.optimizer.lr"],
    ///                             report: ["mean(metrics.test.loss)", "count()"])
    /// ```
    public func best(_ metric: String, _ goal: OptimizationGoal, per: [String], choosing: [String],
                     report: [String] = [], alignment: CurveAlignment = .longest) throws -> Table {
        try best(Aggregation(metric), goal, per: per, choosing: choosing,
                 report: report.map { try Aggregation($0) }, alignment: alignment)
    }

    /// Best-config selection with `Aggregation` values; see `best(_:_:per:choosing:report:alignment:)`.
    public func best(_ metric: Aggregation<Element>, _ goal: OptimizationGoal, per: [String], choosing: [String],
                     report: [Aggregation<Element>] = [], alignment: CurveAlignment = .longest) throws -> Table {
        guard !choosing.isEmpty else {
            throw RunKitError(.invalidArgument, "Best-config selection needs at least one key to choose the value of.")
        }
        let all = try aggregated(by: per + choosing, [metric] + report, alignment: alignment)
        let scores = all.column(metric.name)!.values.map(Self.score)
        var bestRow: [GroupingKey: Int] = [:]
        var order: [GroupingKey] = []
        for row in 0..<all.rowCount {
            let outer = GroupingKey(per.map { all.column($0)![row] })
            if let current = bestRow[outer] {
                if goal.prefers(scores[row], over: scores[current]) { bestRow[outer] = row }
            } else {
                bestRow[outer] = row
                order.append(outer)
            }
        }
        return all.picking(order.map { bestRow[$0]! })
    }

    /// The number a metric cell is judged by: the value, or a curve's last value.
    private static func score(_ value: ConfigValue) -> Double? {
        if let list = value.listValue { return list.last?.doubleValue }
        return value.doubleValue
    }
}
