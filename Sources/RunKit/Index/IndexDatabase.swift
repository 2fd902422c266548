import Foundation
import GRDB

/// The index file of one store: a SQLite database outside the store (see `IndexLocation`)
/// holding each run's record and the fingerprint that proves it current.
///
/// ```
/// meta(key, value)                                  format version, store path and kind, store fingerprint
/// runs(unit, fingerprint, record)                   one row per run (unit: the run's folder or id)
/// ```
///
/// Every refresh is written in one transaction, so a killed process leaves the previous index
/// whole. An index written by another format version, for another store, or damaged, is emptied
/// and rebuilt; it is a cache, never the truth.
///
/// ```swift
/// let index = try IndexDatabase(path: "/home/me/.cache/runkit/index-1a2b.sqlite", storePath: store.path, kind: store.kind)
/// let rows = try index.rows()
/// ```
final class IndexDatabase: Sendable {
    /// One cached run.
    struct Row: Sendable {
        var unit: String
        var fingerprint: [UInt8]
        var record: [UInt8]
    }

    let path: String
    private let database: DatabaseQueue

    /// Opens (creating when needed) the index at `path` for the store at `storePath`.
    init(path: String, storePath: String, kind: StoreKind) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "runkit.index"
        database = try Self.open(path, configuration)
        let identity = "\(RunRecord.formatVersion)|\(kind.rawValue)|\(storePath)|\(TimeZone.current.identifier)"
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS runs (unit TEXT PRIMARY KEY, fingerprint BLOB NOT NULL, record BLOB NOT NULL);
                """)
            // Records of another format, store or time zone (MLXP times are local) are not reused.
            let stored = try String.fetchOne(db, sql: "SELECT CAST(value AS TEXT) FROM meta WHERE key = 'identity'")
            if stored != identity {
                try db.execute(sql: "DELETE FROM runs; DELETE FROM meta")
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('identity', CAST(? AS BLOB))", arguments: [identity])
            }
        }
    }

    /// Opens the file; one that is not a database (damaged, or something else) is replaced.
    private static func open(_ path: String, _ configuration: Configuration) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { db in try db.tableExists("runs") }
            return queue
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            return try DatabaseQueue(path: path, configuration: configuration)
        }
    }

    /// A store-level value (`storeFingerprint`), nil when absent.
    func meta(_ key: String) throws -> [UInt8]? {
        try database.read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]).map { [UInt8]($0) }
        }
    }

    /// Every cached run, in no particular order (the reader sorts runs in its store's order).
    func rows() throws -> [Row] {
        try database.read { db in
            var rows: [Row] = []
            rows.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") ?? 0)
            let cursor = try GRDB.Row.fetchCursor(db, sql: "SELECT unit, fingerprint, record FROM runs")
            while let row = try cursor.next() {
                rows.append(Row(unit: row[0],
                                fingerprint: row.dataNoCopy(atIndex: 1).map { [UInt8]($0) } ?? [],
                                record: row.dataNoCopy(atIndex: 2).map { [UInt8]($0) } ?? []))
            }
            return rows
        }
    }

    /// Every cached run, in batches of `batchSize` rows handed to `body` as they are read (the
    /// batch's buffer is reused: nothing of it may be kept).
    func forEachBatch(batchSize: Int = 4_096, _ body: (IndexRowBatch) throws -> Void) throws {
        try database.read { db in
            var batch = IndexRowBatch()
            let statement = try db.makeStatement(sql: "SELECT unit, fingerprint, record FROM runs")
            let cursor = try GRDB.Row.fetchCursor(statement)
            while let row = try cursor.next() {
                try row.withUnsafeData(atIndex: 0) { unit in
                    try row.withUnsafeData(atIndex: 1) { fingerprint in
                        try row.withUnsafeData(atIndex: 2) { record in
                            (unit ?? Data()).withUnsafeBytes { u in
                                (fingerprint ?? Data()).withUnsafeBytes { f in
                                    (record ?? Data()).withUnsafeBytes { r in batch.append(unit: u, fingerprint: f, record: r) }
                                }
                            }
                        }
                    }
                }
                if batch.count == batchSize {
                    try body(batch)
                    batch.removeAll()
                }
            }
            if batch.count > 0 { try body(batch) }
        }
    }

    /// Writes one refresh in a single transaction: the store-level values, the rows that are new
    /// or changed, and removes the units no longer in the store.
    func write(meta: [String: [UInt8]], changed: [Row], removed: [String]) throws {
        try database.write { db in
            for (key, value) in meta {
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, Data(value)])
            }
            for unit in removed { try db.execute(sql: "DELETE FROM runs WHERE unit = ?", arguments: [unit]) }
            let upsert = try db.makeStatement(sql: "INSERT OR REPLACE INTO runs (unit, fingerprint, record) VALUES (?, ?, ?)")
            for row in changed { try upsert.execute(arguments: [row.unit, Data(row.fingerprint), Data(row.record)]) }
        }
    }
}
