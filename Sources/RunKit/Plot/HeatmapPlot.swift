import Foundation

/// A heatmap: an aggregated metric over two keys, one cell per pair of values, coloured on
/// viridis with the value written in each cell, and a colour bar.
///
/// ```swift
/// let plot = try runs.heatmapPlot("test.loss", x: "optimizer.lr", y: "model.num_units")
/// let svg = plot.svg()
/// ```
public struct HeatmapPlot: Sendable {
    /// The column labels (x values), left to right.
    public var columns: [String]
    /// The row labels (y values), top to bottom.
    public var rows: [String]
    /// `values[row][column]`; NaN for a pair no run has.
    public var values: [[Double]]
    /// The colour bar's title (the statistic and metric).
    public var valueLabel: String?
    /// Size, titles, axis labels.
    public var options: PlotOptions

    /// A heatmap of a grid of values.
    public init(columns: [String], rows: [String], values: [[Double]], valueLabel: String? = nil, options: PlotOptions = PlotOptions()) {
        self.columns = columns
        self.rows = rows
        self.values = values
        self.valueLabel = valueLabel
        self.options = options
    }

    /// The figure as a standalone SVG document.
    public func svg() -> String {
        let finite = values.flatMap { $0 }.filter(\.isFinite)
        let (low, high) = (finite.min() ?? 0, finite.max() ?? 1)
        let estimatedSlot = (options.width - 200) / Double(Swift.max(columns.count, 1))
        let barTitle = valueLabel.map { PlotCanvas.shorten($0, 28) }
        let barTickLabels = PlotTicks.labels(PlotTicks.linear(low, high, count: 5))
        let sideWidth = Swift.max(70, (barTickLabels + [barTitle ?? ""]).map { SVGDocument.textWidth($0, size: 11) }.max() ?? 0) + 40
        var canvas = PlotCanvas(options: options, yTickLabels: rows.map { PlotCanvas.shorten($0, 24) },
                                xTickHeight: PlotCanvas.categoriesHeight(columns, slot: estimatedSlot), sideWidth: sideWidth)
        let cellWidth = canvas.plotWidth / Double(Swift.max(columns.count, 1))
        let cellHeight = canvas.plotHeight / Double(Swift.max(rows.count, 1))
        let fraction = { (value: Double) in high > low ? (value - low) / (high - low) : 0.5 }
        let textSize = Swift.min(13, cellHeight * 0.4)
        for (r, row) in values.enumerated() {
            for (c, value) in row.enumerated() {
                let x = canvas.left + Double(c) * cellWidth, y = canvas.top + Double(r) * cellHeight
                let title = "\(rows[r]), \(columns[c]): \(PlotTicks.label(value))"
                if value.isFinite {
                    canvas.svg.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: ColorMap.viridis(fraction(value)),
                                    stroke: "#ffffff", title: title)
                } else {
                    canvas.svg.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: "#eeeeee", stroke: "#ffffff", title: title)
                }
                let text = value.isNaN ? "–" : PlotTicks.label(value)
                if SVGDocument.textWidth(text, size: textSize) < cellWidth - 4, textSize >= 7 {
                    canvas.svg.text(text, x: x + cellWidth / 2, y: y + cellHeight / 2 + textSize * 0.35, size: textSize, anchor: .middle,
                                    fill: value.isFinite ? ColorMap.textColor(on: fraction(value)) : "#888888")
                }
            }
        }
        for (r, row) in rows.enumerated() {
            let middle = canvas.top + (Double(r) + 0.5) * cellHeight
            canvas.svg.text(PlotCanvas.shorten(row, 24), x: canvas.left - 7, y: middle + PlotCanvas.tickSize * 0.35, size: PlotCanvas.tickSize,
                            anchor: .end, fill: "#444444")
        }
        canvas.drawXCategories(columns, centers: columns.indices.map { canvas.left + (Double($0) + 0.5) * cellWidth }, slot: cellWidth)
        // Colour bar.
        let barX = canvas.right + 20, barTop = canvas.top + (barTitle == nil ? 0 : 22), barHeight = Swift.min(canvas.plotHeight - 22, 240)
        if let barTitle { canvas.svg.text(barTitle, x: barX, y: canvas.top + 10, size: 11, bold: true) }
        let steps = 48
        for step in 0..<steps {
            let f = Double(step) / Double(steps - 1)
            canvas.svg.rect(x: barX, y: barTop + barHeight * (1 - Double(step + 1) / Double(steps)), width: 14, height: barHeight / Double(steps) + 0.5,
                            fill: ColorMap.viridis(f))
        }
        if high > low {
            let scale = PlotScale(.linear, domain: low...high, range: (barTop + barHeight, barTop))
            let ticks = PlotTicks.linear(low, high, count: 5)
            let labels = PlotTicks.labels(ticks)
            let show = PlotTicks.visible(positions: ticks.map { scale($0) }, extents: ticks.map { _ in 11 }, gap: 3)
            for (index, tick) in ticks.enumerated() where show[index] {
                canvas.svg.line(x1: barX + 14, y1: scale(tick), x2: barX + 18, y2: scale(tick), stroke: "#444444")
                canvas.svg.text(labels[index], x: barX + 21, y: scale(tick) + 11 * 0.35, size: 11, fill: "#444444")
            }
        } else if let value = finite.first {
            canvas.svg.text(PlotTicks.label(value), x: barX + 21, y: barTop + barHeight / 2, size: 11, fill: "#444444")
        }
        return canvas.svg.rendered()
    }
}
