import GRDB
import GRDBSQLite
import RunKitModel

/// Steps one SQL statement with SQLite's C API and reads the current row's columns directly,
/// without GRDB's per-row `Row` and value conversions: `MLflowSQLiteStore`'s bulk reads touch
/// every row of four tables (200,000 rows for 10,000 runs). Text columns convert as
/// `MLflowSQLiteStore.text` converts a `DatabaseValue`.
///
/// ```swift
/// let rows = try SQLiteRows(db, sql: "SELECT run_uuid, key, value FROM params")
/// while try rows.next() { print(rows.text(0), rows.text(1), rows.text(2)) }
/// ```
struct SQLiteRows {
    /// Kept so that GRDB finalizes the statement when the reader goes away.
    private let statement: Statement
    private let handle: OpaquePointer

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    /// Moves to the next row; false after the last one.
    func next() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw DatabaseError(resultCode: ResultCode(rawValue: code),
                            message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
    }

    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    func isNull(_ column: Int) -> Bool { type(column) == SQLITE_NULL }

    /// The column's storage class (`SQLITE_INTEGER`, `SQLITE_FLOAT`, `SQLITE_TEXT`, `SQLITE_BLOB`, `SQLITE_NULL`).
    private func type(_ column: Int) -> Int32 { sqlite3_column_type(handle, Int32(column)) }

    /// A text or blob column's bytes, valid until the next call to `next()`.
    func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        let count = Int(sqlite3_column_bytes(handle, Int32(column)))
        guard count > 0, let start = sqlite3_column_blob(handle, Int32(column)) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// The column as text: numbers as Swift prints them, null as "".
    func text(_ column: Int) -> String {
        switch type(column) {
        case SQLITE_INTEGER: return String(sqlite3_column_int64(handle, Int32(column)))
        case SQLITE_FLOAT: return String(sqlite3_column_double(handle, Int32(column)))
        case SQLITE_NULL: return ""
        default: return String(decoding: bytes(column), as: UTF8.self)
        }
    }

    /// A text column's UTF-8 bytes (valid until the next call to `next()`), nil for other types.
    func textBytes(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        type(column) == SQLITE_TEXT ? bytes(column) : nil
    }

    /// The column as a number (integers converted), nil for text, blobs and null.
    func double(_ column: Int) -> Double? {
        switch type(column) {
        case SQLITE_INTEGER, SQLITE_FLOAT: return sqlite3_column_double(handle, Int32(column))
        default: return nil
        }
    }

    /// The column as a bool (a non-zero number), nil for text, blobs and null.
    func bool(_ column: Int) -> Bool? {
        double(column).map { $0 != 0 }
    }

    /// The column typed as stored: int, double, string (text and blobs) or null.
    func value(_ column: Int) -> ConfigValue {
        switch type(column) {
        case SQLITE_INTEGER: return .int(Int(sqlite3_column_int64(handle, Int32(column))))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(handle, Int32(column)))
        case SQLITE_NULL: return .null
        default: return .string(String(decoding: bytes(column), as: UTF8.self))
        }
    }
}
