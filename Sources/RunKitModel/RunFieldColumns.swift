/// MLflow's params, latest metrics and tags of one SQLite load laid out by field: for each key,
/// every run's value, at the run's row of the load. The one copy of those values: each run of the
/// load holds the layout with its row (`Row`) and reads its `params`, `metrics` and `tags` here, so
/// the layout lives as long as any of them, and a reader tells "the same layout" by identity
/// (`===`). Reading one field of 100,000 runs here walks one array; reading it from each run's own
/// dictionary costs a few cache misses per run (a hash table of ten params spans several cache
/// lines), and 100,000 such dictionaries cost ~120 MB more than these columns.
///
/// ```swift
/// let columns = RunFieldColumns(params: ["lr": ["0.1", nil]], metrics: [:], tags: [:])
/// columns.column(for: FieldKey("params.lr"))   // .strings(["0.1", nil]): row 0 has "0.1", row 1 no such param
/// columns.params(at: 0)                        // ["lr": "0.1"]
/// ```
package final class RunFieldColumns: Sendable {
    let params: [String: [String?]]
    let metrics: [String: [Double?]]
    let tags: [String: [String?]]
    /// The same columns in key order: a run's entries come sorted without sorting per run.
    private let sortedParams: [(key: String, values: [String?])]
    private let sortedMetrics: [(key: String, values: [Double?])]
    private let sortedTags: [(key: String, values: [String?])]
    /// Each row's `FieldPresence` bits of its params, metrics and tags (a row past the end has none).
    private let presence: [(params: UInt32, metrics: UInt32, tags: UInt32)]

    package init(params: [String: [String?]], metrics: [String: [Double?]], tags: [String: [String?]]) {
        self.params = params
        self.metrics = metrics
        self.tags = tags
        sortedParams = params.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        sortedMetrics = metrics.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        sortedTags = tags.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let rows = (params.values.map(\.count) + metrics.values.map(\.count) + tags.values.map(\.count)).max() ?? 0
        var presence = [(params: UInt32, metrics: UInt32, tags: UInt32)](repeating: (0, 0, 0), count: rows)
        for (key, values) in params {
            let bit = FieldPresence.bit(key)
            for (row, value) in values.enumerated() where value != nil { presence[row].params |= bit }
        }
        for (key, values) in metrics {
            let bit = FieldPresence.bit(key)
            for (row, value) in values.enumerated() where value != nil { presence[row].metrics |= bit }
        }
        for (key, values) in tags {
            let bit = FieldPresence.bit(key)
            for (row, value) in values.enumerated() where value != nil { presence[row].tags |= bit }
        }
        self.presence = presence
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

    /// The row's params (metrics, tags) as a dictionary: what `Run.params` answers for it.
    func params(at row: Int) -> [String: String] { Self.entries(params, at: row) }
    func metrics(at row: Int) -> [String: Double] { Self.entries(metrics, at: row) }
    func tags(at row: Int) -> [String: String] { Self.entries(tags, at: row) }

    /// The row's params (tags) sorted by key; its metric names sorted.
    func sortedParams(at row: Int) -> [(key: String, value: String)] { Self.sortedEntries(sortedParams, at: row) }
    func sortedTags(at row: Int) -> [(key: String, value: String)] { Self.sortedEntries(sortedTags, at: row) }
    func metricNames(at row: Int) -> [String] { sortedMetrics.compactMap { $0.values[row] == nil ? nil : $0.key } }

    /// The row's `FieldPresence` bits of its params, metrics and tags.
    func presence(at row: Int) -> (params: UInt32, metrics: UInt32, tags: UInt32) {
        row < presence.count ? presence[row] : (0, 0, 0)
    }

    private static func entries<Value>(_ columns: [String: [Value?]], at row: Int) -> [String: Value] {
        var result: [String: Value] = [:]
        for (key, values) in columns {
            if let value = values[row] { result[key] = value }
        }
        return result
    }

    private static func sortedEntries<Value>(_ columns: [(key: String, values: [Value?])], at row: Int) -> [(key: String, value: Value)] {
        columns.compactMap { column in column.values[row].map { (column.key, $0) } }
    }
}
