import Foundation
import Testing
@testable import RunKit

@Suite("Plots: scales, ticks, bands, palette and SVG")
struct PlotTests {
    /// True when `value` is 1, 2 or 5 × 10^k times an integer multiple (a round tick).
    func isRound(_ value: Double, step: Double) -> Bool {
        let mantissa = step / pow(10, log10(step).rounded(.down))
        let multiple = value / step
        return [1, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 } && abs(multiple - multiple.rounded()) < 1e-9
    }

    @Test("linear ticks land on 1-2-5 multiples inside the range, without float noise")
    func linearTicks() {
        #expect(PlotTicks.linear(0, 2.3, count: 5) == [0, 0.5, 1, 1.5, 2])
        #expect(PlotTicks.linear(0.1, 0.7, count: 6) == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
        #expect(PlotTicks.linear(-3, 97, count: 5) == [0, 20, 40, 60, 80])
        for (low, high) in [(0.0013, 0.0071), (3.0, 3117.0), (-1.5, 1.5), (1e6, 9e6), (0.2, 0.2000003)] {
            let ticks = PlotTicks.linear(low, high, count: 6)
            let step = PlotTicks.step(low, high, count: 6)
            #expect(ticks.count >= 2 && ticks.count <= 12, "\(low)...\(high): \(ticks)")
            #expect(ticks.allSatisfy { $0 >= low - 1e-12 && $0 <= high + 1e-12 && isRound($0, step: step) }, "\(ticks)")
        }
    }

    @Test("log ticks: 1-2-5 per decade over few decades, powers of ten over many, 1 always among them")
    func logTicks() {
        #expect(PlotTicks.logarithmic(0.03, 20) == [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20])
        #expect(PlotTicks.logarithmic(0.003, 40) == [0.01, 0.1, 1, 10])
        #expect(PlotTicks.logarithmic(0.5, 3e6) == [1, 10, 100, 1000, 1e4, 1e5, 1e6])
        let wide = PlotTicks.logarithmic(0.3, 1e118)
        #expect(wide.contains(1) && wide.count <= 10 && wide.count >= 4, "\(wide)")
        #expect(PlotTicks.logarithmic(2.1, 2.9).count >= 2)
    }

    @Test("tick labels: as few decimals as needed, short exponents for extremes")
    func labels() {
        #expect(PlotTicks.labels([0, 0.5, 1, 1.5]) == ["0", "0.5", "1", "1.5"])
        #expect(PlotTicks.labels([0.001, 0.002]) == ["0.001", "0.002"])
        #expect(PlotTicks.labels([1e-5, 1e-4]) == ["1e-5", "1e-4"])
        #expect(PlotTicks.labels([1, 1e10]) == ["1", "1e10"])
        #expect(PlotTicks.label(0.82834) == "0.8283")
        #expect(PlotTicks.label(1234567) == "1.23e6" && PlotTicks.label(-0.00025) == "-2.5e-4")
        #expect(PlotTicks.label(.nan) == "NaN")
    }

    @Test("scales map the domain onto the range, linearly or by log10; nice domains cover the data on round ticks")
    func scales() throws {
        let x = PlotScale(.linear, domain: 0...10, range: (100, 600))
        #expect(x(0) == 100 && x(10) == 600 && x(2.5) == 225)
        let y = PlotScale(.log, domain: 0.01...10, range: (400, 100))
        #expect(abs(y(1) - 200) < 1e-9 && y(0.01) == 400 && y(10) == 100)
        #expect(y(0) == .infinity || !y(0).isFinite)
        let nice = try #require(PlotScale.nice(.linear, data: [0.31, 9.2, .nan], range: (0, 1)))
        #expect(nice.domain == 0...10)
        let barScale = try #require(PlotScale.nice(.linear, data: [3, 4], range: (0, 1), includeZero: true))
        #expect(barScale.domain.lowerBound == 0)
        let logScale = try #require(PlotScale.nice(.log, data: [-1, 0, 0.02, 50], range: (0, 1)))
        #expect(logScale.domain.lowerBound > 0 && logScale.domain.lowerBound < 0.02 && logScale.domain.upperBound > 50)
        #expect(PlotScale.nice(.log, data: [0, -2], range: (0, 1)) == nil)
        let flat = try #require(PlotScale.nice(.linear, data: [5, 5], range: (0, 1)))
        #expect(flat.domain.contains(5) && flat.domain.lowerBound < 5)
    }

    @Test("tick labels that would collide are thinned to every k-th, and the kept ones do not overlap")
    func thinning() {
        let positions = stride(from: 0.0, through: 500, by: 25).map { $0 }
        let widths = positions.map { _ in 40.0 }
        let shown = PlotTicks.visible(positions: positions, extents: widths)
        #expect(shown[0] && shown.contains(false))
        let kept = positions.indices.filter { shown[$0] }.map { positions[$0] }
        #expect(zip(kept, kept.dropFirst()).allSatisfy { $1 - $0 >= 40 + 6 })
        #expect(PlotTicks.visible(positions: [0, 100, 200], extents: [20, 20, 20]) == [true, true, true])
    }

    @Test("palette: eight distinct Okabe-Ito colours, then dashed lines")
    func palette() {
        let colors = (0..<8).map(PlotPalette.color)
        #expect(Set(colors).count == 8)
        #expect(colors[0] == "#0072B2" && PlotPalette.color(8) == colors[0])
        #expect(PlotPalette.dash(0) == nil && PlotPalette.dash(8) != nil && PlotPalette.dash(8) != PlotPalette.dash(16))
        #expect(ColorMap.viridis(0) == "#440154" && ColorMap.viridis(1) == "#fde725")
        #expect(ColorMap.textColor(on: 0) == "#ffffff" && ColorMap.textColor(on: 1) == "#000000")
    }

    func points(_ values: [(Int64, Double)]) -> [MetricPoint] {
        values.map { MetricPoint(step: $0.0, timestamp: nil, value: $0.1) }
    }

    @Test("bands: mean ± sample std, min–max, by step; a repeated step counts its last value; NaN left out")
    func bands() {
        let a = points([(0, 1), (1, 2), (2, 3)])
        let b = points([(0, 3), (1, 4), (1, 6), (2, .nan)])   // step 1 logged twice: 6 counts
        let c = points([(0, 5), (3, 7)])
        let std = CurveSeries.aggregate(label: "g", curves: [a, b, c], band: .std)
        #expect(std.steps == [0, 1, 2, 3])
        #expect(std.mean == [3, 4, 3, 7])
        #expect(std.lower == [1, 4 - 8.0.squareRoot(), 3, 7])          // std of [1,3,5] is 2; of [2,6] is sqrt(8)
        #expect(std.upper == [5, 4 + 8.0.squareRoot(), 3, 7])          // one value: no band
        #expect(std.runCount == 3)
        let minmax = CurveSeries.aggregate(label: "g", curves: [a, b, c], band: .minmax)
        #expect(minmax.lower == [1, 2, 3, 7] && minmax.upper == [5, 6, 3, 7])
        let none = CurveSeries.aggregate(label: "g", curves: [a, []], band: .none)
        #expect(none.lower == nil && none.upper == nil && none.runCount == 1 && none.mean == [1, 2, 3])
    }

    @Test("escaping: markup, quotes and control characters in labels")
    func escaping() {
        #expect(SVGDocument.escape("a<b & 'c' \"d\" >") == "a&lt;b &amp; &apos;c&apos; &quot;d&quot; &gt;")
        #expect(SVGDocument.escape("x\u{1}y") == "xy")
    }

    @Test("every kind of plot is well-formed SVG, hostile labels included, and draws what it was given")
    func wellFormed() throws {
        let nasty = "lr<0.1 & \"fast\" 'run' ]]>"
        var curve = CurvePlot(series: [
            CurveSeries.aggregate(label: nasty, curves: [points([(0, 1), (1, 0.5), (2, 0.25)]), points([(0, 2), (1, 1), (2, 0.5)])], band: .std),
            CurveSeries.aggregate(label: "b", curves: [points([(0, 3), (1, .nan), (2, 1)])], band: .std),
        ], legendTitle: nasty, options: PlotOptions(title: nasty, xLabel: "step", yLabel: nasty))
        var outline = try #require(SVGOutline.parse(curve.svg()))
        #expect(outline.texts.filter { $0 == nasty }.count == 4)   // title, y label, legend title and entry
        #expect(outline.count("polygon") == 1)                     // one band: series b has one run, so none
        #expect(outline.count("polyline") == 2)                    // b's NaN step is left out, its line goes on
        curve.options.logY = true
        outline = try #require(SVGOutline.parse(curve.svg()))
        #expect(outline.texts.contains("1"))
        let empty = try #require(SVGOutline.parse(CurvePlot(series: []).svg()))
        #expect(empty.texts.contains("no values to plot"))

        let bars = BarPlot(bars: [.init(label: nasty, value: 2, lower: 1, upper: 3, runCount: 3), .init(label: "x", value: .nan)])
        outline = try #require(SVGOutline.parse(bars.svg()))
        #expect(outline.texts.contains("n/a") && outline.count("rect") == 2)   // background + one bar
        let heatmap = HeatmapPlot(columns: ["0.1", nasty], rows: ["a", "b"], values: [[1, 2], [3, .nan]], valueLabel: "mean(loss)")
        outline = try #require(SVGOutline.parse(heatmap.svg()))
        #expect(["1", "2", "3", "–"].allSatisfy(outline.texts.contains))
        let scatter = ScatterPlot(series: [.init(label: nasty, x: [1, 2], y: [3, 4], titles: ["<r1>", "r2"])], legendTitle: "k")
        outline = try #require(SVGOutline.parse(scatter.svg()))
        #expect(outline.count("circle") == 3)   // two dots and the legend's
    }

    @Test("the MLXP store's train.loss curves by learning rate: means equal mean(history.train.loss) where curves are equal length")
    func mlxpCurves() throws {
        let all = RunCollection(try MLXPStore(logsPath: Fixtures.path("mlxp-logs/logs")).loadRuns().runs)
        let runs = try all.filter(Query("info.status == 'COMPLETE' & config.seed <= 3"))
        let plot = try runs.curvePlot("train.loss", by: ["optimizer.lr"])
        #expect(plot.series.map(\.label) == ["1.0 (n=9)", "10.0 (n=9)"])
        #expect(plot.options.title == "train.loss by optimizer.lr" && plot.options.xLabel == "step" && plot.options.yLabel == "train.loss")
        let table = try runs.aggregated(by: ["optimizer.lr"], [.mean("history.train.loss"), .std("history.train.loss")], alignment: .shortest)
        for row in 0..<table.rowCount {
            let lr = table.row(row)["optimizer.lr"]!.doubleValue!
            let series = plot.series[lr == 1 ? 0 : 1]
            let mean = table.row(row)["mean(history.train.loss)"]!.listValue!.map { $0.doubleValue! }
            let std = table.row(row)["std(history.train.loss)"]!.listValue!.map { $0.doubleValue! }
            #expect(zip(series.mean, mean).allSatisfy { abs($0 - $1) < 1e-12 })
            #expect(zip(series.upper!, zip(mean, std)).allSatisfy { abs($0 - ($1.0 + $1.1)) < 1e-12 })
        }
        let svg = try #require(SVGOutline.parse(plot.svg()))
        #expect(svg.count("polyline") == 2 && svg.count("polygon") == 2)
        #expect(svg.texts.contains("optimizer.lr") && svg.texts.contains("1.0 (n=9)"))
        #expect(throws: RunKitError.self) { try runs.curvePlot("train.los", by: ["optimizer.lr"]) }
        #expect(throws: RunKitError.self) { try runs.curvePlot("config.seed") }
    }

    @Test("bar, heatmap and scatter plots of the MLXP store carry the groups' statistics")
    func mlxpOthers() throws {
        let all = RunCollection(try MLXPStore(logsPath: Fixtures.path("mlxp-logs/logs")).loadRuns().runs)
        let runs = try all.filter(Query("info.status == 'COMPLETE'"))
        let bars = try runs.barPlot("test.loss", by: ["model.num_units"], error: .minmax)
        #expect(bars.bars.map(\.label) == ["2", "3", "4"])
        let three = try runs.filter(Query("model.num_units == 3")).doubles(of: "test.loss")
        #expect(abs(bars.bars[1].value - three.reduce(0, +) / Double(three.count)) < 1e-12)
        #expect(bars.bars[1].lower == three.min() && bars.bars[1].upper == three.max() && bars.bars[1].runCount == three.count)
        let heat = try runs.heatmapPlot("test.loss", x: "optimizer.lr", y: "model.num_units", statistic: .median)
        #expect(heat.columns == ["1.0", "10.0"] && heat.rows == ["2", "3", "4"])
        let cell = try runs.filter(Query("model.num_units == 3 & optimizer.lr == 10")).doubles(of: "test.loss").sorted()
        #expect(abs(heat.values[1][1] - cell[cell.count / 2]) < 1e-12 || cell.count % 2 == 0)
        let scatter = try runs.scatterPlot(x: "optimizer.lr", y: "test.loss", color: "model.num_units")
        #expect(scatter.series.map(\.label) == ["2", "3", "4"] && scatter.series.map(\.x.count).reduce(0, +) == runs.count)
        #expect(throws: RunKitError.self) { try runs.scatterPlot(x: "model.activation", y: "test.loss") }
    }
}
