/// Metric curves: one line per group (its mean over the group's runs) with a shaded band,
/// against the step. Make one from runs with `runs.curvePlot(_:by:band:options:)` or from your
/// own series.
///
/// ```swift
/// let plot = try runs.curvePlot("train.loss", by: ["optimizer.lr"], band: .std)
/// try plot.svg().write(toFile: "loss.svg", atomically: true, encoding: .utf8)
/// ```
public struct CurvePlot: Sendable {
    /// The lines, in legend order.
    public var series: [CurveSeries]
    /// The legend's title (the grouping keys).
    public var legendTitle: String?
    /// Size, titles, labels, log axes.
    public var options: PlotOptions

    /// A plot of these series.
    public init(series: [CurveSeries], legendTitle: String? = nil, options: PlotOptions = PlotOptions()) {
        self.series = series
        self.legendTitle = legendTitle
        self.options = options
    }

    /// The figure as a standalone SVG document.
    public func svg() -> String {
        let xKind = options.xScaleKind, yKind = options.yScaleKind
        let xs = series.flatMap(\.steps)
        let ys = series.flatMap { $0.mean + ($0.lower ?? []) + ($0.upper ?? []) }
        let legend = series.count > 1 || legendTitle != nil
            ? series.indices.map { PlotLegendEntry(label: series[$0].label, color: PlotPalette.color($0), dash: PlotPalette.dash($0)) } : []
        guard let yProbe = PlotScale.nice(yKind, data: ys, range: (1, 0)), let xProbe = PlotScale.nice(xKind, data: xs, range: (0, 1)) else {
            return PlotCanvas.empty(options: options, legendTitle: legendTitle, legend: legend)
        }
        var canvas = PlotCanvas(options: options, yTickLabels: PlotTicks.labels(yProbe.ticks()), legendTitle: legendTitle, legend: legend)
        let x = PlotScale(xKind, domain: xProbe.domain, range: (canvas.left, canvas.right))
        let y = PlotScale(yKind, domain: yProbe.domain, range: (canvas.bottom, canvas.top))
        canvas.drawYAxis(y)
        canvas.drawXAxis(x, integers: true)
        let clampY = { (value: Double) in Swift.min(canvas.bottom, Swift.max(canvas.top, y(value).isFinite ? y(value) : canvas.bottom)) }
        // Bands first, all of them under all lines.
        for (index, line) in series.enumerated() {
            guard let lower = line.lower, let upper = line.upper, zip(lower, upper).contains(where: { $0 != $1 }) else { continue }
            for segment in Self.segments(line.steps.indices.filter { x(line.steps[$0]).isFinite }) {
                let top = segment.map { (x: x(line.steps[$0]), y: clampY(upper[$0])) }
                let bottom = segment.reversed().map { (x: x(line.steps[$0]), y: clampY(lower[$0])) }
                canvas.svg.polygon(top + bottom, fill: PlotPalette.color(index), opacity: 0.18)
            }
        }
        for (index, line) in series.enumerated() {
            let usable = line.steps.indices.filter { x(line.steps[$0]).isFinite && y(line.mean[$0]).isFinite }
            for segment in Self.segments(usable) {
                let points = segment.map { (x: x(line.steps[$0]), y: clampY(line.mean[$0])) }
                if points.count == 1 {
                    canvas.svg.circle(cx: points[0].x, cy: points[0].y, r: 3, fill: PlotPalette.color(index))
                } else {
                    canvas.svg.polyline(points, stroke: PlotPalette.color(index), width: 2, dash: PlotPalette.dash(index),
                                        title: "\(line.label) (n=\(line.runCount))")
                }
            }
        }
        canvas.drawFrame()
        return canvas.svg.rendered()
    }

    /// Runs of consecutive indices (a gap where a point cannot be drawn breaks the line).
    static func segments(_ indices: [Int]) -> [[Int]] {
        var result: [[Int]] = []
        for index in indices {
            if let last = result.last?.last, last == index - 1 { result[result.count - 1].append(index) } else { result.append([index]) }
        }
        return result
    }
}
