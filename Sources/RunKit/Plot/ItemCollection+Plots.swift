import Foundation

extension ItemCollection where Element == Run {
    /// Curves of a metric's history against the step: runs grouped by `keys` (none: one line over
    /// all runs), each group's mean with a `band` (see `CurveSeries.aggregate`). Groups are in
    /// order of their values; titles and labels default to the metric and keys. `metric` may be
    /// written `train.loss`, `metrics.train.loss` or `history.train.loss`. Throws `keyNotFound`
    /// when no run logged the metric.
    ///
    /// ```swift
    /// let plot = try runs.curvePlot("train.loss", by: ["optimizer.lr"], band: .std, options: PlotOptions(logY: true))
    /// let svg = plot.svg()
    /// ```
    public func curvePlot(_ metric: String, by keys: [String] = [], band: CurveBand = .std, options: PlotOptions = PlotOptions()) throws -> CurvePlot {
        let parsed = FieldKey(metric)
        guard [.bare, .metrics, .history].contains(parsed.namespace) else {
            throw RunKitError(.invalidArgument, "A curve plots a metric's history; \(metric) is not a metric (write e.g. train.loss or metrics.train.loss).")
        }
        guard parsed.reduction == nil else {
            throw RunKitError(.invalidArgument, "A curve plots a metric's whole history; \(metric) is one value per run (plot it with --kind bar or scatter).")
        }
        let name = parsed.name
        let groups = try grouped(by: keys)
        var series: [CurveSeries] = []
        var anyHistory = false
        for index in PlotLabel.sortedIndices(groups.map(\.values)) {
            let group = groups[index]
            let curves = try group.items.map { try $0.history(name) ?? [] }
            anyHistory = anyHistory || curves.contains { !$0.isEmpty }
            let label = PlotLabel.group(group.values)
            let runs = curves.filter { !$0.isEmpty }.count
            guard runs > 0 else { continue }
            var line = CurveSeries.aggregate(label: label, curves: curves, band: band)
            line.label = "\(label) (n=\(runs))"
            series.append(line)
        }
        guard anyHistory || isEmpty else { throw keyNotFound("history.\(name)") }
        var options = options
        options.title = options.title ?? (keys.isEmpty ? name : "\(name) by \(keys.joined(separator: ", "))")
        options.subtitle = options.subtitle ?? band.caption
        options.xLabel = options.xLabel ?? "step"
        options.yLabel = options.yLabel ?? name + (options.logY ? " (log scale)" : "")
        return CurvePlot(series: series, legendTitle: keys.isEmpty ? nil : keys.joined(separator: ", "), options: options)
    }
}

extension ItemCollection {
    /// Bars of `statistic(metric)` per group of `keys` (in order of their values), with error bars
    /// over the group's runs. Throws `keyNotFound` for a key no run has, `typeMismatch` for a
    /// value that is not a number.
    ///
    /// ```swift
    /// let plot = try runs.barPlot("test.loss", by: ["model.num_units", "optimizer.lr"], error: .sem)
    /// ```
    public func barPlot(_ metric: String, by keys: [String], statistic: Statistic = .mean, error: ErrorBar = .std,
                        options: PlotOptions = PlotOptions()) throws -> BarPlot {
        let groups = try grouped(by: keys)
        var aggregations: [Aggregation<Element>] = [Aggregation(statistic, metric), .count(metric)]
        switch error {
        case .std: aggregations.append(.std(metric))
        case .sem: aggregations.append(.sem(metric))
        case .minmax: aggregations += [.min(metric), .max(metric)]
        case .none: break
        }
        let table = try groups.aggregated(aggregations)
        let number = { (row: Int, column: Int) throws -> Double in
            let value = table.columns[keys.count + column][row]
            if value.isNull { return .nan }
            guard let double = value.doubleValue else {
                throw RunKitError(.typeMismatch, "\(aggregations[column].name) of group \(PlotLabel.group(groups[row].values)) is \(JSONWriter.string(value)), not a number; a bar needs one number per run (metrics.KEY, not history.KEY).")
            }
            return double
        }
        var bars: [BarPlot.Bar] = []
        for row in PlotLabel.sortedIndices(groups.map(\.values)) {
            let value = try number(row, 0)
            var bar = BarPlot.Bar(label: PlotLabel.group(groups[row].values), value: value, runCount: table.columns[keys.count + 1][row].intValue ?? 0)
            switch error {
            case .std, .sem:
                let spread = try number(row, 2)
                if spread.isFinite { (bar.lower, bar.upper) = (value - spread, value + spread) }
            case .minmax: (bar.lower, bar.upper) = (try number(row, 2), try number(row, 3))
            case .none: break
            }
            bars.append(bar)
        }
        var options = options
        let described = "\(statistic.name)(\(metric))"
        options.title = options.title ?? (keys.isEmpty ? described : "\(described) by \(keys.joined(separator: ", "))")
        options.subtitle = options.subtitle ?? (error == .none ? nil : error.caption)
        options.xLabel = options.xLabel ?? (keys.isEmpty ? nil : keys.joined(separator: ", "))
        options.yLabel = options.yLabel ?? described
        return BarPlot(bars: bars, options: options)
    }

    /// A heatmap of `statistic(metric)` over the values of two keys (columns: `x`, rows: `y`, each
    /// in order of their values); a pair no run has is an empty cell.
    ///
    /// ```swift
    /// let plot = try runs.heatmapPlot("test.loss", x: "optimizer.lr", y: "model.num_units")
    /// ```
    public func heatmapPlot(_ metric: String, x: String, y: String, statistic: Statistic = .mean,
                            options: PlotOptions = PlotOptions()) throws -> HeatmapPlot {
        let groups = try grouped(by: [y, x])
        let table = try groups.aggregated([Aggregation(statistic, metric)])
        let distinct = { (position: Int) -> [ConfigValue?] in
            var seen: [ConfigValue?] = []
            for group in groups where !seen.contains(where: { Self.sameValue($0, group.values[position]) }) { seen.append(group.values[position]) }
            return PlotLabel.sortedIndices(seen.map { [$0] }).map { seen[$0] }
        }
        let (rowValues, columnValues) = (distinct(0), distinct(1))
        var values = [[Double]](repeating: [Double](repeating: .nan, count: columnValues.count), count: rowValues.count)
        for (index, group) in groups.enumerated() {
            let value = table.columns[2][index]
            guard !value.isNull else { continue }
            guard let number = value.doubleValue else {
                throw RunKitError(.typeMismatch, "\(statistic.name)(\(metric)) for \(y)=\(PlotLabel.value(group.values[0])), \(x)=\(PlotLabel.value(group.values[1])) is \(JSONWriter.string(value)), not a number.")
            }
            let r = rowValues.firstIndex { Self.sameValue($0, group.values[0]) }!
            let c = columnValues.firstIndex { Self.sameValue($0, group.values[1]) }!
            values[r][c] = number
        }
        var options = options
        let described = "\(statistic.name)(\(metric))"
        options.title = options.title ?? "\(described) by \(y) and \(x)"
        options.xLabel = options.xLabel ?? x
        options.yLabel = options.yLabel ?? y
        return HeatmapPlot(columns: columnValues.map(PlotLabel.value), rows: rowValues.map(PlotLabel.value), values: values,
                           valueLabel: described, options: options)
    }

    /// One dot per run at (`x`, `y`), coloured by the value of `color` (a legend entry per value,
    /// in order). Runs lacking `x` or `y` are left out and counted in `notes`; a value that is not
    /// a number is a `typeMismatch`.
    ///
    /// ```swift
    /// let plot = try runs.scatterPlot(x: "optimizer.lr", y: "test.loss", color: "model.num_units", options: PlotOptions(logX: true))
    /// ```
    public func scatterPlot(x: String, y: String, color: String? = nil, options: PlotOptions = PlotOptions()) throws -> ScatterPlot {
        let groups = try grouped(by: color.map { [$0] } ?? [])
        try requireKeys([x, y])
        var series: [ScatterPlot.Series] = []
        var skipped = 0
        for index in PlotLabel.sortedIndices(groups.map(\.values)) {
            let group = groups[index]
            var dots = ScatterPlot.Series(label: PlotLabel.group(group.values), x: [], y: [])
            let xs = group.items.columnValues(x), ys = group.items.columnValues(y)
            for (position, (a, b)) in zip(xs, ys).enumerated() {
                guard let a, let b, !a.isNull, !b.isNull else { skipped += 1; continue }
                for (key, value) in [(x, a), (y, b)] where value.doubleValue == nil {
                    throw RunKitError(.typeMismatch, "\(key) is \(JSONWriter.string(value)) in a run, not a number; a scatter plot needs numbers on both axes.")
                }
                dots.x.append(a.doubleValue!)
                dots.y.append(b.doubleValue!)
                if let run = group.items[group.items.startIndex + position] as? Run { dots.titles.append(run.id) }
            }
            if !dots.x.isEmpty { series.append(dots) }
        }
        var options = options
        options.title = options.title ?? "\(y) vs \(x)" + (color.map { " by \($0)" } ?? "")
        options.xLabel = options.xLabel ?? x + (options.logX ? " (log scale)" : "")
        options.yLabel = options.yLabel ?? y + (options.logY ? " (log scale)" : "")
        var plot = ScatterPlot(series: series, legendTitle: color, options: options)
        if skipped > 0 { plot.notes.append("\(skipped) run(s) lack \(x) or \(y) and are not plotted.") }
        return plot
    }

    private static func sameValue(_ a: ConfigValue?, _ b: ConfigValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return ConfigValue.compare(a, b) == 0
        default: return false
        }
    }
}
