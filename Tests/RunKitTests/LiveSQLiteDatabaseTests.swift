import Foundation
import GRDB
import Testing
@testable import RunKit
@testable import RunKitStores

/// Reading an MLflow database a writer is using: one snapshot per read, locks waited out, WAL
/// databases read without side files and never torn by a writer's checkpoint; runs in no experiment
/// named; the busy timeout setting.
@Suite("live SQLite database")
struct LiveSQLiteDatabaseTests {
    static let fixture = Fixtures.path("hydraflow-sqlite")

    /// A copy of the fixture whose database is in WAL mode with no `-wal` (SQLite removed it).
    static func quietWALCopy() throws -> TemporaryCopy {
        let copy = try TemporaryCopy(of: fixture)
        let writer = try DatabaseQueue(path: copy.path + "/mlflow.db")
        try writer.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        try writer.close()
        #expect(!FileManager.default.fileExists(atPath: copy.path + "/mlflow.db-wal"))
        return copy
    }

    /// SQL that adds a copy of the fixture's first run under a new id.
    static let insertRun = """
        INSERT INTO runs SELECT 'ffffffffffffffffffffffffffffffff', name, source_type, source_name, entry_point_name, user_id,
        status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time
        FROM runs WHERE run_uuid = (SELECT min(run_uuid) FROM runs)
        """

    static let pythonHasSQLite: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    @Test("a writer (another process) that commits and closes during an immutable read cannot checkpoint into the file; the read is done again and sees the commit",
          .enabled(if: pythonHasSQLite, "skipped: python3 with its sqlite3 module is needed as the other process"))
    func writerDuringImmutableRead() throws {
        let copy = try Self.quietWALCopy()
        let path = copy.path + "/mlflow.db"
        let database = LiveSQLiteDatabase.opened(path)
        #expect(SQLiteFileState.of(path, header: database.header(20)).plan(uriFilenames: LiveSQLiteDatabase.uriFilenames) == .immutable)
        var attempts = 0
        let count = try database.read(busyTimeout: 5) { db -> Int in
            attempts += 1
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") ?? 0
            if attempts == 1 {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["python3", "-c", """
                    import sqlite3, sys
                    c = sqlite3.connect(sys.argv[1])
                    c.execute(sys.argv[2])
                    c.commit()
                    c.close()
                    """, path, Self.insertRun]
                try process.run()
                process.waitUntilExit()
                #expect(process.terminationStatus == 0)
                // Its last connection closed without checkpointing: this process holds the shared lock.
                #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            }
            return count
        }
        #expect(attempts == 2)
        #expect(count == 30)
    }

    @Test("a read waits while a writer holds the database and then sees its commit; past the busy timeout it throws storeBusy")
    func writerLockWaitedOut() throws {
        let copy = try TemporaryCopy(of: Self.fixture)
        let path = copy.path + "/mlflow.db"
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true   // the transaction spans two accesses
        let writer = try DatabaseQueue(path: path, configuration: configuration)
        let database = LiveSQLiteDatabase.opened(path)
        try writer.inDatabase { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            try db.execute(sql: Self.insertRun)
        }
        // Past the timeout: storeBusy, naming the file; never "not a database".
        do {
            _ = try database.read(busyTimeout: 0.2) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") }
            Issue.record("read a database locked exclusively")
        } catch let error as RunKitError {
            #expect(error.kind == .storeBusy)
            #expect(error.description.contains(path) && error.description.contains("locked by a writer for 0.2 s"))
        }
        // Within the timeout: the read waits for the commit.
        let started = Date()
        let commit = DispatchWorkItem { try? writer.inDatabase { db in try db.execute(sql: "COMMIT") } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.4, execute: commit)
        let count = try database.read(busyTimeout: 10) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") ?? 0 }
        #expect(count == 30)
        #expect(Date().timeIntervalSince(started) >= 0.35)
        commit.wait()
    }

    @Test("each state is read with the plan that creates nothing beside the file")
    func plans() throws {
        let rollback = try TemporaryCopy(of: Self.fixture)
        let quiet = try Self.quietWALCopy()
        func plan(_ copy: TemporaryCopy) -> SQLiteFileState.Plan {
            let path = copy.path + "/mlflow.db"
            return SQLiteFileState.of(path, header: LiveSQLiteDatabase.opened(path).header(20)).plan(uriFilenames: true)
        }
        #expect(plan(rollback) == .shared)
        #expect(plan(quiet) == .immutable)
        #expect(SQLiteFileState.of(quiet.path + "/mlflow.db", header: LiveSQLiteDatabase.opened(quiet.path + "/mlflow.db").header(20))
            .plan(uriFilenames: false) == .privateCopy)
        // A writer at work: its -wal and -shm are there and used.
        let writer = try DatabaseQueue(path: quiet.path + "/mlflow.db")
        try writer.write { db in try db.execute(sql: Self.insertRun) }
        #expect(plan(quiet) == .shared)
        // Its -wal without -shm (no connection has it open): a private copy.
        try FileManager.default.copyItem(atPath: quiet.path + "/mlflow.db-wal", toPath: quiet.path + "/kept-wal")
        try writer.close()
        try FileManager.default.moveItem(atPath: quiet.path + "/kept-wal", toPath: quiet.path + "/mlflow.db-wal")
        #expect(plan(quiet) == .privateCopy)
        let store = try MLflowSQLiteStore(databasePath: quiet.path + "/mlflow.db")
        #expect(try store.loadRuns(LoadOptions(view: .all)).runs.count == 30)
        #expect(!FileManager.default.fileExists(atPath: quiet.path + "/mlflow.db-shm"))
    }

    @Test("runs whose experiment_id is NULL or names no experiment are left out, as MLflow leaves them out, and named in a warning")
    func runsInNoExperiment() throws {
        let copy = try TemporaryCopy(of: Self.fixture)
        let path = copy.path + "/mlflow.db"
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false   // experiment 99 does not exist
        let writer = try DatabaseQueue(path: path, configuration: configuration)
        let ids = try writer.read { db in try String.fetchAll(db, sql: "SELECT run_uuid FROM runs ORDER BY run_uuid LIMIT 4") }
        try writer.write { db in
            try db.execute(sql: "UPDATE runs SET experiment_id = NULL WHERE run_uuid IN (?, ?)", arguments: [ids[0], ids[1]])
            try db.execute(sql: "UPDATE runs SET experiment_id = 99 WHERE run_uuid = ?", arguments: [ids[2]])
        }
        try writer.close()
        let result = try MLflowSQLiteStore(databasePath: path).loadRuns(LoadOptions(view: .all))
        #expect(result.runs.count == 26)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.message.contains("\(path) holds 3 runs whose experiment_id is NULL or names no experiment") == true)
        // Also when the load is narrowed to a query's candidates (counted over the whole store).
        var narrowed = LoadOptions(view: .all)
        narrowed.bound = try Query("metrics.loss < 100").bound
        narrowed.pushdownThreshold = .infinity
        let candidates = try MLflowSQLiteStore(databasePath: path).loadRuns(narrowed)
        #expect(candidates.pushed != nil && candidates.runs.count <= 26)
        #expect(candidates.warnings.map(\.message) == result.warnings.map(\.message))
        // A bound that keeps the whole sample is not pushed: every run is loaded.
        narrowed.pushdownThreshold = MLflowSQLiteStore.pushdownThreshold
        let unpushed = try MLflowSQLiteStore(databasePath: path).loadRuns(narrowed)
        #expect(unpushed.pushed == nil && unpushed.keptInSample == 1 && unpushed.runs.count == 26)
        // Also when no experiment is selected.
        let none = try MLflowSQLiteStore(databasePath: path).loadRuns(LoadOptions(experiments: .name("no-such-experiment")))
        #expect(none.runs.isEmpty && none.warnings.count == 1)
        // A load of given runs counts the orphans among them only (the scan that finds them is theirs).
        let byID = try MLflowSQLiteStore(databasePath: path).loadRuns(LoadOptions(view: .all, runIDs: [ids[0], ids[3]]))
        #expect(byID.runs.map(\.id) == [ids[3]])
        #expect(byID.warnings.first?.message.contains("\(path) holds 1 run whose experiment_id is NULL") == true)
        #expect(try MLflowSQLiteStore(databasePath: path).loadRuns(LoadOptions(runIDs: [ids[3]])).warnings.isEmpty)
        // The fixture itself has none.
        #expect(try MLflowSQLiteStore(databasePath: Self.fixture + "/mlflow.db").loadRuns(LoadOptions(view: .all)).warnings.isEmpty)
    }

    @Test("a run loaded with includesHistory carries the history a later read gives; runIDs select in SQL")
    func historyInTheLoad() throws {
        let store = try MLflowSQLiteStore(databasePath: Self.fixture + "/mlflow.db")
        let all = try store.loadRuns(LoadOptions(view: .all)).runs
        for run in all.prefix(4) {
            let one = try store.loadRuns(LoadOptions(view: .all, runIDs: [run.info.runID], includesHistory: true)).runs
            #expect(one.count == 1 && one[0].info.runID == run.info.runID)
            #expect(try one[0].metricHistory() == run.metricHistory())
            #expect(one[0].params == run.params && one[0].metrics == run.metrics && one[0].tags == run.tags)
        }
        #expect(MLflowSQLiteStore.runFilter(experimentIDs: ["1"], runIDs: ["a'b"]) == "experiment_id IN ('1') AND run_uuid IN ('a''b')")
    }

    @Test("RUNKIT_BUSY_TIMEOUT: seconds, 20 by default; anything else is an error naming it")
    func busyTimeoutSetting() throws {
        #expect(try MLflowSQLiteStore.configuredBusyTimeout([:]) == 20)
        #expect(try MLflowSQLiteStore.configuredBusyTimeout(["RUNKIT_BUSY_TIMEOUT": "0.5"]) == 0.5)
        for bad in ["abc", "-1", "inf"] {
            #expect(throws: RunKitError.self) { try MLflowSQLiteStore.configuredBusyTimeout(["RUNKIT_BUSY_TIMEOUT": bad]) }
        }
    }
}
