extension Table {
    /// The table as text: an aligned table for people, or JSON (an array of objects keyed by column
    /// name), JSON lines, CSV (RFC 4180), TSV or Markdown (see `RowsRenderer`).
    ///
    /// ```swift
    /// print(try runs.grouped(by: "model.type").aggregated("count()", "mean(metrics.accuracy)").rendered(as: .table))
    /// ```
    public func rendered(as format: OutputFormat, maxCellWidth: Int = 40, color: Bool = false) -> String {
        RowsRenderer.render(columns: columnNames, rows: rows, format: format, maxCellWidth: maxCellWidth, color: color)
    }
}
