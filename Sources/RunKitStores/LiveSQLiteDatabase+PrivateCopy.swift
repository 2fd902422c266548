import Foundation
import GRDB

extension LiveSQLiteDatabase {
    /// The database changed while it was being copied: copy again.
    struct PrivateCopyChanged: Error {}

    /// A read-only connection to a copy of the database taken outside the store, for a database
    /// SQLite cannot read in place without writing (see `SQLiteFileState.Plan.privateCopy`).
    ///
    /// The file and the side file holding commits (`-wal`, or a hot `-journal`) are copied into a
    /// new temporary folder, and the copy is settled there as SQLite would settle the original on
    /// its first write (a WAL checkpointed into the file, a hot journal rolled back). The
    /// connection is opened, then the folder is removed: the open connection keeps reading the
    /// removed file, and nothing is left behind even if the process is killed. Throws
    /// `PrivateCopyChanged` when a file changed during the copying.
    static func openPrivateCopy(of path: String, configuration: Configuration) throws -> DatabaseQueue {
        let suffixes = ["", "-wal", "-journal"]
        func signatures() -> [FileSignature] { suffixes.map { FileSignature.of(path + $0) } }
        let before = signatures()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runkit-sqlite-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }   // our own temporary copy: best effort
        let copy = folder + "/" + URL(fileURLWithPath: path).lastPathComponent
        for (suffix, signature) in zip(suffixes, before) where signature.kind == .file {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
        }
        guard signatures() == before else { throw PrivateCopyChanged() }
        let settling = try DatabaseQueue(path: copy)
        try settling.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        try settling.close()
        return try DatabaseQueue(path: copy, configuration: configuration)
    }
}
