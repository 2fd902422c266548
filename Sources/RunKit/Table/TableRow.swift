/// One row of a `Table`, its cells found by column name.
///
/// ```swift
/// let fast = table.filter { $0["metrics.loss"]?.doubleValue ?? .infinity < 0.5 }
/// ```
public struct TableRow: Sendable {
    /// The table the row belongs to.
    public let table: Table
    /// The row's position in the table.
    public let index: Int

    /// The cell in column `name` (`.null` for a null cell), or nil when there is no such column.
    public subscript(name: String) -> ConfigValue? {
        table.column(name).map { $0[index] }
    }

    /// The cells in column order.
    public var values: [ConfigValue] { table.columns.map { $0[index] } }
}
