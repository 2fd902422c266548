/// Reads one query field of many runs: params, metrics and tags from the load's by-field layout
/// (`RunFieldColumns`) for runs laid out in the very layout (the same object) of the run it was
/// made with, every other field and run with `Run.value(for:)`. The same answers either way. Runs
/// are read in a loop inside `read`, so the shared column is bound once, not per run.
///
/// ```swift
/// let reader = RunFieldReader(try QueryField("params.seed"), layoutOf: runs.first)
/// reader.read(runs[...], at: runs.indices) { position, value in print(position, value ?? "missing") }
/// ```
struct RunFieldReader: Sendable {
    let field: QueryField
    /// The layout read (kept alive here, so its identity is exact) and its identity.
    private let layout: RunFieldColumns?
    private let layoutID: ObjectIdentifier?
    private let column: RunFieldColumns.Column?

    init(_ field: QueryField, layoutOf run: Run?) {
        self.field = field
        layout = run?.laidOut?.columns
        layoutID = run?.laidOut?.layout
        column = layout?.column(for: field.key)
    }

    /// `body(position, value)` for each of `positions` (indices of `runs`), in order, with the
    /// field's value in that run as `runs[position].value(for: field)` gives it.
    func read<Positions: Sequence<Int>>(_ runs: ArraySlice<Run>, at positions: Positions, _ body: (Int, ConfigValue?) -> Void) {
        switch column {
        case .strings(let values)?:
            for position in positions { body(position, laidOut(runs[position], values) { .string($0) }) }
        case .numbers(let values)?:
            for position in positions { body(position, laidOut(runs[position], values) { .double($0) }) }
        case .absent?:
            for position in positions {
                let run = runs[position]
                body(position, row(of: run) != nil && field.alias == nil ? nil : run.value(for: field))
            }
        case nil:
            for position in positions { body(position, runs[position].value(for: field)) }
        }
    }

    /// The run's row when it is laid out in this reader's layout (identity, not equality), else
    /// nil; reads only the run's plain fields (no reference counting per run).
    @inline(__always)
    private func row(of run: Run) -> Int? {
        run.laidOut?.layout == layoutID ? run.laidOut?.index : nil
    }

    /// A run's value from the layout when it has this one; a run lacking the key may still have
    /// its `__` alias, which `value(for:)` finds.
    @inline(__always)
    private func laidOut<Value>(_ run: Run, _ values: [Value?], _ wrap: (Value) -> ConfigValue) -> ConfigValue? {
        guard let row = row(of: run) else { return run.value(for: field) }
        if let value = values[row] { return wrap(value) }
        return field.alias == nil ? nil : run.value(for: field)
    }
}
