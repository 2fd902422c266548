/// The shaded band around a group's mean curve: ± one sample standard deviation over the
/// group's runs, their minimum to maximum, or none.
///
/// ```swift
/// let plot = try runs.curvePlot("train.loss", by: ["optimizer.lr"], band: .minmax)
/// ```
public enum CurveBand: String, Sendable, Hashable, CaseIterable {
    /// mean ± std (sample, ddof 1, as `std(history.KEY)`); no band where one run has the step.
    case std
    /// From the smallest to the largest value at each step.
    case minmax
    /// No band: the mean line only.
    case none

    /// How the band reads in a subtitle: `"mean ± std over runs"`.
    public var caption: String {
        switch self {
        case .std: return "mean ± std over the runs of each group"
        case .minmax: return "mean, band min–max over the runs of each group"
        case .none: return "mean over the runs of each group"
        }
    }
}
