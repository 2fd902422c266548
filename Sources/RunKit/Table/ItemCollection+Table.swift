extension ItemCollection {
    /// A table with one column per key and one row per element, columns typed from their values.
    /// Where an element lacks a key the cell takes `defaults[key]` (a value or a closure of the
    /// element), else null; a key that no element has and no default covers throws `keyNotFound`.
    ///
    /// ```swift
    /// let table = try runs.table("config.model.type", "config.seed", "metrics.accuracy")
    /// let filled = try runs.table(["metrics.accuracy"], defaults: ["metrics.accuracy": .value(.double(.nan))])
    /// ```
    public func table(_ keys: String..., defaults: [String: KeyDefault<Element>] = [:]) throws -> Table {
        try table(keys, defaults: defaults)
    }

    /// A table for an array of keys; see `table(_:defaults:)`.
    public func table(_ keys: [String], defaults: [String: KeyDefault<Element>] = [:]) throws -> Table {
        try requireKeys(keys.filter { defaults[$0] == nil })
        var columns: [TableColumn] = []
        var seen = Set<String>()
        for key in keys where seen.insert(key).inserted {
            let found = columnValues(key)
            let fallback = defaults[key]
            let cells: [ConfigValue] = try zip(storage, found).map { element, value in
                if let value { return value }
                return try fallback?.resolve(element) ?? .null
            }
            columns.append(TableColumn(key, values: cells))
        }
        return try Table(columns)
    }

    /// HydraFlow's `concat`: the table `body` makes for each element (a metric history, say), with
    /// the element's values of `keys` as leading columns, all stacked (see `Table.concatenating`).
    ///
    /// ```swift
    /// let curves = try runs.concatenatedTables("run_id", "config.optimizer.lr") { run in try run.historyTable("loss") }
    /// // run_id, config.optimizer.lr, key, step, timestamp, value
    /// ```
    public func concatenatedTables(_ keys: String..., body: (Element) throws -> Table) throws -> Table {
        try concatenatedTables(keys, body: body)
    }

    /// `concatenatedTables` with an array of keys; see `concatenatedTables(_:body:)`.
    public func concatenatedTables(_ keys: [String], body: (Element) throws -> Table) throws -> Table {
        try requireKeys(keys)
        let parts = try storage.map { element in
            let own = try body(element)
            let leading = keys.filter { own.column($0) == nil }.map { key in
                TableColumn(key, values: Array(repeating: lookup(element, key) ?? .null, count: own.rowCount))
            }
            return try Table(leading + own.columns)
        }
        return Table.concatenating(parts)
    }
}
