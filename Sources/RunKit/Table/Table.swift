/// A columnar, typed table: ordered, uniquely named columns of equal length (see `TableColumn`).
/// What grouping and aggregation produce, and what the writers export.
///
/// ```swift
/// let table = try runs.table("config.model.type", "config.seed", "metrics.accuracy")
/// table.columnNames                         // ["config.model.type", "config.seed", "metrics.accuracy"]
/// table.column("metrics.accuracy")?.kind    // .double
/// let good = table.filter { ($0["metrics.accuracy"]?.doubleValue ?? 0) > 0.9 }
/// print(try good.sorted(by: "config.seed").rendered(as: .markdown))
/// ```
public struct Table: Sendable {
    /// The columns, in order.
    public private(set) var columns: [TableColumn]
    /// The number of rows (every column has this many cells).
    public let rowCount: Int
    /// What whoever made the table wants its reader to know, e.g. that some curves of a group
    /// were shorter than others and were aggregated over fewer runs at the later steps. The CLI
    /// prints them on stderr.
    public var notes: [String] = []

    /// A table of columns; throws `invalidArgument` when their lengths differ or a name repeats.
    ///
    /// ```swift
    /// let table = try Table([TableColumn("seed", values: [1, 2]), TableColumn("loss", values: [0.3, 0.2])])
    /// ```
    public init(_ columns: [TableColumn]) throws {
        let count = columns.first?.count ?? 0
        var seen = Set<String>()
        for column in columns {
            guard seen.insert(column.name).inserted else {
                throw RunKitError(.invalidArgument, "The column name \(column.name) appears twice in the table.")
            }
            guard column.count == count else {
                throw RunKitError(.invalidArgument, "The column \(column.name) has \(column.count) cells, the others \(count).")
            }
        }
        self.columns = columns
        self.rowCount = count
    }

    /// A table from rows of values, columns typed from their cells (see `TableColumn(_:values:)`);
    /// throws `invalidArgument` when a row's width differs from `columns`.
    ///
    /// ```swift
    /// let table = try Table(columns: ["model", "acc"], rows: [["cnn", 0.9], ["mlp", 0.95]])
    /// ```
    public init(columns names: [String], rows: [[ConfigValue]]) throws {
        if let bad = rows.firstIndex(where: { $0.count != names.count }) {
            throw RunKitError(.invalidArgument, "Row \(bad) has \(rows[bad].count) cells for \(names.count) columns.")
        }
        try self.init(names.enumerated().map { index, name in TableColumn(name, values: rows.map { $0[index] }) })
    }

    /// The column names, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column named `name`, or nil.
    ///
    /// ```swift
    /// table.column("mean(metrics.loss)")?.doubles
    /// ```
    public func column(_ name: String) -> TableColumn? {
        columns.first { $0.name == name }
    }

    /// The row at `index`, whose cells are found by column name: `table.row(0)["config.seed"]`.
    public func row(_ index: Int) -> TableRow {
        TableRow(table: self, index: index)
    }

    /// Every row as values, in column order.
    public var rows: [[ConfigValue]] {
        (0..<rowCount).map { index in columns.map { $0[index] } }
    }

    /// A table of the rows at `indices`, in that order.
    func picking(_ indices: [Int]) -> Table {
        var table = self
        table.columns = columns.map { $0.picking(indices) }
        return Table(unchecked: table.columns, rowCount: indices.count, notes: notes)
    }

    init(unchecked columns: [TableColumn], rowCount: Int, notes: [String]) {
        self.columns = columns
        self.rowCount = rowCount
        self.notes = notes
    }
}
