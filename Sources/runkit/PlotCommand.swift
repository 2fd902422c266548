import ArgumentParser
import Foundation
import RunKit

extension CurveBand: ExpressibleByArgument {}
extension ErrorBar: ExpressibleByArgument {}

/// `runkit plot`: a curve, bar, heatmap or scatter plot of the selected runs as a standalone SVG
/// (and a PNG with `--png` where a converter is installed).
struct PlotCommand: ParsableCommand {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case curve, bar, heatmap, scatter, parallel
    }

    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Plot runs as SVG: metric curves, bars, heatmaps or scatter plots.",
        discussion: """
        curve:   --metric KEY [--by K1,K2] [--band std|minmax|none]   mean history per group vs step, shaded band
        bar:     --metric KEY [--by K1,K2] [--stat mean] [--error std|sem|minmax|none]
        heatmap: --metric KEY --x KEY --y KEY [--stat mean]           the value in each cell
        scatter: --x KEY --y KEY [--color KEY]                        one dot per run
        parallel: [--by K1,K2 | --by-all-except K] [--metric KEY] [--color KEY] [--log-axes K1,K2]
                 one axis per key (default: every varying config key), then the metric; lines coloured by it
        --where filters first. Without --output the SVG goes to stdout.
        e.g. runkit plot Tests/Fixtures/mlxp-logs --kind curve --metric train.loss --by optimizer.lr --output loss.svg --png
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var selection: QueryArguments

    @Option(name: .long, help: "curve, bar, heatmap, scatter or parallel.")
    var kind: Kind

    @Option(name: .long, help: "The metric (curve, bar, heatmap; parallel: the last axis and the colour), e.g. train.loss.")
    var metric: String?

    @Option(name: .long, help: ArgumentHelp("Comma-separated keys: one line (curve) or bar per group; the colour key of a scatter plot.", valueName: "K1,K2"))
    var by: String?

    @OptionGroup var seeds: SeedArguments

    @Option(name: .customLong("x"), help: ArgumentHelp("The x key: heatmap columns, or a scatter plot's x.", valueName: "KEY"))
    var xKey: String?

    @Option(name: .customLong("y"), help: ArgumentHelp("The y key: heatmap rows, or a scatter plot's y.", valueName: "KEY"))
    var yKey: String?

    @Option(name: .long, help: ArgumentHelp("Colour a scatter plot's dots (same as --by) or a parallel plot's lines (default: --metric) by this key.", valueName: "KEY"))
    var color: String?

    @Option(name: .customLong("log-axes"), help: ArgumentHelp("Parallel plot: these axes are logarithmic (numeric axes whose positive values span 100× are anyway).", valueName: "K1,K2"))
    var logAxes: String?

    @Option(name: .long, help: "The band around each mean curve.")
    var band: CurveBand = .std

    @Option(name: .long, help: "A bar's error bar.")
    var error: ErrorBar = .std

    @Option(name: .long, help: ArgumentHelp("The statistic of a bar or heatmap cell: mean, median, min, max, sum, first, last.", valueName: "FUNC"))
    var stat: String = "mean"

    @Flag(name: .customLong("log-y"), help: "A log y axis.")
    var logY = false

    @Flag(name: .customLong("log-x"), help: "A log x axis (curve, scatter).")
    var logX = false

    @Option(name: .long, help: "The title (default: from the keys).")
    var title: String?

    @Option(name: .customLong("x-label"), help: "The x axis label (default: the key).")
    var xLabel: String?

    @Option(name: .customLong("y-label"), help: "The y axis label (default: the key).")
    var yLabel: String?

    @Option(name: .long, help: "Width in pixels.")
    var width: Double = 760

    @Option(name: .long, help: "Height in pixels.")
    var height: Double = 460

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the SVG here, atomically, never onto the store read (default: stdout).", valueName: "FILE"),
            completion: .file(extensions: ["svg"]))
    var output: String?

    @Flag(name: .long, help: "Also write a PNG beside the SVG (FILE with .png), with headless chromium or rsvg-convert.")
    var png = false

    func validate() throws {
        try seeds.validate(by: by)
        if kind != .scatter, kind != .parallel, metric == nil { throw ValidationError("--kind \(kind.rawValue) needs --metric KEY.") }
        if kind == .heatmap, xKey == nil || yKey == nil { throw ValidationError("--kind heatmap needs --x KEY and --y KEY (the config keys of its columns and rows).") }
        if kind == .scatter, xKey == nil || yKey == nil { throw ValidationError("--kind scatter needs --x KEY and --y KEY.") }
        if png, output == nil { throw ValidationError("--png needs --output FILE (the PNG goes beside it).") }
        guard width >= 200, height >= 150 else { throw ValidationError("--width must be at least 200 and --height at least 150 pixels.") }
    }

    func run() throws {
        let parsed = try selection.parse()
        guard let statistic = Statistic(name: stat), ![.count, .list, .uniqueCount].contains(statistic) else {
            throw RunKitError(.invalidArgument, "--stat \(stat) is not a statistic a plot can draw; use mean, median, min, max, sum, first or last.")
        }
        let options = PlotOptions(title: title, xLabel: xLabel, yLabel: yLabel, width: width, height: height, logX: logX, logY: logY)
        let named = TableOutputOptions.keys(by)
        let draw = { (loaded: LoadedRuns) throws -> (svg: String, notes: [String]) in
            let runs = RunCollection(try selection.apply(parsed, to: loaded.runs, kind: loaded.reader.kind))
            let keys = try seeds.keys(by: named, in: runs)
            switch kind {
            case .curve: return (try runs.curvePlot(metric!, by: keys, band: band, options: options).svg(), [])
            case .bar: return (try runs.barPlot(metric!, by: keys, statistic: statistic, error: error, options: options).svg(), [])
            case .heatmap: return (try runs.heatmapPlot(metric!, x: xKey!, y: yKey!, statistic: statistic, options: options).svg(), [])
            case .scatter:
                let plot = try runs.scatterPlot(x: xKey!, y: yKey!, color: color ?? keys.first, options: options)
                return (plot.svg(), plot.notes)
            case .parallel:
                let axes = keys + (metric.map { [$0] } ?? [])
                return (try runs.parallelPlot(axes: keys.isEmpty ? [] : axes, color: color ?? metric,
                                              logAxes: TableOutputOptions.keys(logAxes), options: options).svg(), [])
            }
        }
        let loaded: LoadedRuns, svg: String, notes: [String]
        if let output {
            // Written to a file: every run is read whole, so that no run's folder can be the output's.
            loaded = try store.load(writing: png ? [output, Self.pngPath(svg: output)] : [output])
            (svg, notes) = try draw(loaded)
        } else {
            // A curve reads the metric's history (when asked for), not its latest value.
            let metricKey = metric.map { kind == .curve ? "history." + FieldKey($0).name : $0 }
            var projection = seeds.projection(RunProjection(query: parsed.query, order: parsed.order, keys: named + [metricKey, xKey, yKey, color].compactMap(\.self)))
            // A parallel plot without --by has an axis per varying config key: the whole config.
            if kind == .parallel, named.isEmpty { projection.include(FieldKey(namespace: .config, name: "")) }
            (loaded, (svg, notes)) = try store.load(planning: parsed.query, allowMissing: selection.allowMissing,
                                                   projection: projection, answering: draw)
        }
        for note in notes { Terminal.note(note) }
        guard let output else {
            Terminal.write(svg)
            try loaded.finish()
            return
        }
        try AtomicFile.write(svg, to: output)
        Terminal.note("wrote \(output)")
        if png { try writePNG(svg: output, document: svg) }
        try loaded.finish()
    }

    /// The PNG beside the SVG, or a clear note that no converter is installed (exit status 1).
    private func writePNG(svg path: String, document: String) throws {
        let pngPath = Self.pngPath(svg: path)
        guard let converter = SVGRasterizer.find() else {
            throw RunKitError(.invalidArgument, "No SVG to PNG converter is installed: install chromium (headless) or rsvg-convert (librsvg2-bin) for --png; the SVG is written to \(path).")
        }
        let size = Self.size(of: document) ?? (width, height)
        try SVGRasterizer.png(svg: path, png: pngPath, width: size.0, height: size.1, using: converter)
        Terminal.note("wrote \(pngPath) with \(converter.path)")
    }

    /// The PNG written beside an SVG: FILE.svg → FILE.png, FILE → FILE.png.
    static func pngPath(svg path: String) -> String {
        (path.hasSuffix(".svg") ? String(path.dropLast(4)) : path) + ".png"
    }

    /// The width and height the SVG says (a legend can make it taller than asked).
    static func size(of svg: String) -> (Double, Double)? {
        guard let range = svg.range(of: "viewBox=\"0 0 ") else { return nil }
        let numbers = svg[range.upperBound...].prefix { $0 != "\"" }.split(separator: " ").compactMap { Double($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }
}
