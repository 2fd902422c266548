/// The file formats a `Table` is exported to.
///
/// ```swift
/// try table.export(to: "runs.csv", format: .csv)
/// try table.export(to: "runs.db", format: .sqlite, tableName: "runs")
/// try table.export(to: "runs.parquet", format: .parquet)
/// ```
public enum ExportFormat: String, Sendable, Hashable, CaseIterable {
    /// RFC 4180: comma-separated, CRLF line ends, fields with `,` `"` CR or LF quoted with `"`
    /// (inner quotes doubled). Null is an empty field, NaN `NaN`, ±infinity `inf`/`-inf`,
    /// bools `true`/`false`, lists and maps JSON.
    case csv
    /// Tab-separated, LF line ends, tabs and newlines in a cell escaped as `\t` and `\n`.
    case tsv
    /// One JSON array of objects keyed by column name (NaN and ±infinity as strings, null as null).
    case json
    /// One JSON object per line.
    case jsonl
    /// A Markdown table.
    case markdown
    /// A SQLite database file with one table: INTEGER, REAL, TEXT columns by the column's kind
    /// (bools as 0/1, lists and maps as JSON text).
    case sqlite
    /// An Apache Parquet file (`ParquetEncoder`): typed columns (int64, double with NaN and ±inf,
    /// string, bool, timestamps, lists), nulls as nulls; read by pyarrow, polars, pandas, DuckDB, R.
    case parquet

    /// The matching text format of `RowsRenderer`, nil for SQLite.
    var textFormat: OutputFormat? {
        switch self {
        case .csv: return .csv
        case .tsv: return .tsv
        case .json: return .json
        case .jsonl: return .jsonl
        case .markdown: return .markdown
        case .sqlite, .parquet: return nil
        }
    }
}
