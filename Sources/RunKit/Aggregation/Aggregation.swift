import Foundation

/// One column of an aggregated table: a built-in `Statistic` of a key, HydraFlow's plain key
/// (the list of the group's values), or your own closure over the group. Its `name` is the column
/// name, exactly as the spec was written.
///
/// ```swift
/// let aggregations: [Aggregation<Run>] = [
///     try Aggregation("mean(metrics.accuracy)"),            // column "mean(metrics.accuracy)"
///     .count(),                                             // "count()"
///     .quantile("metrics.loss", 0.9),                       // "quantile(metrics.loss, 0.9)"
///     .custom("best_run") { group in .string(try group.items.sorted(by: "metrics.loss").first().id) },
/// ]
/// let table = try runs.grouped(by: "model.type").aggregated(aggregations)
/// ```
public struct Aggregation<Element: Sendable>: Sendable {
    /// The column name.
    public let name: String
    /// The built-in statistic, nil for a custom closure.
    public let statistic: Statistic?
    /// The key the statistic reads, nil for `count()` and custom closures.
    public let key: String?
    let custom: (@Sendable (ItemGroup<Element>) throws -> ConfigValue)?

    /// A built-in statistic of `key` (nil only for `count`), named `name` or, by default,
    /// `statistic(key)` (`quantile(key, q)`).
    ///
    /// ```swift
    /// let std = Aggregation<Run>(.std, "metrics.loss")   // "std(metrics.loss)"
    /// ```
    public init(_ statistic: Statistic, _ key: String?, name: String? = nil) {
        self.statistic = statistic
        self.key = key
        self.custom = nil
        if let name {
            self.name = name
        } else if case .quantile(let q) = statistic {
            self.name = "quantile(\(key ?? ""), \(q))"
        } else {
            self.name = "\(statistic.name)(\(key ?? ""))"
        }
    }

    /// Parses a spec as the CLI's `--agg` takes it, keeping the text as the column name:
    /// `mean(metrics.loss)`, `count()`, `count(metrics.loss)`, `quantile(metrics.loss, 0.9)`,
    /// `list(run_id)`, or a bare key (HydraFlow's string `agg`: the list of the group's values).
    /// Throws `invalidArgument` for an unknown function or a malformed spec.
    ///
    /// ```swift
    /// let median = try Aggregation<Run>("median(history.val.acc)")
    /// ```
    public init(_ spec: String) throws {
        let text = spec.trimmingCharacters(in: .whitespaces)
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")"),
              let function = Optional(String(text[..<open]).trimmingCharacters(in: .whitespaces)),
              function.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !function.isEmpty else {
            guard !text.isEmpty else { throw RunKitError(.invalidArgument, "An empty aggregation: write e.g. 'mean(metrics.loss)' or 'count()'.") }
            self.init(.list, text, name: text)
            return
        }
        let argument = String(text[text.index(after: open)..<text.index(before: text.endIndex)]).trimmingCharacters(in: .whitespaces)
        if function == "quantile" {
            guard let comma = argument.lastIndex(of: ","),
                  let q = Double(argument[argument.index(after: comma)...].trimmingCharacters(in: .whitespaces)), (0...1).contains(q) else {
                throw RunKitError(.invalidArgument, "quantile needs a key and a q between 0 and 1: 'quantile(metrics.loss, 0.9)', not '\(text)'.")
            }
            let key = argument[..<comma].trimmingCharacters(in: .whitespaces)
            self.init(.quantile(q), key, name: text)
            return
        }
        if function == "n" {
            guard argument.isEmpty else { throw RunKitError(.invalidArgument, "n() counts a group's runs and takes no key; count(KEY) counts the runs with KEY.") }
            self.init(.count, nil, name: text)
            return
        }
        guard let statistic = Statistic(name: function) else {
            throw RunKitError(.invalidArgument, "Unknown aggregation function '\(function)' in '\(text)'; use one of \(Statistic.names.joined(separator: ", ")).")
        }
        if argument.isEmpty {
            guard statistic == .count else { throw RunKitError(.invalidArgument, "\(function) needs a key: '\(function)(metrics.loss)', not '\(text)'.") }
            self.init(.count, nil, name: text)
        } else {
            self.init(statistic, argument, name: text)
        }
    }

    private init(name: String, custom: @escaping @Sendable (ItemGroup<Element>) throws -> ConfigValue) {
        self.name = name
        self.statistic = nil
        self.key = nil
        self.custom = custom
    }

    /// Your own aggregation: a closure over the group, its answer the cell.
    ///
    /// ```swift
    /// .custom("seeds") { group in .int(try group.items.uniqueValues(of: "seed").count) }
    /// ```
    public static func custom(_ name: String, _ body: @escaping @Sendable (ItemGroup<Element>) throws -> ConfigValue) -> Aggregation {
        Aggregation(name: name, custom: body)
    }

    /// `count()`: the number of runs in the group; `count(key)`: of runs with a non-null value.
    public static func count(_ key: String? = nil) -> Aggregation { Aggregation(.count, key) }
    /// `mean(key)`.
    public static func mean(_ key: String) -> Aggregation { Aggregation(.mean, key) }
    /// `std(key)`: sample standard deviation (ddof 1).
    public static func std(_ key: String) -> Aggregation { Aggregation(.std, key) }
    /// `sem(key)`: standard error of the mean.
    public static func sem(_ key: String) -> Aggregation { Aggregation(.sem, key) }
    /// The 95 % confidence half-width of the mean (t-based): `m ± ci95` is the interval.
    public static func ci95(_ key: String) -> Aggregation { Aggregation(.ci95, key) }
    /// `min(key)`.
    public static func min(_ key: String) -> Aggregation { Aggregation(.min, key) }
    /// `max(key)`.
    public static func max(_ key: String) -> Aggregation { Aggregation(.max, key) }
    /// `median(key)`.
    public static func median(_ key: String) -> Aggregation { Aggregation(.median, key) }
    /// `quantile(key, q)`: linear interpolation, numpy's default.
    public static func quantile(_ key: String, _ q: Double) -> Aggregation { Aggregation(.quantile(q), key) }
    /// `sum(key)`.
    public static func sum(_ key: String) -> Aggregation { Aggregation(.sum, key) }
    /// `first(key)`: the first non-null value.
    public static func first(_ key: String) -> Aggregation { Aggregation(.first, key) }
    /// `last(key)`: the last non-null value.
    public static func last(_ key: String) -> Aggregation { Aggregation(.last, key) }
    /// `nunique(key)`: the number of distinct non-null values.
    public static func uniqueCount(_ key: String) -> Aggregation { Aggregation(.uniqueCount, key) }
    /// `list(key)`: every run's value, null where a run lacks the key.
    public static func list(_ key: String) -> Aggregation { Aggregation(.list, key) }
}
