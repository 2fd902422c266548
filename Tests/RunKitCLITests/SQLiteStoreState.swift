import Foundation
import GRDB

/// The states an MLflow SQLite store is found in, each made from a fixture by SQLite itself: the
/// files a real writer leaves are copied while that writer is at the moment wanted.
enum SQLiteStoreState: String, CaseIterable, CustomStringConvertible {
    /// MLflow's default: a rollback journal, no writer.
    case rollback
    /// WAL mode, no writer: no `-wal`, no `-shm` (SQLite removed them when the last connection closed).
    case walQuiet
    /// WAL mode with a writer's `-wal` and `-shm`; the `-wal` holds a commit not yet in the main
    /// file (the first run of the fixture renamed `renamed-in-wal`).
    case walWithSideFiles
    /// The same `-wal` commit without `-shm` (copied by a tool that skipped it).
    case walWithoutSharedMemory
    /// A writer died mid-transaction: a hot `-journal`, and the main file holding part of a change
    /// never committed (every run renamed `never-committed`).
    case hotJournal

    var description: String { rawValue }

    /// The run renamed by a commit that is only in the `-wal`.
    static let renamedRun = "renamed-in-wal"
    static let uncommittedName = "never-committed"

    /// Makes `folder` (it must not exist): `fixture` (a folder holding mlflow.db) in this state.
    func make(from fixture: String, at folder: String) throws {
        try FileManager.default.copyItem(atPath: fixture, toPath: folder)
        let database = folder + "/mlflow.db"
        if self == .rollback { return }
        // The writer works on a scratch copy; its files are copied into `folder` at the right moment.
        let scratch = folder + ".scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let scratchDatabase = scratch + "/mlflow.db"
        try FileManager.default.copyItem(atPath: database, toPath: scratchDatabase)
        func take(_ suffixes: [String]) throws {
            for suffix in ["", "-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: database + suffix) {
                try FileManager.default.removeItem(atPath: database + suffix)
            }
            for suffix in suffixes {
                try FileManager.default.copyItem(atPath: scratchDatabase + suffix, toPath: database + suffix)
            }
        }
        let writer = try DatabaseQueue(path: scratchDatabase)
        switch self {
        case .rollback:
            break
        case .walQuiet:
            try writer.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
            try writer.close()
            try take([""])
        case .walWithSideFiles, .walWithoutSharedMemory:
            try writer.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
                try db.execute(sql: "UPDATE runs SET name = ? WHERE run_uuid = (SELECT min(run_uuid) FROM runs)",
                               arguments: [Self.renamedRun])
            }
            try take(self == .walWithSideFiles ? ["", "-wal", "-shm"] : ["", "-wal"])
            try writer.close()
        case .hotJournal:
            let original = try Data(contentsOf: URL(fileURLWithPath: scratchDatabase))
            try writer.inDatabase { db in
                // A one-page cache makes the change spill into the main file before the commit.
                try db.execute(sql: "PRAGMA cache_size = 1")
                try db.execute(sql: "BEGIN IMMEDIATE")
                try db.execute(sql: "UPDATE runs SET name = ?", arguments: [Self.uncommittedName])
                try db.execute(sql: """
                    CREATE TABLE ballast AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 3000)
                    SELECT randomblob(1000) AS b FROM r
                    """)
                try take(["", "-journal"])
                try db.execute(sql: "ROLLBACK")
            }
            try writer.close()
            guard try Data(contentsOf: URL(fileURLWithPath: database)) != original else {
                throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "the uncommitted change did not reach the main file"])
            }
        }
    }

    /// The same store as SQLite's first read-write connection leaves it (the WAL checkpointed,
    /// the hot journal rolled back): what every read of this state must answer.
    static func settledCopy(of folder: String, at copy: String) throws {
        try FileManager.default.copyItem(atPath: folder, toPath: copy)
        let database = try DatabaseQueue(path: copy + "/mlflow.db")
        try database.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
        try database.close()
    }

    /// Every file under `folder` with its size and modification time: to show nothing was
    /// created, removed or written.
    static func listing(_ folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let item = enumerator?.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + item)
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            result[item] = "\(attributes[.size] ?? 0) \(modified)"
        }
        return result
    }
}
