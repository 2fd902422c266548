/// A scatter plot: one dot per run at two fields' values, coloured by a key's value.
///
/// ```swift
/// let plot = try runs.scatterPlot(x: "optimizer.lr", y: "test.loss", color: "model.num_units")
/// let svg = plot.svg()
/// ```
public struct ScatterPlot: Sendable {
    /// One set of dots sharing a colour.
    public struct Series: Sendable, Hashable {
        /// The legend label.
        public var label: String
        /// The dots: x values.
        public var x: [Double]
        /// The dots: y values.
        public var y: [Double]
        /// Tooltips (run ids), one per dot or empty.
        public var titles: [String]

        /// A series.
        public init(label: String, x: [Double], y: [Double], titles: [String] = []) {
            self.label = label
            self.x = x
            self.y = y
            self.titles = titles
        }
    }

    /// The series, in legend order.
    public var series: [Series]
    /// The legend's title (the colour key); no legend when nil and there is one series.
    public var legendTitle: String?
    /// Size, titles, labels, log axes.
    public var options: PlotOptions
    /// What the reader should know, e.g. how many runs lacked a value and were left out.
    public var notes: [String] = []

    /// A plot of these series.
    public init(series: [Series], legendTitle: String? = nil, options: PlotOptions = PlotOptions()) {
        self.series = series
        self.legendTitle = legendTitle
        self.options = options
    }

    /// The figure as a standalone SVG document.
    public func svg() -> String {
        let xKind = options.xScaleKind, yKind = options.yScaleKind
        let legend = series.count > 1 || legendTitle != nil
            ? series.indices.map { PlotLegendEntry(label: series[$0].label, color: PlotPalette.color($0), mark: .dot) } : []
        guard let yProbe = PlotScale.nice(yKind, data: series.flatMap(\.y), range: (1, 0)),
              let xProbe = PlotScale.nice(xKind, data: series.flatMap(\.x), range: (0, 1)) else {
            return PlotCanvas.empty(options: options, legendTitle: legendTitle, legend: legend)
        }
        var canvas = PlotCanvas(options: options, yTickLabels: PlotTicks.labels(yProbe.ticks()), legendTitle: legendTitle, legend: legend)
        let x = PlotScale(xKind, domain: xProbe.domain, range: (canvas.left + 8, canvas.right - 8))
        let y = PlotScale(yKind, domain: yProbe.domain, range: (canvas.bottom - 8, canvas.top + 8))
        canvas.drawYAxis(y)
        canvas.drawXAxis(x)
        for (index, dots) in series.enumerated() {
            for (i, (a, b)) in zip(dots.x, dots.y).enumerated() where x(a).isFinite && y(b).isFinite {
                canvas.svg.circle(cx: x(a), cy: y(b), r: 4.5, fill: PlotPalette.color(index), stroke: "#ffffff", opacity: 0.9,
                                  title: (i < dots.titles.count ? dots.titles[i] + ": " : "") + "\(PlotTicks.label(a)), \(PlotTicks.label(b))")
            }
        }
        canvas.drawFrame()
        return canvas.svg.rendered()
    }
}
