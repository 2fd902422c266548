import Foundation
import GRDB

extension Table {
    /// Writes the table to a file, replacing it if it exists: text formats as `rendered(as:)`
    /// writes them, SQLite as a database holding one table named `tableName`. Throws
    /// `unreadableFile` naming the path when it cannot be written.
    ///
    /// ```swift
    /// let table = try runs.agg(by: ["model.type"], "count()", "mean(metrics.accuracy)")
    /// try table.export(to: "summary.csv", format: .csv)
    /// try runs.recordTable().export(to: "runs.db", format: .sqlite)
    /// ```
    public func export(to path: String, format: ExportFormat, tableName: String = "runs") throws {
        let url = URL(fileURLWithPath: path)
        if let text = format.textFormat {
            do {
                try Data(rendered(as: text).utf8).write(to: url, options: .atomic)
            } catch {
                throw RunKitError(.unreadableFile, "Cannot write \(path): \(error.localizedDescription)", path: path)
            }
            return
        }
        if FileManager.default.fileExists(atPath: path) {
            do { try FileManager.default.removeItem(at: url) } catch {
                throw RunKitError(.unreadableFile, "Cannot replace \(path): \(error.localizedDescription)", path: path)
            }
        }
        do {
            let database = try DatabaseQueue(path: path)
            try database.write { db in try writeSQLite(into: db, tableName: tableName) }
            try database.close()
        } catch let error as DatabaseError {
            throw RunKitError(.unreadableFile, "Cannot write the SQLite database \(path): \(error.message ?? "\(error)")", path: path)
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
