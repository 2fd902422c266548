/// The error bar of a bar plot: ± one sample standard deviation, ± the standard error of the
/// mean, the group's minimum to maximum, or none.
///
/// ```swift
/// let plot = try runs.barPlot("test.loss", by: ["optimizer.lr"], error: .sem)
/// ```
public enum ErrorBar: String, Sendable, Hashable, CaseIterable {
    case std, sem, minmax, none

    /// How the error bar reads in a subtitle.
    public var caption: String {
        switch self {
        case .std: return "error bars: ± std"
        case .sem: return "error bars: ± standard error"
        case .minmax: return "error bars: min–max"
        case .none: return ""
        }
    }
}
