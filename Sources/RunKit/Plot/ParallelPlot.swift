import Foundation

/// Parallel coordinates: one vertical axis per key (numeric, log or categorical), one line per
/// run through its values, coloured by a metric on viridis with a colour bar (or by a category,
/// with a legend).
///
/// ```swift
/// let plot = try runs.parallelPlot(axes: ["model.type", "optimizer.lr", "seed"], metric: "metrics.loss")
/// let svg = plot.svg()
/// ```
public struct ParallelPlot: Sendable {
    /// The axes, left to right.
    public var axes: [ParallelAxis]
    /// The colour of each line: the key and its values (nil: one colour).
    public var color: ParallelAxis?
    /// Tooltips (run ids), one per line.
    public var titles: [String]
    /// Size and titles.
    public var options: PlotOptions

    public init(axes: [ParallelAxis], color: ParallelAxis? = nil, titles: [String] = [], options: PlotOptions = PlotOptions()) {
        self.axes = axes
        self.color = color
        self.titles = titles
        self.options = options
    }

    /// The figure as a standalone SVG document.
    public func svg() -> String {
        let lines = axes.first?.values.count ?? 0
        let categoricalColor = color?.categories
        let legend = (categoricalColor ?? []).enumerated().map { PlotLegendEntry(label: PlotLabel.value($0.element), color: PlotPalette.color($0.offset), mark: .line) }
        let colorNumbers = color.map { axis in axis.values.map { $0?.doubleValue } } ?? []
        let finiteColors = colorNumbers.compactMap(\.self).filter(\.isFinite)
        let numericColor = categoricalColor == nil && !finiteColors.isEmpty
        let (low, high) = (finiteColors.min() ?? 0, finiteColors.max() ?? 1)
        let barTitle = numericColor ? color.map { PlotCanvas.shorten($0.key, 28) } : nil
        let sideWidth = numericColor ? Swift.max(70, SVGDocument.textWidth(barTitle ?? "", size: 11)) + 40 : 0
        let names = axes.map(\.key)
        let estimatedSlot = (options.width - 200 - sideWidth) / Double(Swift.max(axes.count, 1))
        var canvas = PlotCanvas(options: options, yTickLabels: [], xTickHeight: PlotCanvas.categoriesHeight(names, slot: estimatedSlot),
                                legendTitle: categoricalColor == nil ? nil : color?.key, legend: legend, sideWidth: sideWidth)
        guard lines > 0, !axes.isEmpty else {
            canvas.drawMessage("no runs to plot")
            return canvas.svg.rendered()
        }
        let inset = 46.0
        let spacing = axes.count > 1 ? (canvas.plotWidth - 2 * inset) / Double(axes.count - 1) : 0
        let xs = axes.indices.map { axes.count > 1 ? canvas.left + inset + Double($0) * spacing : canvas.left + canvas.plotWidth / 2 }
        let (bottom, top) = (canvas.bottom - 6, canvas.top + 6)
        let scales = axes.map { axis -> PlotScale? in
            guard axis.categories == nil else { return nil }
            let numbers = axis.values.compactMap { $0?.doubleValue }
            return PlotScale.nice(axis.scale, data: numbers, range: (0, 1), count: 5)
        }
        // Lines first, the best-coloured last (on top); each broken where a run lacks a value.
        let order = (0..<lines).sorted { a, b in (colorNumbers.isEmpty ? 0 : colorNumbers[a] ?? -.infinity) < (colorNumbers.isEmpty ? 0 : colorNumbers[b] ?? -.infinity) }
        for run in order {
            let stroke: String
            if let categoricalColor, let value = color?.values[run], let index = categoricalColor.firstIndex(where: { ConfigValue.compare($0, value) == 0 }) {
                stroke = PlotPalette.color(index)
            } else if numericColor, let number = colorNumbers[run], number.isFinite {
                stroke = ColorMap.viridis(high > low ? (number - low) / (high - low) : 0.5)
            } else {
                stroke = numericColor || categoricalColor != nil ? "#bbbbbb" : PlotPalette.color(0)
            }
            var segment: [(x: Double, y: Double)] = []
            let title = run < titles.count ? titles[run] : nil
            for (index, axis) in axes.enumerated() {
                if let fraction = axis.fraction(run, numeric: scales[index]) {
                    segment.append((xs[index], bottom + (top - bottom) * fraction))
                } else {
                    canvas.svg.polyline(segment, stroke: stroke, width: 1.5, opacity: 0.75, title: title)
                    segment = []
                }
            }
            canvas.svg.polyline(segment, stroke: stroke, width: 1.5, opacity: 0.75, title: title)
        }
        // Axes with their ticks or categories.
        for (index, axis) in axes.enumerated() {
            let x = xs[index]
            canvas.svg.line(x1: x, y1: bottom, x2: x, y2: top, stroke: "#444444", width: 1.2)
            var marks: [(Double, String)] = []
            if let categories = axis.categories {
                marks = categories.enumerated().map { (categories.count == 1 ? 0.5 : Double($0.offset) / Double(categories.count - 1), PlotLabel.value($0.element)) }
            } else if let scale = scales[index] {
                let ticks = scale.ticks(5)
                marks = zip(ticks, PlotTicks.labels(ticks)).map { (scale($0.0), $0.1) }
            }
            let positions = marks.map { bottom + (top - bottom) * $0.0 }
            let show = PlotTicks.visible(positions: positions, extents: marks.map { _ in PlotCanvas.tickSize }, gap: 2)
            for (mark, position) in zip(marks.indices, positions) where position >= top - 0.5 && position <= bottom + 0.5 {
                canvas.svg.line(x1: x - 4, y1: position, x2: x, y2: position, stroke: "#444444")
                guard show[mark] else { continue }
                let label = PlotCanvas.shorten(marks[mark].1, 14)
                canvas.svg.rect(x: x - 7 - SVGDocument.textWidth(label, size: 10) - 2, y: position - 7, width: SVGDocument.textWidth(label, size: 10) + 4,
                                height: 13, fill: "#ffffff", opacity: 0.8)
                canvas.svg.text(label, x: x - 7, y: position + 10 * 0.35, size: 10, anchor: .end, fill: "#333333")
            }
            if axis.scale == .log { canvas.svg.text("log", x: x + 4, y: top + 4, size: 9, fill: "#777777") }
        }
        canvas.drawXCategories(names, centers: xs, slot: spacing > 0 ? spacing : canvas.plotWidth)
        if numericColor {
            let barX = canvas.right + 20, barTop = canvas.top + 22, barHeight = Swift.min(canvas.plotHeight - 22, 240)
            if let barTitle { canvas.svg.text(barTitle, x: barX, y: canvas.top + 10, size: 11, bold: true) }
            let steps = 48
            for step in 0..<steps {
                canvas.svg.rect(x: barX, y: barTop + barHeight * (1 - Double(step + 1) / Double(steps)), width: 14,
                                height: barHeight / Double(steps) + 0.5, fill: ColorMap.viridis(Double(step) / Double(steps - 1)))
            }
            let ticks = high > low ? PlotTicks.linear(low, high, count: 5) : [low]
            let scale = PlotScale(.linear, domain: low...Swift.max(high, low), range: (barTop + barHeight, barTop))
            for (tick, label) in zip(ticks, PlotTicks.labels(ticks)) {
                let y = high > low ? scale(tick) : barTop + barHeight / 2
                canvas.svg.line(x1: barX + 14, y1: y, x2: barX + 18, y2: y, stroke: "#444444")
                canvas.svg.text(label, x: barX + 21, y: y + 11 * 0.35, size: 11, fill: "#444444")
            }
        }
        return canvas.svg.rendered()
    }
}
