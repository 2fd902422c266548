import Foundation
import GRDB
import GRDBSQLite
import RunKitSupport
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
final class LiveSQLiteDatabase: @unchecked Sendable {
    /// The database file (absolute).
    let path: String

    /// Serializes reads and guards everything below.
    private let lock = NSLock()
    /// A descriptor of the file for reading its header, kept open for the life of the process.
    private var descriptor: Int32 = -1
    /// The connection of the `shared` plan, and the inode it was opened on.
    private var shared: (queue: DatabaseQueue, inode: UInt64)?
    /// The connection of the `immutable` plan, valid while the file keeps this signature.
    private var immutable: (queue: DatabaseQueue, database: FileSignature)?
    /// The private copy, once one was needed: every later read uses it (a frozen snapshot).
    private var copy: DatabaseQueue?

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
    }

    /// The first `count` bytes of the file (fewer when it is shorter), read without opening and
    /// closing a descriptor of it (which would drop the locks of this process's connections).
    func header(_ count: Int = 100) -> [UInt8] {
        lock.withLock { readHeader(count) }
    }

    /// Runs `body` in one read transaction of the database: one snapshot. `body` must not read
    /// this database again (reads run one at a time).
    func read<T>(busyTimeout: Double, _ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let started = DispatchTime.now().uptimeNanoseconds
        func mayRetry() -> Bool { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 < busyTimeout }
        let milliseconds = Int32(min(busyTimeout * 1000, Double(Int32.max)))
        while true {
            let state = currentState()
            let plan = copy != nil ? .privateCopy : state.plan(uriFilenames: Self.uriFilenames)
            do {
                let queue = try connection(plan, state, busyTimeout: busyTimeout, retrying: mayRetry)
                let value = try queue.read { db in
                    sqlite3_busy_timeout(db.sqliteConnection, milliseconds)
                    return try body(db)
                }
                if plan == .immutable, currentState().changed(since: state) {
                    guard mayRetry() else { throw busy(busyTimeout) }
                    continue
                }
                return value
            } catch is Moved {
                // A writer holds or takes the exclusive lock, or the files changed meanwhile.
                guard mayRetry() else { throw busy(busyTimeout) }
                usleep(10_000)
                continue
            } catch let error as DatabaseError {
                if plan == .immutable, currentState().changed(since: state) {
                    guard mayRetry() else { throw busy(busyTimeout) }
                    continue
                }
                if Self.isBusy(error) {
                    guard mayRetry() else { throw busy(busyTimeout) }
                    usleep(10_000)
                    continue
                }
                if plan == .shared, Self.needsPrivateCopy(error) {
                    guard access(path, R_OK) == 0 else {
                        throw RunKitError(.unreadableFile, "\(path) cannot be read: \(String(cString: strerror(errno))).", path: path)
                    }
                    try makePrivateCopy(busyTimeout: busyTimeout, retrying: mayRetry)
                    continue
                }
                throw error
            }
        }
    }

    /// SQLite's lock bytes (`os.c`): a reader holds a read lock on the shared range, taken while
    /// holding one on the pending byte (which a writer about to lock the file exclusively holds).
    private static let pendingByte: off_t = 0x4000_0000
    private static let sharedFirst: off_t = pendingByte + 2
    private static let sharedSize: off_t = 510

    /// Takes SQLite's shared lock on the file through the kept descriptor, as a reader does;
    /// false when a writer holds or is taking the exclusive lock.
    private func lockShared() -> Bool {
        guard descriptor >= 0, setLock(F_RDLCK, Self.pendingByte, 1) else { return false }
        defer { _ = setLock(F_UNLCK, Self.pendingByte, 1) }
        return setLock(F_RDLCK, Self.sharedFirst, Self.sharedSize)
    }

    private func unlockShared() {
        _ = setLock(F_UNLCK, Self.sharedFirst, Self.sharedSize)
    }

    private func setLock(_ type: Int32, _ start: off_t, _ length: off_t) -> Bool {
        var lock = flock()
        lock.l_type = Int16(type)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = start
        lock.l_len = length
        return fcntl(descriptor, F_SETLK, &lock) == 0
    }

    /// The state of the file now, its journal mode read through the kept descriptor.
    private func currentState() -> SQLiteFileState {
        SQLiteFileState.of(path, header: readHeader(20))
    }

    private func readHeader(_ count: Int) -> [UInt8] {
        // Opened once; reopened only when the path names another file now (the old descriptor
        // then names a file no connection of the new one uses).
        var current = stat()
        if descriptor >= 0, stat(path, &current) == 0 {
            var held = stat()
            if fstat(descriptor, &held) != 0 || held.st_ino != current.st_ino || held.st_dev != current.st_dev {
                closeConnections()
                close(descriptor)
                descriptor = -1
            }
        }
        if descriptor < 0 { descriptor = open(path, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, 0) }
        return Array(bytes.prefix(max(read, 0)))
    }

    /// The connection for `plan`, opened or reused; the connection of the other plan is closed
    /// first (see the type's notes on POSIX locks). Throws `Moved` when the immutable connection
    /// cannot be opened now.
    ///
    /// An immutable connection takes no lock of its own, so this process takes SQLite's shared
    /// lock for it, as any SQLite reader of a WAL database holds it while connected: no writer can
    /// then checkpoint on closing, remove the `-wal` or change the journal mode. The main file
    /// changes only through a checkpoint of a `-wal` that then stays, which the next state shows.
    private func connection(_ plan: SQLiteFileState.Plan, _ state: SQLiteFileState, busyTimeout: Double,
                            retrying: () -> Bool) throws -> DatabaseQueue {
        switch plan {
        case .shared:
            if let shared, shared.inode == state.database.inode { return shared.queue }
            closeConnections()
            let queue = try DatabaseQueue(path: path, configuration: Self.configuration(busyTimeout))
            shared = (queue, state.database.inode)
            return queue
        case .immutable:
            if let immutable, immutable.database == state.database { return immutable.queue }
            closeConnections()
            guard lockShared() else { throw Moved() }
            guard currentState() == state else {
                unlockShared()
                throw Moved()
            }
            do {
                let queue = try DatabaseQueue(path: Self.uri(path, query: "immutable=1"), configuration: Self.configuration(busyTimeout))
                immutable = (queue, state.database)
                return queue
            } catch {
                unlockShared()
                throw error
            }
        case .privateCopy:
            if let copy { return copy }
            return try makePrivateCopy(busyTimeout: busyTimeout, retrying: retrying)
        }
    }

    /// The files changed, or a writer holds the lock, while a connection was being opened.
    private struct Moved: Error {}

    /// Closes the connections to the file itself (not the private copy), and releases the lock
    /// held for the immutable one.
    private func closeConnections() {
        // Closing read-only connections: a failure loses nothing, and there is no caller to tell.
        try? shared?.queue.close()
        shared = nil
        if let immutable {
            try? immutable.queue.close()
            unlockShared()
        }
        immutable = nil
    }

    /// Read-only, waiting out locks for `busyTimeout` seconds.
    private static func configuration(_ busyTimeout: Double) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "runkit.store"
        return configuration
    }

    /// Takes the private copy (again, while the database changes under the copying and
    /// `retrying` allows), keeps it for every later read, and returns its connection.
    @discardableResult
    private func makePrivateCopy(busyTimeout: Double, retrying: () -> Bool) throws -> DatabaseQueue {
        // Copying opens and closes the file: no connection may hold locks on it then.
        closeConnections()
        while true {
            do {
                let queue = try Self.openPrivateCopy(of: path, configuration: Self.configuration(busyTimeout))
                copy = queue
                return queue
            } catch is PrivateCopyChanged {
                guard retrying() else { throw busy(busyTimeout) }
            }
        }
    }

    private func busy(_ busyTimeout: Double) -> RunKitError {
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
