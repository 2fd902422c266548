/// One line of a curve plot: a group's mean curve over steps and its band.
///
/// Curves are lined up by step (not by position, unlike `mean(history.KEY)` in a table): the
/// point at step s is over the runs that logged step s, so a run killed early or resumed at a
/// later step counts where it has values. A run that logged a step twice counts its last value.
/// Non-finite values (NaN, ±inf) are left out of the statistics.
///
/// ```swift
/// let series = CurveSeries.aggregate(label: "lr=0.1", curves: [run1Points, run2Points], band: .std)
/// series.steps, series.mean, series.lower, series.upper
/// ```
public struct CurveSeries: Sendable, Hashable {
    /// The legend label.
    public var label: String
    /// The steps, ascending.
    public var steps: [Double]
    /// The mean at each step.
    public var mean: [Double]
    /// The band's lower edge at each step (nil: no band).
    public var lower: [Double]?
    /// The band's upper edge at each step.
    public var upper: [Double]?
    /// How many runs the curve is over.
    public var runCount: Int

    /// A series from values you computed.
    public init(label: String, steps: [Double], mean: [Double], lower: [Double]? = nil, upper: [Double]? = nil, runCount: Int = 1) {
        self.label = label
        self.steps = steps
        self.mean = mean
        self.lower = lower
        self.upper = upper
        self.runCount = runCount
    }

    /// The mean curve and band of some runs' histories of one metric.
    public static func aggregate(label: String, curves: [[MetricPoint]], band: CurveBand) -> CurveSeries {
        var byStep: [Int64: [Double]] = [:]
        for curve in curves {
            var last: [Int64: Double] = [:]
            for point in curve { last[point.step] = point.value }
            for (step, value) in last where value.isFinite { byStep[step, default: []].append(value) }
        }
        let steps = byStep.keys.sorted()
        var mean: [Double] = [], lower: [Double] = [], upper: [Double] = []
        for step in steps {
            let values = byStep[step]!
            let average = Statistic.sum(values) / Double(values.count)
            mean.append(average)
            switch band {
            case .std:
                let deviation = values.count > 1 ? Statistic.standardDeviation(values) : 0
                lower.append(average - deviation)
                upper.append(average + deviation)
            case .minmax:
                lower.append(values.min()!)
                upper.append(values.max()!)
            case .none:
                break
            }
        }
        return CurveSeries(label: label, steps: steps.map(Double.init), mean: mean,
                           lower: band == .none ? nil : lower, upper: band == .none ? nil : upper,
                           runCount: curves.filter { !$0.isEmpty }.count)
    }
}
