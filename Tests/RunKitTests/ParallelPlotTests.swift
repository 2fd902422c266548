import Testing
@testable import RunKit

/// Parallel coordinates (`ParallelPlot`, `ParallelAxis`): axis types, lines, colours.
@Suite("Parallel coordinates")
struct ParallelPlotTests {
    @Test("axes are typed from their values: numeric, log when they span 100× or when asked, categorical otherwise")
    func axes() {
        #expect(ParallelAxis(key: "lr", values: [.double(0.001), .double(0.5), nil]).scale == .log)
        #expect(ParallelAxis(key: "units", values: [.int(2), .int(4)]).scale == .linear)
        #expect(ParallelAxis(key: "units", values: [.int(2), .int(4)], log: true).scale == .log)
        #expect(ParallelAxis(key: "x", values: [.double(-1), .double(500)]).scale == .linear)
        let model = ParallelAxis(key: "model", values: [.string("mlp"), .string("cnn"), .string("mlp"), .null])
        #expect(model.categories == [.string("cnn"), .string("mlp")])
        #expect(ParallelAxis(key: "flag", values: [.bool(true), .bool(false)]).categories != nil)
        #expect(model.fraction(0, numeric: nil) == 1 && model.fraction(1, numeric: nil) == 0 && model.fraction(3, numeric: nil) == nil)
    }

    @Test("one line per run through every axis (broken where a value is missing), coloured by the metric on viridis")
    func plot() throws {
        let runs = try loadHydraFlowRuns(experiments: .all).elements.filter { $0.info.experimentName == "train" }
        let plot = try RunCollection(runs).parallelPlot(axes: ["model.type", "optimizer.lr"], color: "metrics.loss")
        #expect(plot.axes.map(\.key) == ["model.type", "optimizer.lr", "metrics.loss"])
        let outline = try #require(SVGOutline.parse(plot.svg()))
        let lines = outline.elements.filter { $0.name == "polyline" }
        #expect(lines.count == runs.count)
        // The failed run's loss is NaN: its line stops at the lr axis and is grey.
        #expect(lines.filter { $0.attributes["stroke"] == "#bbbbbb" }.count == runs.filter { $0.metric("loss")?.doubleValue?.isNaN ?? true }.count)
        #expect(lines.allSatisfy { $0.attributes["stroke"]?.hasPrefix("#") == true })
        #expect(outline.texts.contains("cnn") && outline.texts.contains("mlp") && outline.texts.contains("log"))
        #expect(outline.texts.contains("metrics.loss") && outline.texts.contains("Parallel coordinates of \(runs.count) runs, coloured by metrics.loss"))
        let byModel = try RunCollection(runs).parallelPlot(axes: ["optimizer.lr", "metrics.loss"], color: "model.type")
        let modelLines = try #require(SVGOutline.parse(byModel.svg())).elements.filter { $0.name == "polyline" }
        #expect(Set(modelLines.compactMap { $0.attributes["stroke"] }).isSubset(of: [PlotPalette.color(0), PlotPalette.color(1)]))
        #expect(throws: RunKitError.self) { try RunCollection(runs).parallelPlot(axes: ["model.typo"]) }
    }
}
