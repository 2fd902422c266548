import Foundation
import GRDB
import Testing

/// MLflow SQLite stores read in place: in every state a writer leaves them, in writable folders
/// and on read-only mounts, by every read command, creating nothing; addresses as MLflow reads
/// them; a writer's lock waited out; runs in no experiment named.
@Suite("MLflow SQLite stores read in place")
struct SQLiteStoreCLITests {
    static let fixture = CLI.fixtures + "/hydraflow-sqlite"
    /// The smallest run id of the fixture: the run a `-wal` commit renames.
    static let firstRun = "04d8125f2c43429582fe4df28df2e21f"
    static let readonlyMount = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts/readonly_mount.sh").path

    /// Every read command, on the store at `store`.
    static func commands(_ store: String) -> [[String]] {
        [["list", store, "--all", "--format", "json"],
         ["list", store, "--all", "--index", "--format", "json"],
         ["show", firstRun, store],
         ["fields", store, "--format", "json"],
         ["experiments", store, "--format", "json"],
         ["group", store, "--by", "model.type", "--agg", "mean(metrics.accuracy)", "--agg", "count()", "--format", "json"],
         ["best", store, "--choose", "model.type", "--metric", "mean(metrics.accuracy)", "--max", "--format", "json"],
         ["diff", store, "--format", "json"],
         ["export", store, "--history", "--format", "csv"],
         ["plot", store, "--kind", "curve", "--metric", "loss"],
         ["index", store, "--format", "json"]]
    }

    /// What a command printed, with the store's folder and the index's file name made neutral.
    static func normalized(_ result: CLIResult, store: String) -> String {
        var text = "\(result.status)\n\(result.stdout)\n\(result.stderr)".replacingOccurrences(of: store, with: "<STORE>")
        // `runkit index`: where the index is, and how much of it a file's age let it trust.
        for key in ["index", "from_index", "read", "bytes"] {
            text = text.replacingOccurrences(of: #""\#(key)": ("[^"]*"|[0-9]+)"#, with: "\"\(key)\": _", options: .regularExpression)
        }
        return text
    }

    /// Runs every read command on `store` (through `wrapper`, e.g. the read-only mount) and
    /// returns the normalized answers.
    static func answers(_ store: String, wrapper: [String] = []) throws -> [String] {
        let cache = try CLI.temporaryFolder("runkit-sqlite-cache")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        return try commands(store).map { arguments in
            let result = wrapper.isEmpty
                ? try CLI.run(arguments, environment: ["RUNKIT_CACHE_DIR": cache])
                : try CLI.runCommand(wrapper + [CLI.binary] + arguments, environment: ["RUNKIT_CACHE_DIR": cache])
            return normalized(result, store: store)
        }
    }

    /// The state made in a temporary folder, and the answers of its settled copy.
    static func prepare(_ state: SQLiteStoreState) throws -> (folder: String, store: String, expected: [String]) {
        let folder = try CLI.temporaryFolder("runkit-sqlite-\(state)")
        let store = folder + "/store", settled = folder + "/settled"
        try state.make(from: fixture, at: store)
        try SQLiteStoreState.settledCopy(of: store, at: settled)
        return (folder, store, try answers(settled))
    }

    static func checkData(_ answers: [String], _ state: SQLiteStoreState) {
        let list = answers[0]
        #expect(list.hasPrefix("0\n"), "\(list.prefix(300))")
        #expect(list.contains(SQLiteStoreState.renamedRun) == [.walWithSideFiles, .walWithoutSharedMemory].contains(state))
        #expect(!list.contains(SQLiteStoreState.uncommittedName))
    }

    @Test("every read command answers as SQLite's own reading of each state, and leaves the folder as it was",
          arguments: SQLiteStoreState.allCases)
    func writableFolder(state: SQLiteStoreState) throws {
        let (folder, store, expected) = try Self.prepare(state)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try SQLiteStoreState.listing(store)
        let answers = try Self.answers(store)
        for (index, (answer, wanted)) in zip(answers, expected).enumerated() {
            #expect(answer == wanted, "runkit \(Self.commands(store)[index].prefix(2).joined(separator: " ")) on \(state)")
        }
        Self.checkData(answers, state)
        // The same files, unchanged; but the `-shm` of a WAL database, where every WAL reader
        // writes its read marks (SQLite's protocol with a writer), may have new content.
        var after = try SQLiteStoreState.listing(store)
        #expect(Set(after.keys) == Set(before.keys), "\(state): files created or removed in the store's folder")
        after["mlflow.db-shm"] = before["mlflow.db-shm"]
        #expect(after == before, "\(state): files changed in the store's folder")
    }

    @Test("on a read-only mount (no one can write there, root included) every read command answers the same",
          arguments: SQLiteStoreState.allCases)
    func readOnlyMount(state: SQLiteStoreState) throws {
        let (folder, store, expected) = try Self.prepare(state)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let mountpoint = folder + "/mounted"
        try FileManager.default.createDirectory(atPath: mountpoint, withIntermediateDirectories: true)
        let probe = try CLI.runCommand(["/bin/sh", Self.readonlyMount, store, mountpoint, "true"])
        guard probe.status == 0 else {
            // No private mount here: a read-only copy (chmod) shows at least that nothing is
            // created (root ignores the permissions, so that is all it shows).
            print("note: \(probe.status == 77 ? "no read-only mount possible here (unshare)" : probe.stderr): chmod -R a-w instead")
            _ = try CLI.runCommand(["/bin/chmod", "-R", "a-w", store])
            defer { _ = try? CLI.runCommand(["/bin/chmod", "-R", "u+w", store]) }
            let before = try SQLiteStoreState.listing(store)
            let answers = try Self.answers(store)
            #expect(answers == expected)
            #expect(try SQLiteStoreState.listing(store) == before)
            return
        }
        let answers = try Self.answers(mountpoint, wrapper: ["/bin/sh", Self.readonlyMount, store, mountpoint])
        for (index, (answer, wanted)) in zip(answers, expected).enumerated() {
            #expect(answer == wanted, "runkit \(Self.commands(mountpoint)[index].prefix(2).joined(separator: " ")) on read-only \(state)")
        }
        Self.checkData(answers, state)
    }

    @Test("a writer's lock is waited out; one held past RUNKIT_BUSY_TIMEOUT is reported as a lock, never as a bad file")
    func writerLock() throws {
        let folder = try CLI.temporaryFolder("runkit-sqlite-lock")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = folder + "/store"
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: store)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true   // the transaction spans several accesses
        let writer = try DatabaseQueue(path: store + "/mlflow.db", configuration: configuration)
        try writer.inDatabase { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            try db.execute(sql: "UPDATE runs SET name = 'committed-while-waiting' WHERE run_uuid = ?", arguments: [Self.firstRun])
        }
        let locked = try CLI.run(["list", store, "--format", "json"], environment: ["RUNKIT_BUSY_TIMEOUT": "0.3"])
        #expect(locked.status == 1)
        #expect(locked.stderr == "runkit: error: \(store)/mlflow.db stayed locked by a writer for 0.3 s: try again, or wait longer with RUNKIT_BUSY_TIMEOUT=SECONDS.\n")
        // With the default timeout the read waits for the commit and sees it.
        nonisolated(unsafe) var waited: CLIResult?
        let reader = DispatchGroup()
        reader.enter()
        DispatchQueue.global().async {
            waited = try? CLI.run(["list", store, "--all", "--format", "json", "--columns", "run_name"])
            reader.leave()
        }
        Thread.sleep(forTimeInterval: 0.5)
        try writer.inDatabase { db in try db.execute(sql: "COMMIT") }
        reader.wait()
        #expect(waited?.status == 0, "\(waited?.stderr ?? "")")
        #expect(waited?.stdout.contains("committed-while-waiting") == true)
        let bad = try CLI.run(["list", store], environment: ["RUNKIT_BUSY_TIMEOUT": "soon"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("RUNKIT_BUSY_TIMEOUT=soon is not a number of seconds"))
    }

    @Test("runs in no experiment (experiment_id NULL) are left out as MLflow leaves them out, named on stderr")
    func runsInNoExperiment() throws {
        let folder = try CLI.temporaryFolder("runkit-sqlite-orphans")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = folder + "/store"
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: store)
        let writer = try DatabaseQueue(path: store + "/mlflow.db")
        try writer.write { db in try db.execute(sql: "UPDATE runs SET experiment_id = NULL WHERE run_uuid = ?", arguments: [Self.firstRun]) }
        try writer.close()
        let result = try CLI.run(["list", store, "--all", "--format", "json", "--columns", "run_id"])
        #expect(!result.stdout.contains(Self.firstRun))
        #expect(result.stdout.components(separatedBy: "\"run_id\"").count - 1 == 28)
        #expect(result.stderr.contains("\(store)/mlflow.db holds 1 run whose experiment_id is NULL or names no experiment"))
        // A note about runs MLflow never lists, not damage: the status the load's warnings give.
        #expect(result.status == 2)
    }

    @Test("a database this user may not read is one sentence saying so (no private copy is tried)")
    func unreadableDatabase() throws {
        let folder = try CLI.temporaryFolder("runkit-sqlite-unreadable")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        chmod(folder, 0o755)
        let database = folder + "/mlflow.db"
        try FileManager.default.copyItem(atPath: Self.fixture + "/mlflow.db", toPath: database)
        chmod(database, 0o000)
        let arguments = ["list", "sqlite:///" + database]
        let result: CLIResult
        if getuid() == 0 {
            guard Files.canRunAsNobody(folder: folder) else {
                print("skipped: root reads any file, and running as nobody is not possible here")
                return
            }
            result = try Files.runAsNobody(CLI.binary, arguments)
        } else {
            result = try CLI.run(arguments)
        }
        #expect(result.status == 1)
        #expect(result.stderr == "runkit: error: \(database) cannot be read: Permission denied.\n")
    }
}
