import Foundation
import GRDB
import GRDBSQLite
@_spi(RunKitInternals) import RunKitSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A user's SQLite database (MLflow's `mlflow.db`), read while a writer may be using it, and never
/// written to, nor beside:
///
/// - `read` runs its body in one read transaction: one consistent snapshot, whatever the writer
///   commits meanwhile (a run is never half read).
/// - A writer's lock is waited out: SQLite's busy timeout, then the read is tried again, for up to
///   `busyTimeout` seconds in all (MLflow's own sessions wait 20 s). A database still locked after
///   that throws `storeBusy`, never "not a database".
/// - Nothing is created in the database's folder, so read-only folders and mounts read too. How
///   the database is opened depends on its state at each read (`SQLiteFileState.Plan`): with
///   SQLite's locks and the writer's side files while a writer has them; `immutable=1` when the
///   database is in WAL mode and no `-wal` exists (any other reader would create `-wal` and
///   `-shm`); a private copy outside the store when nothing else can read it without writing.
///   For the immutable connection this process holds SQLite's shared lock itself, as any WAL
///   reader holds it while connected: no writer can then checkpoint into the file on closing,
///   remove the `-wal` or change the journal mode, so the file changes only through a checkpoint
///   of a `-wal` that stays. The state after each immutable read shows any change, and the read
///   is done again with the writer's files.
///
/// There is one instance per database file in a process (`opened(_:)`), and its reads run one at
/// a time. POSIX locks belong to the process, not to a descriptor: closing *any* descriptor of the
/// file drops every lock the process holds on it (sqlite.org/howtocorrupt.html, 2.2), and those
/// locks are what keep a writer from changing the file, or removing its `-wal`, under a read. So
/// this type reads the header through one descriptor it never closes (the one its shared lock is
/// taken through), closes the connection of one plan before opening the other's (an immutable
/// connection is outside SQLite's bookkeeping of descriptors), and closes both before copying.
///
/// ```swift
/// let database = LiveSQLiteDatabase.opened("/project/mlflow.db")
/// let runs = try database.read(busyTimeout: 20) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") }
/// ```
final class LiveSQLiteDatabase: Sendable {
    /// The database file (absolute).
    let path: String

    /// The descriptor and connections; holding its lock serializes reads.
    private let connections: Locked<LiveSQLiteConnections>

    /// Whether this process's SQLite reads `file:` URIs in file names (`immutable=1` needs it).
    static let uriFilenames = sqlite3_compileoption_used("USE_URI") != 0

    /// Every instance of this process, by the file's resolved path.
    private static let instances = Locked<[String: LiveSQLiteDatabase]>([:])

    /// The instance for the database at `path` (absolute), the same for every path naming the file.
    static func opened(_ path: String) -> LiveSQLiteDatabase {
        let key = identity(path)
        return instances.withLock { instances in
            if let instance = instances[key] { return instance }
            let instance = LiveSQLiteDatabase(path: path)
            instances[key] = instance
            return instance
        }
    }

    /// The first `count` bytes of the file at `path` (fewer when it is shorter; none when it cannot
    /// be read), without dropping the locks of this process's connections to it.
    static func header(of path: String, count: Int) -> [UInt8] {
        let key = identity(path)
        var bytes: [UInt8] = []
        let instance: LiveSQLiteDatabase? = instances.withLock { instances in
            if let instance = instances[key] { return instance }
            // No connection to the file exists, and none is opened while the lock is held.
            if let handle = FileHandle(forReadingAtPath: path) {
                // As documented: unreadable bytes are none, and the kind check that asked says so.
                bytes = [UInt8]((try? handle.read(upToCount: count)) ?? Data())
                try? handle.close()
            }
            return nil
        }
        return instance?.header(count) ?? bytes
    }

    /// The file's path with symbolic links resolved (the path itself when that fails).
    private static func identity(_ path: String) -> String {
        PosixFileSystem.realPath(path) ?? path
    }

    private init(path: String) {
        self.path = path
        connections = Locked(LiveSQLiteConnections(path: path))
    }

    /// The first `count` bytes of the file (fewer when it is shorter), read without opening and
    /// closing a descriptor of it (which would drop the locks of this process's connections).
    func header(_ count: Int = 100) -> [UInt8] {
        connections.withLock { $0.readHeader(count) }
    }

    /// Runs `body` in one read transaction of the database: one snapshot. `body` must not read
    /// this database again (reads run one at a time).
    func read<T>(busyTimeout: Double, _ body: (Database) throws -> T) throws -> T {
        try connections.withLock { try $0.read(busyTimeout: busyTimeout, body) }
    }

    /// Read-only, waiting out locks for `busyTimeout` seconds.
    static func configuration(_ busyTimeout: Double) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "runkit.store"
        return configuration
    }

    /// SQLite's "locked" and "busy" answers (and the WAL's lock race, `SQLITE_PROTOCOL`): a
    /// writer holds the database, which is healthy.
    static func isBusy(_ error: DatabaseError) -> Bool {
        [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_PROTOCOL].contains(error.resultCode)
    }

    /// SQLite cannot read the database in place without writing: a hot journal to roll back, a
    /// WAL index to create in a read-only folder.
    static func needsPrivateCopy(_ error: DatabaseError) -> Bool {
        [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode)
    }

    /// A `file:` URI naming `path` (absolute) with `query`, for SQLite's URI file names.
    static func uri(_ path: String, query: String) -> String {
        "file://" + uriPath.escaped(path) + "?" + query
    }

    /// What SQLite's URI parser would read as an escape, the query or the fragment.
    private static let uriPath = TextEscaper(["%": "%25", "?": "%3f", "#": "%23"])
}
