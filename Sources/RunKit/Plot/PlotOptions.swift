/// What every plot takes besides its data: size, titles, axis labels and log axes. Titles and
/// labels left nil default to the keys the plot was made from.
///
/// ```swift
/// var options = PlotOptions(title: "Training loss", logY: true)
/// options.yLabel = "loss (nats)"
/// let svg = try runs.curvePlot("train.loss", by: ["optimizer.lr"], options: options).svg()
/// ```
public struct PlotOptions: Sendable, Hashable {
    /// The title above the plot.
    public var title: String?
    /// A smaller line under the title (e.g. what the band is).
    public var subtitle: String?
    /// The x axis label.
    public var xLabel: String?
    /// The y axis label.
    public var yLabel: String?
    /// The width in pixels (the legend is inside it).
    public var width: Double
    /// The height in pixels; grown when a legend needs more.
    public var height: Double
    /// A log x axis (curves and scatter plots).
    public var logX: Bool
    /// A log y axis.
    public var logY: Bool

    /// Options; everything has a default.
    public init(title: String? = nil, subtitle: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                width: Double = 760, height: Double = 460, logX: Bool = false, logY: Bool = false) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.height = height
        self.logX = logX
        self.logY = logY
    }

    /// The x scale's kind: log when `logX`.
    var xScaleKind: PlotScale.Kind { logX ? .log : .linear }
    /// The y scale's kind: log when `logY`.
    var yScaleKind: PlotScale.Kind { logY ? .log : .linear }
}
