extension Table {
    /// The table with only the named columns, in the order given; throws `keyNotFound` for a name
    /// that is not a column.
    ///
    /// ```swift
    /// let narrow = try table.select("config.model.type", "mean(metrics.loss)")
    /// ```
    public func select(_ names: String...) throws -> Table {
        try select(names)
    }

    /// The table with only the columns of an array of names; see `select(_:)`.
    public func select(_ names: [String]) throws -> Table {
        let picked = try names.map { name in
            guard let column = column(name) else { throw RunKitError.keyNotFound(name, candidates: columnNames) }
            return column
        }
        var table = try Table(picked)
        table.notes = notes
        return table
    }

    /// The rows for which `isIncluded` is true, in order.
    ///
    /// ```swift
    /// let cnn = table.filter { $0["config.model.type"] == "cnn" }
    /// ```
    public func filter(_ isIncluded: (TableRow) throws -> Bool) rethrows -> Table {
        picking(try (0..<rowCount).filter { try isIncluded(row($0)) })
    }

    /// The rows sorted by one or more columns, the first column first: numbers numerically, then
    /// strings, lists, maps (`ConfigValue.compare`), NaN then nulls last in both directions; stable.
    /// Throws `keyNotFound` for a name that is not a column.
    ///
    /// ```swift
    /// let ranked = try table.sorted(by: "mean(metrics.accuracy)", descending: true)
    /// ```
    public func sorted(by names: String..., descending: Bool = false) throws -> Table {
        try sorted(by: names, descending: descending)
    }

    /// The rows sorted by an array of column names; see `sorted(by:descending:)`.
    public func sorted(by names: [String], descending: Bool = false) throws -> Table {
        let keys = try names.map { name in
            guard let column = column(name) else { throw RunKitError.keyNotFound(name, candidates: columnNames) }
            return SortColumn(column.values.map { Optional($0) })
        }
        let order = SortColumn.order(keys, descending: keys.map { _ in descending }, count: rowCount)
        return picking(order)
    }

    /// The table with one more column at the end; throws `invalidArgument` when its length differs
    /// or its name is taken.
    ///
    /// ```swift
    /// let more = try table.appending(TableColumn("rank", values: (1...table.rowCount).map { .int($0) }))
    /// ```
    public func appending(_ column: TableColumn) throws -> Table {
        var table = try Table(columns + [column])
        table.notes = notes
        return table
    }

    /// The tables one below the other (pandas' `concat`, polars' `vstack` with `how="diagonal"`):
    /// columns in order of first appearance, a table's missing columns null. A column of the same
    /// kind in every table keeps that kind; otherwise it is typed from all its cells (ints and
    /// doubles → double).
    ///
    /// ```swift
    /// let both = Table.concatenating([cnnTable, mlpTable])
    /// ```
    public static func concatenating(_ tables: [Table]) -> Table {
        var names: [String] = []
        var seen = Set<String>()
        for table in tables { for name in table.columnNames where seen.insert(name).inserted { names.append(name) } }
        let total = tables.reduce(0) { $0 + $1.rowCount }
        let columns = names.map { name in
            let parts = tables.map { $0.column(name) }
            if let kind = parts.first??.kind, parts.allSatisfy({ $0?.kind == kind }),
               let joined = TableColumn.joined(parts.compactMap { $0 }) {
                return joined
            }
            var cells: [ConfigValue] = []
            cells.reserveCapacity(total)
            for table in tables {
                if let column = table.column(name) {
                    cells += column.values
                } else {
                    cells += repeatElement(.null, count: table.rowCount)
                }
            }
            return TableColumn(name, values: cells)
        }
        return Table(unchecked: columns, rowCount: total, notes: tables.flatMap(\.notes))
    }
}
