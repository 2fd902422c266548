extension ItemCollection where Element == Run {
    /// Parallel coordinates of these runs: one axis per key of `axes` (none: every config key that
    /// varies), then `color` as the last axis when it is not among them, each line coloured by
    /// `color` (a metric on viridis, or a category). An axis is numeric when all its values are
    /// numbers, log when it is in `logAxes` or its positive values span 100× or more, else
    /// categorical. Throws `keyNotFound` for a key no run has.
    ///
    /// ```swift
    /// let plot = try runs.parallelPlot(color: "metrics.loss")   // the varying config keys, then the loss
    /// try plot.svg().write(toFile: "parallel.svg", atomically: true, encoding: .utf8)
    /// ```
    public func parallelPlot(axes: [String] = [], color: String? = nil, logAxes: [String] = [],
                             options: PlotOptions = PlotOptions()) throws -> ParallelPlot {
        var keys = axes.isEmpty ? varyingKeys(prefix: "config") : axes
        if let color, !keys.contains(color) { keys.append(color) }
        try requireKeys(keys)
        let built = keys.map { key in
            ParallelAxis(key: key, values: columnValues(key), log: logAxes.contains(key) ? true : nil)
        }
        var options = options
        options.title = options.title ?? "Parallel coordinates of \(count) runs" + (color.map { ", coloured by \($0)" } ?? "")
        return ParallelPlot(axes: built, color: built.first { $0.key == color }, titles: map(\.id), options: options)
    }
}
