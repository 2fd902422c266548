import OrderedCollections

/// The columns and rows `runkit list` shows.
///
/// ```swift
/// let view = RunListView.compact(runs, width: 100)
/// print(RowsRenderer.render(columns: view.columns, rows: view.rows, format: .table))
/// ```
package struct RunListView: Sendable {
    package var columns: [String]
    package var rows: [[ConfigValue]]
    /// The keys of the columns left out to fit the width (`config.seed`, `metrics.loss`), in the
    /// order they would have been shown.
    package var hidden: [String]
    /// How many columns were left out to fit the width.
    package var hiddenColumns: Int { hidden.count }

    /// MLflow's 32-character run ids shortened to 8, as `git` shortens hashes; other stores' ids
    /// (MLXP's `12`, malet's `split_0/3`) are short already and shown whole.
    static func shortID(_ id: String) -> String {
        id.utf8.count == 32 ? String(id.prefix(8)) : id
    }

    /// The terminal view: short run id, name (when runs have one), experiment (when there are several), status, the config keys whose values
    /// vary across the runs, and the latest metrics, as many as fit in `width` characters
    /// (`Int.max`: all of them).
    package static func compact(_ runs: [Run], width: Int) -> RunListView {
        typealias Column = (title: String, value: @Sendable (Run) -> ConfigValue)
        var core: [Column] = [
            ("run", { .string(shortID($0.id)) }),
            ("name", { .string($0.info.runName) }),
            ("experiment", { .string($0.info.experimentName) }),
            ("status", { .string($0.info.status.rawValue) }),
        ]
        // One experiment only: its name is the same on every row, so leave it out.
        if Set(runs.map(\.info.experimentID)).count == 1 { core.remove(at: 2) }
        // Stores without run names (MLXP): no empty column.
        if runs.allSatisfy({ $0.info.runName.isEmpty }) { core.remove(at: 1) }
        let configKeys = RunCollection(runs).varyingKeys(prefix: "config").map { String($0.dropFirst("config.".count)) }
        let configTitles = shortestUniqueSuffixes(configKeys)
        var metricKeys = Set<String>()
        for run in runs { metricKeys.formUnion(run.metricNames) }
        let metricKeyList = metricKeys.sorted()
        let config: [Column] = zip(configKeys, configTitles).map { key, title in
            let field = QueryField(FieldKey(namespace: .config, name: key))
            return (title, { $0.value(for: field) ?? .null })
        }
        let metrics: [Column] = metricKeyList.map { key in (key, { $0.metric(key) ?? .null }) }

        // Every candidate column's cells, each run visited once, on all cores.
        let all = core + config + metrics
        let cells = CellColumns(runs, all.map(\.value))
        func columnWidth(_ index: Int) -> Int { min(24, max(all[index].title.count, cells.widths[index])) + 2 }
        // Core columns always; config keys up to 60% of the rest; then metrics; then the rest of config.
        var used = core.indices.map(columnWidth).reduce(0, +)
        let configBudget = width == .max ? .max : used + max(0, width - used) * 3 / 5
        var keptConfig = Set<Int>(), keptMetrics = Set<Int>()
        let configWidths = config.indices.map { columnWidth(core.count + $0) }
        let metricWidths = metrics.indices.map { columnWidth(core.count + config.count + $0) }
        func fits(_ columnWidth: Int, within limit: Int) -> Bool { columnWidth <= limit - min(used, limit) }
        for index in config.indices where fits(configWidths[index], within: configBudget) {
            used += configWidths[index]; keptConfig.insert(index)
        }
        for index in metrics.indices where fits(metricWidths[index], within: width) {
            used += metricWidths[index]; keptMetrics.insert(index)
        }
        for index in config.indices where !keptConfig.contains(index) && fits(configWidths[index], within: width) {
            used += configWidths[index]; keptConfig.insert(index)
        }
        let kept = Array(core.indices) + config.indices.filter(keptConfig.contains).map { core.count + $0 }
            + metrics.indices.filter(keptMetrics.contains).map { core.count + config.count + $0 }
        return RunListView(columns: kept.map { all[$0].title },
                           rows: runs.indices.map { row in kept.map { cells.values[$0][row] } },
                           hidden: config.indices.filter { !keptConfig.contains($0) }.map { "config." + configKeys[$0] }
                               + metrics.indices.filter { !keptMetrics.contains($0) }.map { "metrics." + metricKeyList[$0] })
    }

    /// The shortest dotted suffix of each key that no other key ends with (`model.type` → `type`).
    static func shortestUniqueSuffixes(_ keys: [String]) -> [String] {
        let parts = keys.map { $0.split(separator: ".").map(String.init) }
        return parts.map { own in
            for length in 1...max(1, own.count) {
                let suffix = own.suffix(length)
                let clashes = parts.filter { Array($0.suffix(length)) == Array(suffix) }.count
                if clashes == 1 { return suffix.joined(separator: ".") }
            }
            return own.joined(separator: ".")
        }
    }

    /// The export view: every attribute, then `config.*`, `params.*`, `metrics.*`, `tags.*` columns.
    package static func full(_ runs: [Run]) -> RunListView {
        var keys = OrderedSet<String>(RunInfo.attributeNames)
        var byNamespace: [FieldKey.Namespace: OrderedSet<String>] = [:]
        for run in runs {
            for key in run.fields().keys {
                let namespace = FieldKey(key).namespace
                if namespace != .info { byNamespace[namespace, default: []].append(key) }
            }
        }
        for namespace in [FieldKey.Namespace.config, .params, .metrics, .tags] {
            let names = byNamespace[namespace] ?? []
            keys.append(contentsOf: namespace == .config ? Array(names) : names.sorted())
        }
        let columns = Array(keys)
        let rows = runs.map { run in
            columns.map { key in
                RunInfo.attributeNames.contains(key) ? (run.info.attribute(key) ?? .null) : (run.value(for: FieldKey(key)) ?? .null)
            }
        }
        return RunListView(columns: columns, rows: rows, hidden: [])
    }
}

extension RunListView {
    /// Throws `keyNotFound` for the first column that no run has, with the closest keys
    /// (catches typos in `--columns`); a column some runs lack is fine (their cells are null).
    ///
    /// ```swift
    /// try RunListView.checkColumns(["model.typo"], in: runs)   // No such key: model.typo (did you mean 'config.model.type'?)
    /// ```
    package static func checkColumns(_ columns: [String], in runs: [Run]) throws {
        guard !runs.isEmpty else { return }
        for column in columns where !runs.contains(where: { $0.value(for: column) != nil }) {
            var candidates: [String] = []
            for run in runs.prefix(200) { candidates += run.fieldNames() }
            throw RunKitError.keyNotFound(column, candidates: candidates)
        }
    }
}
