import Foundation

/// The frame every plot draws in: title and subtitle on top, axes with ticks, grid lines and
/// labels, and the legend to the right of the plot area (never over the data). Margins are sized
/// from the estimated widths of the labels, and the figure grows taller when the legend needs it.
struct PlotCanvas {
    var svg: SVGDocument
    /// The plot area: left, top, width, height.
    let left: Double, top: Double, plotWidth: Double, plotHeight: Double
    var right: Double { left + plotWidth }
    var bottom: Double { top + plotHeight }

    static let tickSize = 11.0
    static let labelSize = 13.0
    static let legendSize = 12.0
    static let maxLegendCharacters = 36

    /// Lays out a figure. `yTickLabels` size the left margin, `xTickHeight` the space under the
    /// plot for x tick labels (larger when they are rotated), `sideWidth` a colour bar's width.
    init(options: PlotOptions, yTickLabels: [String], xTickHeight: Double = 18,
         legendTitle: String? = nil, legend: [PlotLegendEntry] = [], sideWidth: Double = 0) {
        let yLabelWidth = yTickLabels.map { SVGDocument.textWidth($0, size: Self.tickSize) }.max() ?? 0
        let yLabelSpace: Double = options.yLabel == nil ? 0 : 22
        let titleSpace: Double = options.title == nil ? 0 : 32
        let subtitleSpace: Double = options.subtitle == nil ? 0 : 18
        let xLabelSpace: Double = options.xLabel == nil ? 0 : 24
        let left: Double = 14 + yLabelSpace + yLabelWidth + 8
        let top: Double = 16 + titleSpace + subtitleSpace
        let bottom: Double = 10 + xTickHeight + 8 + xLabelSpace
        let legendWidth = Self.legendWidth(title: legendTitle, entries: legend)
        let right: Double = (legendWidth > 0 ? legendWidth + 28 : 20) + sideWidth
        let legendLines = Double(legend.count + (legendTitle == nil ? 0 : 1))
        let legendHeight: Double = legend.isEmpty ? 0 : legendLines * 20 + 10
        let height = max(options.height, top + legendHeight + 20, top + bottom + 120)
        let width = max(options.width, left + right + 160)
        self.svg = SVGDocument(width: width, height: height)
        self.left = left
        self.top = top
        self.plotWidth = width - left - right
        self.plotHeight = height - top - bottom
        drawTitles(options, width: width)
        drawAxisLabels(options, height: height)
        if !legend.isEmpty { drawLegend(title: legendTitle, entries: legend) }
    }

    /// The width the legend takes (0 without entries).
    static func legendWidth(title: String?, entries: [PlotLegendEntry]) -> Double {
        guard !entries.isEmpty else { return 0 }
        let texts = entries.map { 26 + SVGDocument.textWidth(shorten($0.label), size: legendSize) }
        let titleWidth = title.map { SVGDocument.textWidth(shorten($0), size: legendSize) } ?? 0
        return max(texts.max() ?? 0, titleWidth)
    }

    /// A label cut to `maxLegendCharacters` with an ellipsis.
    static func shorten(_ text: String, _ limit: Int = maxLegendCharacters) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    private mutating func drawTitles(_ options: PlotOptions, width: Double) {
        var y = 16.0
        if let title = options.title {
            y += 18
            svg.text(Self.shorten(title, Int((width - 20) / (16 * 0.6))), x: width / 2, y: y, size: 16, anchor: .middle, bold: true)
        }
        if let subtitle = options.subtitle {
            y += 18
            svg.text(Self.shorten(subtitle, Int((width - 20) / (12 * 0.6))), x: width / 2, y: y, size: 12, anchor: .middle, fill: "#555555")
        }
    }

    private mutating func drawAxisLabels(_ options: PlotOptions, height: Double) {
        if let xLabel = options.xLabel {
            svg.text(Self.shorten(xLabel, Int(plotWidth / (Self.labelSize * 0.6))), x: left + plotWidth / 2, y: height - 12,
                     size: Self.labelSize, anchor: .middle)
        }
        if let yLabel = options.yLabel {
            let x = 20.0, y = top + plotHeight / 2
            svg.text(Self.shorten(yLabel, Int(plotHeight / (Self.labelSize * 0.6))), x: x, y: y, size: Self.labelSize,
                     anchor: .middle, rotation: -90)
        }
    }

    private mutating func drawLegend(title: String?, entries: [PlotLegendEntry]) {
        let x = right + 20
        var y = top + 4
        if let title {
            svg.text(Self.shorten(title), x: x, y: y + 10, size: Self.legendSize, bold: true)
            y += 20
        }
        for entry in entries {
            let middle = y + 6
            switch entry.mark {
            case .line: svg.line(x1: x, y1: middle, x2: x + 18, y2: middle, stroke: entry.color, width: 2.5, dash: entry.dash)
            case .box: svg.rect(x: x + 3, y: middle - 6, width: 12, height: 12, fill: entry.color)
            case .dot: svg.circle(cx: x + 9, cy: middle, r: 4.5, fill: entry.color, stroke: "#ffffff")
            }
            svg.text(Self.shorten(entry.label), x: x + 26, y: middle + Self.legendSize * 0.35, size: Self.legendSize)
            y += 20
        }
    }

    /// Horizontal grid lines and the y tick labels of a numeric scale.
    mutating func drawYAxis(_ scale: PlotScale) {
        let ticks = scale.ticks(Swift.max(3, Int(plotHeight / 60)))
        let labels = PlotTicks.labels(ticks)
        let positions = ticks.map { scale($0) }
        let show = PlotTicks.visible(positions: positions, extents: ticks.map { _ in Self.tickSize }, gap: 4)
        for (index, position) in positions.enumerated() where position >= top - 0.5 && position <= bottom + 0.5 {
            svg.line(x1: left, y1: position, x2: right, y2: position, stroke: "#e6e6e6")
            svg.line(x1: left - 4, y1: position, x2: left, y2: position, stroke: "#444444")
            if show[index] {
                svg.text(labels[index], x: left - 7, y: position + Self.tickSize * 0.35, size: Self.tickSize, anchor: .end, fill: "#444444")
            }
        }
    }

    /// Vertical grid lines and the x tick labels of a numeric scale, thinned so none overlap.
    /// `integers`: only whole-number ticks (steps).
    mutating func drawXAxis(_ scale: PlotScale, integers: Bool = false) {
        let ticks = scale.ticks(Swift.max(3, Int(plotWidth / 80))).filter { !integers || $0 == $0.rounded() }
        let labels = PlotTicks.labels(ticks)
        let positions = ticks.map { scale($0) }
        let show = PlotTicks.visible(positions: positions, extents: labels.map { SVGDocument.textWidth($0, size: Self.tickSize) })
        for (index, position) in positions.enumerated() where position >= left - 0.5 && position <= right + 0.5 {
            svg.line(x1: position, y1: top, x2: position, y2: bottom, stroke: "#e6e6e6")
            svg.line(x1: position, y1: bottom, x2: position, y2: bottom + 4, stroke: "#444444")
            if show[index] {
                svg.text(labels[index], x: position, y: bottom + 6 + Self.tickSize, size: Self.tickSize, anchor: .middle, fill: "#444444")
            }
        }
    }

    /// Category labels under the plot at `centers`: level when they fit, else turned 40°.
    mutating func drawXCategories(_ labels: [String], centers: [Double], slot: Double) {
        let rotate = Self.categoriesRotate(labels, slot: slot)
        for (label, center) in zip(labels, centers) {
            svg.line(x1: center, y1: bottom, x2: center, y2: bottom + 4, stroke: "#444444")
            let text = Self.shorten(label, 24)
            if rotate {
                svg.text(text, x: center + 3, y: bottom + 14, size: Self.tickSize, anchor: .end, fill: "#444444", rotation: -40)
            } else {
                svg.text(text, x: center, y: bottom + 6 + Self.tickSize, size: Self.tickSize, anchor: .middle, fill: "#444444")
            }
        }
    }

    /// True when category labels do not fit level in their slots.
    static func categoriesRotate(_ labels: [String], slot: Double) -> Bool {
        labels.contains { SVGDocument.textWidth(shorten($0, 24), size: tickSize) + 6 > slot }
    }

    /// The height rotated category labels need.
    static func categoriesHeight(_ labels: [String], slot: Double) -> Double {
        guard categoriesRotate(labels, slot: slot) else { return 18 }
        let widest = labels.map { SVGDocument.textWidth(shorten($0, 24), size: tickSize) }.max() ?? 0
        return widest * sin(40 * Double.pi / 180) + 16
    }

    /// The frame around the plot area.
    mutating func drawFrame() {
        svg.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#444444")
        svg.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#444444")
    }

    /// The whole figure of a plot with nothing to draw: its frame, legend and a note saying so.
    static func empty(options: PlotOptions, legendTitle: String? = nil, legend: [PlotLegendEntry] = []) -> String {
        var canvas = PlotCanvas(options: options, yTickLabels: [], legendTitle: legendTitle, legend: legend)
        canvas.drawFrame()
        canvas.drawMessage("no values to plot")
        return canvas.svg.rendered()
    }

    /// A note inside the plot area (e.g. "no data").
    mutating func drawMessage(_ text: String) {
        svg.text(text, x: left + plotWidth / 2, y: top + plotHeight / 2, size: 14, anchor: .middle, fill: "#888888")
    }
}
