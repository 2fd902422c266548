import Foundation
import GRDB
import GRDBSQLite

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
///   `-shm`), checking after the read that the file did not change (a writer that started and
///   checkpointed meanwhile), and reading again if it did; a private copy outside the store
///   when nothing else can read it without writing.
///
/// ```swift
/// let database = LiveSQLiteDatabase(path: "/project/mlflow.db", busyTimeout: 20)
/// let runs = try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") }
/// ```
final class LiveSQLiteDatabase: @unchecked Sendable {
    /// The database file (absolute).
    let path: String
    /// How long, in seconds, a read waits for a writer to release the database.
    let busyTimeout: Double

    private let lock = NSLock()
    /// The connection of the `shared` plan, and the database file it was opened on.
    private var shared: (queue: DatabaseQueue, database: FileSignature)?
    /// The connection of the `immutable` plan, valid while the file keeps this signature.
    private var immutable: (queue: DatabaseQueue, database: FileSignature)?
    /// The private copy, once one was needed: every later read uses it (a frozen snapshot).
    private var copy: DatabaseQueue?

    /// Whether this process's SQLite reads `file:` URIs in file names (`immutable=1` needs it).
    static let uriFilenames = sqlite3_compileoption_used("USE_URI") != 0

    init(path: String, busyTimeout: Double) {
        self.path = path
        self.busyTimeout = busyTimeout
    }

    /// Runs `body` in one read transaction of the database: one snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let started = DispatchTime.now().uptimeNanoseconds
        func mayRetry() -> Bool { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 < busyTimeout }
        while true {
            let state = SQLiteFileState.of(path)
            let plan = lock.withLock { copy != nil } ? .privateCopy : state.plan(uriFilenames: Self.uriFilenames)
            do {
                let value = try connection(plan, state, retrying: mayRetry).read(body)
                if plan == .immutable, SQLiteFileState.of(path).changed(since: state) {
                    guard mayRetry() else { throw busy() }
                    continue
                }
                return value
            } catch let error as DatabaseError {
                if plan == .immutable, SQLiteFileState.of(path).changed(since: state) {
                    guard mayRetry() else { throw busy() }
                    continue
                }
                if Self.isBusy(error) {
                    guard mayRetry() else { throw busy() }
                    usleep(10_000)
                    continue
                }
                if plan == .shared, Self.needsPrivateCopy(error) {
                    try makePrivateCopy(retryingWhile: mayRetry)
                    continue
                }
                throw error
            }
        }
    }

    /// The connection for `plan`, opened or reused.
    private func connection(_ plan: SQLiteFileState.Plan, _ state: SQLiteFileState, retrying: () -> Bool) throws -> DatabaseQueue {
        switch plan {
        case .shared:
            if let shared = lock.withLock({ shared }), shared.database.inode == state.database.inode { return shared.queue }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            lock.withLock { shared = (queue, state.database) }
            return queue
        case .immutable:
            if let immutable = lock.withLock({ immutable }), immutable.database == state.database { return immutable.queue }
            let queue = try DatabaseQueue(path: Self.uri(path, query: "immutable=1"), configuration: configuration)
            lock.withLock { immutable = (queue, state.database) }
            return queue
        case .privateCopy:
            if let copy = lock.withLock({ copy }) { return copy }
            return try makePrivateCopy(retryingWhile: retrying)
        }
    }

    /// Read-only, waiting out locks for `busyTimeout`.
    private var configuration: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "runkit.store"
        return configuration
    }

    /// Takes the private copy (again, while the database changes under the copying and
    /// `retrying` allows), keeps it for every later read, and returns its connection.
    @discardableResult
    private func makePrivateCopy(retryingWhile retrying: () -> Bool) throws -> DatabaseQueue {
        while true {
            do {
                let queue = try Self.openPrivateCopy(of: path, configuration: configuration)
                lock.withLock { copy = queue }
                return queue
            } catch is PrivateCopyChanged {
                guard retrying() else { throw busy() }
            }
        }
    }

    private func busy() -> RunKitError {
        let seconds = busyTimeout.rounded() == busyTimeout ? String(Int(busyTimeout)) : String(busyTimeout)
        return RunKitError(.storeBusy, "\(path) stayed locked by a writer for \(seconds) s: try again, or wait longer with RUNKIT_BUSY_TIMEOUT=SECONDS.", path: path)
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
        var encoded = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case "%": encoded += "%25"
            case "?": encoded += "%3f"
            case "#": encoded += "%23"
            default: encoded.unicodeScalars.append(scalar)
            }
        }
        return "file://" + encoded + "?" + query
    }
}
