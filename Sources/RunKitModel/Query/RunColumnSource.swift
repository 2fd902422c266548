/// How runs are read in bulk: each field of many runs in a tight loop on every core, params,
/// metrics and tags from their load's by-field layout (`RunFieldColumns`) where the load built one,
/// and queries evaluated a comparison at a time (`RunQueryEvaluator`). The same answers as
/// `Run.value(for:)` run by run. `RunCollection` reads through it.
///
/// ```swift
/// let kept = RunColumnSource().positions(matching: try Query("params.seed = '1'"), among: Array(runs.indices),
///                                        in: runs[...], like: .sql)
/// ```
package struct RunColumnSource: ColumnSource {
    package init() {}

    package func value(of field: QueryField, in run: Run) -> ConfigValue? {
        run.value(for: field)
    }

    package func values(of fields: [QueryField], in runs: ArraySlice<Run>) -> [[ConfigValue?]] {
        Run.values(of: fields, in: runs)
    }

    package func positions(matching query: Query, among candidates: [Int], in runs: ArraySlice<Run>,
                           like: LikeSemantics) -> [Int] {
        RunQueryEvaluator(runs: runs, like: like).positions(query.root, among: candidates)
    }

    /// A quoted number compared with a numeric metric is an error (`Query.checkQuotedNumbers`).
    package func validate(_ query: Query, in runs: ArraySlice<Run>) throws {
        try query.checkQuotedNumbers { field in runs.first { $0.value(for: field) != nil }?.resolvesToNumericMetric(field) ?? false }
    }
}
