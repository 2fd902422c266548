/// The cells of some columns of a run table, computed with each run visited once (on all cores
/// for many runs), and each column's widest displayed text.
///
/// ```swift
/// let cells = CellColumns(runs, [{ .string($0.id) }, { $0.metric("loss") ?? .null }])
/// cells.values[1][0], cells.widths[1]
/// ```
struct CellColumns: Sendable {
    /// `values[column][run]`.
    let values: [[ConfigValue]]
    /// The widest `RowsRenderer.displayText` of each column, in characters (0 for no runs).
    let widths: [Int]

    init(_ runs: [Run], _ columns: [@Sendable (Run) -> ConfigValue]) {
        let chunks = RunCollection.inChunks(ArraySlice(runs)) { chunk in
            var values = columns.map { _ in [ConfigValue]() }
            var widths = [Int](repeating: 0, count: columns.count)
            for run in chunk {
                for (index, column) in columns.enumerated() {
                    let value = column(run)
                    widths[index] = max(widths[index], RowsRenderer.displayText(value).count)
                    values[index].append(value)
                }
            }
            return (values: values, widths: widths)
        }
        values = columns.indices.map { index in chunks.flatMap { $0.values[index] } }
        widths = columns.indices.map { index in chunks.map { $0.widths[index] }.max() ?? 0 }
    }
}
