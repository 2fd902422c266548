import Foundation

/// Bars: one value per group (an aggregate of a metric over the group's runs) with error bars.
///
/// ```swift
/// let plot = try runs.barPlot("test.loss", by: ["model.num_units"], statistic: .mean, error: .std)
/// let svg = plot.svg()
/// ```
public struct BarPlot: Sendable {
    /// One bar.
    public struct Bar: Sendable, Hashable {
        /// The category label under the bar.
        public var label: String
        /// The bar's height (NaN: no bar).
        public var value: Double
        /// The error bar's ends, nil for none.
        public var lower: Double?
        /// The error bar's upper end.
        public var upper: Double?
        /// How many runs the value is over.
        public var runCount: Int

        /// A bar.
        public init(label: String, value: Double, lower: Double? = nil, upper: Double? = nil, runCount: Int = 1) {
            self.label = label
            self.value = value
            self.lower = lower
            self.upper = upper
            self.runCount = runCount
        }
    }

    /// The bars, left to right.
    public var bars: [Bar]
    /// Size, titles, labels; `logY` draws the bars up from the bottom of a log axis.
    public var options: PlotOptions

    /// A plot of these bars.
    public init(bars: [Bar], options: PlotOptions = PlotOptions()) {
        self.bars = bars
        self.options = options
    }

    /// The figure as a standalone SVG document.
    public func svg() -> String {
        let kind = options.yScaleKind
        let data = bars.flatMap { [$0.value] + [$0.lower, $0.upper].compactMap { $0 } }
        let labels = bars.map(\.label)
        guard let probe = PlotScale.nice(kind, data: data, range: (1, 0), includeZero: kind == .linear) else {
            return PlotCanvas.empty(options: options)
        }
        // The slot width depends on the margins, which depend on the labels: estimate from the full width.
        let estimatedSlot = (options.width - 120) / Double(Swift.max(bars.count, 1))
        var canvas = PlotCanvas(options: options, yTickLabels: PlotTicks.labels(probe.ticks()),
                                xTickHeight: PlotCanvas.categoriesHeight(labels, slot: estimatedSlot))
        let y = PlotScale(kind, domain: probe.domain, range: (canvas.bottom, canvas.top))
        canvas.drawYAxis(y)
        let slot = canvas.plotWidth / Double(Swift.max(bars.count, 1))
        let barWidth = Swift.min(slot * 0.7, 80)
        let base = kind == .log ? canvas.bottom : y(0)
        let clamp = { (value: Double) in Swift.min(canvas.bottom, Swift.max(canvas.top, y(value).isFinite ? y(value) : canvas.bottom)) }
        var centers: [Double] = []
        for (index, bar) in bars.enumerated() {
            let center = canvas.left + slot * (Double(index) + 0.5)
            centers.append(center)
            let color = PlotPalette.color(index)
            if bar.value.isFinite, y(bar.value).isFinite {
                let top = clamp(bar.value)
                canvas.svg.rect(x: center - barWidth / 2, y: Swift.min(top, base), width: barWidth, height: abs(base - top), fill: color,
                                opacity: 0.85, title: "\(bar.label): \(PlotTicks.label(bar.value)) (n=\(bar.runCount))")
            } else {
                canvas.svg.text("n/a", x: center, y: canvas.bottom - 6, size: 11, anchor: .middle, fill: "#888888")
            }
            if let lower = bar.lower, let upper = bar.upper, lower.isFinite, upper.isFinite, lower != upper {
                let (a, b) = (clamp(lower), clamp(upper))
                canvas.svg.line(x1: center, y1: a, x2: center, y2: b, stroke: "#222222", width: 1.5)
                for end in [a, b] { canvas.svg.line(x1: center - barWidth / 6, y1: end, x2: center + barWidth / 6, y2: end, stroke: "#222222", width: 1.5) }
            }
        }
        canvas.drawXCategories(labels, centers: centers, slot: slot)
        if kind == .linear, probe.domain.contains(0) { canvas.svg.line(x1: canvas.left, y1: base, x2: canvas.right, y2: base, stroke: "#444444") }
        canvas.drawFrame()
        return canvas.svg.rendered()
    }
}
