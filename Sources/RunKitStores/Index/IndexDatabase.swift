import Foundation
import GRDB

/// The index file of one store: a SQLite database outside the store (see `IndexLocation`)
/// holding each run's record and the fingerprint that proves it current.
///
/// ```
/// meta(key, value)                                  format version, store path and kind, store fingerprint
/// runs(unit, fingerprint, digest, record)           one row per run (unit: the run's folder or id)
/// configs(folder, signature, config)                MLflow SQLite: each artifacts folder's parsed config
/// ```
///
/// Every refresh is written in one transaction (write-ahead log, no sync per commit), so a killed
/// process leaves the previous index whole. An index written by another format version, for another store, or damaged, is emptied
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
        /// `RecordDigest` of the record.
        var digest: Int64

        init(unit: String, fingerprint: [UInt8], record: [UInt8]) {
            self.unit = unit
            self.fingerprint = fingerprint
            self.record = record
            self.digest = RecordDigest.of(record)
        }
    }

    /// One parsed config file (MLflow SQLite stores), by its artifacts folder.
    struct ConfigRow: Sendable {
        var folder: String
        var signature: FileSignature
        var config: [UInt8]
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
        // Write-ahead log without a sync per commit: a refresh stays atomic and survives a killed
        // process; a power cut may lose the last refresh, which the next load redoes (a cache).
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        }
        database = try Self.open(path, configuration)
        let identity = "\(RunRecord.formatVersion)|\(kind.rawValue)|\(storePath)|\(TimeZone.current.identifier)"
        try database.write { db in
            // Records of another format, store or time zone (MLXP times are local) are not reused:
            // the tables are made anew (a new format may have other columns).
            let stored = try db.tableExists("meta")
                ? try String.fetchOne(db, sql: "SELECT CAST(value AS TEXT) FROM meta WHERE key = 'identity'") : nil
            if stored != identity {
                try db.execute(sql: """
                    DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS runs; DROP TABLE IF EXISTS configs;
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
                    CREATE TABLE runs (unit TEXT PRIMARY KEY, fingerprint BLOB NOT NULL, digest INTEGER NOT NULL, record BLOB NOT NULL);
                    CREATE TABLE configs (folder TEXT PRIMARY KEY, signature BLOB NOT NULL, config BLOB NOT NULL);
                    """)
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
            try? FileManager.default.removeItem(atPath: path)   // our own damaged cache; opening again reports what matters
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
                                fingerprint: try row.withUnsafeData(atIndex: 1) { $0.map { [UInt8]($0) } ?? [] },
                                record: try row.withUnsafeData(atIndex: 2) { $0.map { [UInt8]($0) } ?? [] }))
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

    /// The digest of every cached run's record, by unit.
    func digests() throws -> [String: Int64] {
        try database.read { db in
            var result: [String: Int64] = [:]
            let cursor = try GRDB.Row.fetchCursor(db, sql: "SELECT unit, digest FROM runs")
            while let row = try cursor.next() { result[row[0]] = row[1] }
            return result
        }
    }

    /// Every cached config, by artifacts folder; a damaged entry is left out (and re-read).
    func configs() throws -> [String: ConfigRow] {
        try database.read { db in
            var result: [String: ConfigRow] = [:]
            let cursor = try GRDB.Row.fetchCursor(db, sql: "SELECT folder, signature, config FROM configs")
            while let row = try cursor.next() {
                let folder: String = row[0]
                guard let signature = try? row.withUnsafeData(atIndex: 1, { data in
                    try (data ?? Data()).withUnsafeBytes { raw in
                        var reader = ByteReader(raw)
                        return try FileSignature.read(&reader)
                    }
                }) else { continue }
                result[folder] = ConfigRow(folder: folder, signature: signature,
                                           config: try row.withUnsafeData(atIndex: 2) { $0.map { [UInt8]($0) } ?? [] })
            }
            return result
        }
    }

    /// What one refresh writes, in a single transaction: run rows produced chunk by chunk (so
    /// 100,000 encoded records are never all in memory), configs, removals, then store-level
    /// values (asked for last, when every chunk is written).
    struct Refresh {
        var chunks = 0
        var changedRows: (Int) -> [Row] = { _ in [] }
        var removed: [String] = []
        var configs: [ConfigRow] = []
        var removedConfigs: [String] = []
        var meta: () -> [String: [UInt8]] = { [:] }
    }

    func write(_ refresh: Refresh) throws {
        try database.write { db in
            for unit in refresh.removed { try db.execute(sql: "DELETE FROM runs WHERE unit = ?", arguments: [unit]) }
            let upsert = try db.makeStatement(sql: "INSERT OR REPLACE INTO runs (unit, fingerprint, digest, record) VALUES (?, ?, ?, ?)")
            for chunk in 0..<refresh.chunks {
                for row in refresh.changedRows(chunk) {
                    try upsert.execute(arguments: [row.unit, Data(row.fingerprint), row.digest, Data(row.record)])
                }
            }
            for folder in refresh.removedConfigs { try db.execute(sql: "DELETE FROM configs WHERE folder = ?", arguments: [folder]) }
            let config = try db.makeStatement(sql: "INSERT OR REPLACE INTO configs (folder, signature, config) VALUES (?, ?, ?)")
            for row in refresh.configs {
                var writer = ByteWriter(capacity: 40)
                row.signature.write(into: &writer)
                try config.execute(arguments: [row.folder, Data(writer.bytes), Data(row.config)])
            }
            for (key, value) in refresh.meta() {
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, Data(value)])
            }
        }
    }
}
