/// Reads one query field of many runs: params, metrics and tags from the load's by-field layout
/// (`RunFieldColumns`) for runs that share the layout of the run it was made with, every other
/// field and run with `Run.value(for:)`. The same answers either way.
///
/// ```swift
/// let reader = RunFieldReader(try QueryField("params.seed"), layoutOf: runs.first)
/// let seeds = runs.map(reader.value)
/// ```
struct RunFieldReader: Sendable {
    let field: QueryField
    private let column: RunFieldColumns.Column?
    private let layoutKey: Int

    init(_ field: QueryField, layoutOf run: Run?) {
        self.field = field
        column = run?.laidOut?.column(for: field.key)
        layoutKey = column == nil ? 0 : run?.laidOutKey ?? 0
    }

    /// The field's value in `run`, as `run.value(for: field)` gives it.
    func value(of run: Run) -> ConfigValue? {
        if layoutKey != 0, run.laidOutKey == layoutKey, let column {
            if let value = column.value(at: run.laidOutRow) { return value }
            // A run lacking the key may still have its `__` alias.
            if field.alias == nil { return nil }
        }
        return run.value(for: field)
    }
}
