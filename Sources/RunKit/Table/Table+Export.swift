import Foundation
import GRDB

extension Table {
    /// Writes the table to a file, replacing it if it exists: text formats as `exported(as:)`
    /// writes them, SQLite as a database holding one table named `tableName`, Parquet as
    /// `ParquetEncoder` encodes it. The file is written
    /// atomically (`AtomicFile`): a failed export leaves no half file and the old file as it was.
    /// Throws `unreadableFile` naming the path when it cannot be written.
    ///
    /// ```swift
    /// let table = try runs.aggregated(by: ["model.type"], "count()", "mean(metrics.accuracy)")
    /// try table.export(to: "summary.csv", format: .csv)
    /// try runs.recordTable().export(to: "runs.db", format: .sqlite)
    /// ```
    public func export(to path: String, format: ExportFormat, tableName: String = "runs") throws {
        if let text = exported(as: format) {
            try AtomicFile.write(text, to: path)
            return
        }
        if format == .parquet {
            try AtomicFile.write(ParquetEncoder.encode(self), to: path)
            return
        }
        try AtomicFile.replace(path) { temporary in
            do {
                let database = try DatabaseQueue(path: temporary)
                try database.write { db in try writeSQLite(into: db, tableName: tableName) }
                try database.close()
            } catch let error as DatabaseError {
                unlink(temporary + "-journal")
                throw RunKitError(.unreadableFile, "Cannot write the SQLite database \(path): \(error.message ?? "\(error)")", path: path)
            }
        }
    }

    /// The table as an export's text (nil for SQLite and Parquet): `rendered(as:)`, except that JSON and JSON
    /// lines write NaN and ±infinity as `null`, so that pandas and polars read a column of doubles
    /// as float64 (the strings `"NaN"`/`"Infinity"` of RunKit's JSON output make it a column of
    /// strings, and bare `NaN` tokens are not JSON: polars refuses the file). CSV and TSV keep
    /// them as `NaN`, `inf`, `-inf`.
    ///
    /// ```swift
    /// table.exported(as: .jsonl)   // {"run_id":"a1","metrics.loss":null}  for a NaN loss
    /// ```
    public func exported(as format: ExportFormat) -> String? {
        guard let text = format.textFormat else { return nil }
        guard text == .json || text == .jsonl else { return rendered(as: text) }
        let finite = rows.map { $0.map(Self.nonFiniteAsNull) }
        return RowsRenderer.render(columns: columnNames, rows: finite, format: text)
    }

    /// `value` with every NaN and ±infinity in it (in lists and maps too) replaced by `null`.
    static func nonFiniteAsNull(_ value: ConfigValue) -> ConfigValue {
        switch value {
        case .double(let d) where !d.isFinite: return .null
        case .list(let list): return .list(list.map(nonFiniteAsNull))
        case .map(let map): return .map(map.mapValues(nonFiniteAsNull))
        default: return value
        }
    }

    /// Creates `tableName` in `db` and inserts every row (one prepared statement).
    func writeSQLite(into db: Database, tableName: String) throws {
        func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let definitions = columns.map { column -> String in
            let type = switch column.kind {
            case .int, .bool: "INTEGER"
            case .double: "REAL"
            case .string, .value: "TEXT"
            }
            return "\(quoted(column.name)) \(type)"
        }
        try db.execute(sql: "CREATE TABLE \(quoted(tableName)) (\(definitions.joined(separator: ", ")))")
        guard !columns.isEmpty else { return }
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let insert = try db.makeStatement(sql: "INSERT INTO \(quoted(tableName)) VALUES (\(placeholders))")
        for row in 0..<rowCount {
            let values: [(any DatabaseValueConvertible)?] = columns.map { column in
                switch column[row] {
                case .null: return nil
                case .bool(let b): return b ? 1 : 0
                case .int(let i): return i
                case .double(let d): return d
                case .string(let s): return s
                case let value: return JSONWriter.string(value)
                }
            }
            try insert.execute(arguments: StatementArguments(values))
        }
    }
}
