/// A SQLite database file and the files SQLite keeps beside it (`-wal`, `-shm`, `-journal`) at one
/// moment: what `LiveSQLiteDatabase` needs to choose how to read the database without creating
/// anything in its folder, and to notice that the file changed during a read.
///
/// ```swift
/// let state = SQLiteFileState.of("/project/mlflow.db", header: database.header(20))
/// state.plan          // .shared while a WAL writer is at work, .immutable once it has gone
/// ```
struct SQLiteFileState: Sendable, Equatable {
    /// The journal mode the file's header records (bytes 18 and 19: 1 rollback, 2 WAL).
    enum JournalMode: Sendable, Equatable {
        case rollback, wal
        /// Not (yet) a SQLite header: SQLite itself says what is wrong.
        case unknown
    }

    /// How to open the database for one read.
    enum Plan: Sendable, Equatable {
        /// Read-only with SQLite's locks and the writer's existing side files: rollback-journal
        /// databases, and WAL databases whose `-wal` and `-shm` exist (a writer at work, or one
        /// that left them). SQLite creates nothing here: a rollback reader only takes a lock, a
        /// WAL reader opens the files that are there.
        case shared
        /// `immutable=1`: a WAL database with no `-wal` (or an empty one and no `-shm`) holds all
        /// its committed data in the main file, and no connection has it open (an open one keeps
        /// its `-wal`). SQLite would create `-wal` and `-shm` for any other reader; an immutable
        /// one takes no lock and creates nothing. The file must then not change during the read:
        /// `LiveSQLiteDatabase` checks that it did not, and reads again if it did.
        case immutable
        /// A private copy outside the store: a WAL database whose `-wal` holds commits but whose
        /// `-shm` is missing (no connection has it open; SQLite would create `-shm` to read it),
        /// or a database SQLite cannot read in place without writing (a hot journal left by a
        /// writer that died, a read-only folder it would have to create files in).
        case privateCopy
    }

    var journalMode: JournalMode
    var database: FileSignature
    var wal: FileSignature
    var sharedMemoryExists: Bool

    /// The state of the database at `path` now, given the first 20 bytes of the file (read by the
    /// caller through a descriptor it keeps: see `LiveSQLiteDatabase`).
    static func of(_ path: String, header: [UInt8]) -> SQLiteFileState {
        SQLiteFileState(journalMode: journalMode(header: header), database: .of(path), wal: .of(path + "-wal"),
                        sharedMemoryExists: FileSignature.of(path + "-shm").kind != .missing)
    }

    /// How to open the database in this state; `immutable` needs SQLite's URI file names.
    func plan(uriFilenames: Bool) -> Plan {
        guard journalMode == .wal else { return .shared }
        let unshared: Plan = uriFilenames ? .immutable : .privateCopy
        switch (wal.kind != .missing, sharedMemoryExists) {
        case (true, true): return .shared                   // a writer at work, or its files left behind
        case (false, _): return unshared                    // every commit is in the main file
        case (true, false): return wal.size == 0 ? unshared : .privateCopy
        }
    }

    /// True when the main file or the `-wal` changed since `earlier`: an immutable read that
    /// overlapped the change may have seen a checkpoint half written, and must be done again.
    func changed(since earlier: SQLiteFileState) -> Bool {
        database != earlier.database || wal != earlier.wal || journalMode != earlier.journalMode
    }

    /// The journal mode a file's header records (`unknown` when it is no SQLite header).
    static func journalMode(header: [UInt8]) -> JournalMode {
        guard header.count >= 20, header.starts(with: Array("SQLite format 3\0".utf8)) else { return .unknown }
        switch (header[18], header[19]) {
        case (1, 1): return .rollback
        case (2, 2): return .wal
        default: return .unknown
        }
    }
}
