/// A built-in statistic of `Aggregation`, computed over the values of one key in a group's runs.
///
/// Missing values and nulls are skipped (they are no value); NaN is a value and propagates through
/// `mean`, `std`, `sem`, `min`, `max`, `median`, `quantile` and `sum`, as in numpy, so a diverged
/// seed shows instead of being averaged away. List values (a `history.KEY` curve) are aggregated
/// elementwise: see `CurveAlignment`.
///
/// ```swift
/// Statistic(name: "quantile")   // nil: quantile needs its q, written quantile(KEY, 0.9)
/// Statistic.mean.name           // "mean"
/// ```
public enum Statistic: Sendable, Hashable {
    /// The number of runs in the group (`count()`), or of runs with a non-null value (`count(KEY)`).
    case count
    /// The arithmetic mean.
    case mean
    /// The sample standard deviation (ddof 1, as pandas): NaN for one value.
    case std
    /// The standard error of the mean: `std / sqrt(n)`.
    case sem
    /// The half-width of the 95 % confidence interval of the mean, t-based (exact t quantile for
    /// n − 1 degrees of freedom): `t(0.975, n-1) * std / sqrt(n)`; NaN for one value.
    case ci95
    /// The smallest value (numbers numerically, else in `ConfigValue.compare` order).
    case min
    /// The largest value.
    case max
    /// The median: `quantile(0.5)`.
    case median
    /// The q-th quantile with linear interpolation (numpy's default method).
    case quantile(Double)
    /// The sum (0 for no values; an int when every value is an int).
    case sum
    /// The first non-null value, in the group's order.
    case first
    /// The last non-null value.
    case last
    /// The number of distinct non-null values (`10` and `10.0` are one; all NaNs are one).
    case uniqueCount
    /// The value of every run of the group, null where a run lacks the key.
    case list

    /// The function's name as written in an aggregation spec: `mean`, `quantile`, …
    public var name: String {
        switch self {
        case .count: return "count"
        case .mean: return "mean"
        case .std: return "std"
        case .sem: return "sem"
        case .ci95: return "ci95"
        case .min: return "min"
        case .max: return "max"
        case .median: return "median"
        case .quantile: return "quantile"
        case .sum: return "sum"
        case .first: return "first"
        case .last: return "last"
        case .uniqueCount: return "nunique"
        case .list: return "list"
        }
    }

    /// The statistic named `name`, or nil (also for `quantile`, which needs its q).
    public init?(name: String) {
        let all: [Statistic] = [.count, .mean, .std, .sem, .ci95, .min, .max, .median, .sum, .first, .last, .uniqueCount, .list]
        guard let found = all.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    /// Every function name an aggregation spec accepts.
    public static let names = ["count", "n", "mean", "std", "sem", "ci95", "min", "max", "median", "quantile", "sum", "first", "last", "nunique", "list"]

    /// True for the statistics that are computed elementwise on list values (curves).
    var isElementwise: Bool {
        switch self {
        case .first, .last, .uniqueCount, .list: return false
        default: return true
        }
    }
}
