/// MLflow's params, latest metrics and tags of one SQLite load laid out by field: for each key,
/// every run's value, at the run's row of the load. A speed structure owned by the load: each run
/// of the load holds it with its row (`Row`), so it lives as long as any of them, and a reader
/// tells "the same layout" by identity (`===`). Reading one field of 100,000 runs here walks
/// one array; reading it from each run's own dictionary costs a few cache misses per run (a
/// hash table of ten params spans several cache lines). Built from the same rows as the runs'
/// dictionaries, so a column answers exactly what `run.params[key]` (metrics, tags) answers.
///
/// ```swift
/// let columns = RunFieldColumns(params: ["lr": ["0.1", nil]], metrics: [:], tags: [:])
/// columns.column(for: FieldKey("params.lr"))   // .strings(["0.1", nil]): row 0 has "0.1", row 1 no such param
/// ```
package final class RunFieldColumns: Sendable {
    let params: [String: [String?]]
    let metrics: [String: [Double?]]
    let tags: [String: [String?]]

    package init(params: [String: [String?]], metrics: [String: [Double?]], tags: [String: [String?]]) {
        self.params = params
        self.metrics = metrics
        self.tags = tags
    }

    /// A run's place in its load's layout: the layout (shared by every run of the load) and the run's row.
    package struct Row: Sendable {
        /// Keeps the layout alive as long as the run.
        let columns: RunFieldColumns
        /// The layout's identity, exact while `columns` holds it: readers compare this, not
        /// `columns`, so that checking a run's layout never touches the shared reference count
        /// (a retain and release per run on every core, ~20 ns a run on 2 cores).
        let layout: ObjectIdentifier
        let index: Int

        package init(_ columns: RunFieldColumns, _ index: Int) {
            self.columns = columns
            self.layout = ObjectIdentifier(columns)
            self.index = index
        }
    }

    /// One field's values for every row of the load.
    enum Column: Sendable {
        case strings([String?])
        case numbers([Double?])
        /// No run of the load has the key.
        case absent
    }

    /// The column a key reads: a params, metrics or tags key; nil for any other namespace.
    func column(for key: FieldKey) -> Column? {
        switch key.namespace {
        case .params: return params[key.name].map(Column.strings) ?? .absent
        case .metrics: return metrics[key.name].map(Column.numbers) ?? .absent
        case .tags: return tags[key.name].map(Column.strings) ?? .absent
        case .bare, .config, .history, .info: return nil
        }
    }
}
