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

/// What a `LiveSQLiteDatabase` holds open for its file: the descriptor its header is read and
/// its shared lock taken through, and the connection of each plan. Reached only under the
/// database's lock (`Locked`), so reads run one at a time; the type's notes say why each is kept.
///
/// ```swift
/// var connections = LiveSQLiteConnections(path: "/project/mlflow.db")
/// let count = try connections.read(busyTimeout: 20) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") }
/// ```
struct LiveSQLiteConnections {
    /// The database file (absolute).
    let path: String
    /// A descriptor of the file for reading its header, kept open as long as the database
    /// instance (one per file, for the life of the process: see `LiveSQLiteDatabase`).
    private var descriptor: Int32 = -1
    /// The connection of the `shared` plan, and the inode it was opened on.
    private var shared: (queue: DatabaseQueue, inode: UInt64)?
    /// The connection of the `immutable` plan, valid while the file keeps this signature.
    private var immutable: (queue: DatabaseQueue, database: FileSignature)?
    /// The private copy, once one was needed: every later read uses it (a frozen snapshot).
    private var copy: DatabaseQueue?

    init(path: String) {
        self.path = path
    }

    /// Runs `body` in one read transaction of the database: one snapshot (see `LiveSQLiteDatabase`).
    mutating func read<T>(busyTimeout: Double, _ body: (Database) throws -> T) throws -> T {
        let started = DispatchTime.now().uptimeNanoseconds
        func mayRetry() -> Bool { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 < busyTimeout }
        let milliseconds = Int32(min(busyTimeout * 1000, Double(Int32.max)))
        while true {
            let state = currentState()
            let plan = copy != nil ? .privateCopy : state.plan(uriFilenames: LiveSQLiteDatabase.uriFilenames)
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
                if LiveSQLiteDatabase.isBusy(error) {
                    guard mayRetry() else { throw busy(busyTimeout) }
                    usleep(10_000)
                    continue
                }
                if plan == .shared, LiveSQLiteDatabase.needsPrivateCopy(error) {
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
    private mutating func currentState() -> SQLiteFileState {
        SQLiteFileState.of(path, header: readHeader(20))
    }

    mutating func readHeader(_ count: Int) -> [UInt8] {
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
    private mutating func connection(_ plan: SQLiteFileState.Plan, _ state: SQLiteFileState, busyTimeout: Double,
                            retrying: () -> Bool) throws -> DatabaseQueue {
        switch plan {
        case .shared:
            if let shared, shared.inode == state.database.inode { return shared.queue }
            closeConnections()
            let queue = try DatabaseQueue(path: path, configuration: LiveSQLiteDatabase.configuration(busyTimeout))
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
                let queue = try DatabaseQueue(path: LiveSQLiteDatabase.uri(path, query: "immutable=1"), configuration: LiveSQLiteDatabase.configuration(busyTimeout))
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
    private mutating func closeConnections() {
        // Closing read-only connections: a failure loses nothing, and there is no caller to tell.
        try? shared?.queue.close()
        shared = nil
        if let immutable {
            try? immutable.queue.close()
            unlockShared()
        }
        immutable = nil
    }

    /// Takes the private copy (again, while the database changes under the copying and
    /// `retrying` allows), keeps it for every later read, and returns its connection.
    @discardableResult
    private mutating func makePrivateCopy(busyTimeout: Double, retrying: () -> Bool) throws -> DatabaseQueue {
        // Copying opens and closes the file: no connection may hold locks on it then.
        closeConnections()
        while true {
            do {
                let queue = try LiveSQLiteDatabase.openPrivateCopy(of: path, configuration: LiveSQLiteDatabase.configuration(busyTimeout))
                copy = queue
                return queue
            } catch is LiveSQLiteDatabase.PrivateCopyChanged {
                guard retrying() else { throw busy(busyTimeout) }
            }
        }
    }

    private func busy(_ busyTimeout: Double) -> RunKitError {
        let seconds = busyTimeout.rounded() == busyTimeout ? String(Int(busyTimeout)) : String(busyTimeout)
        return RunKitError(.storeBusy, "\(path) stayed locked by a writer for \(seconds) s: try again, or wait longer with RUNKIT_BUSY_TIMEOUT=SECONDS.", path: path)
    }
}
