import Foundation
import GRDB
import Testing
import RunKitServer

/// `runkit serve` sees every kind of change the issue names — a metric step appended, a run
/// finished (RUNNING → FINISHED), a run deleted — on a copy of an MLflow SQLite store and of an
/// MLflow file store, through `/api/runs` (the 2 s target is benchmarked: `LiveDeadline`); and
/// re-reads only the run that changed.
/// Each change is written the way MLflow writes it (the same rows and files).
@Suite("serve: live changes")
struct ServeLiveChangeTests {
    static let sqliteRun = "19ada88b710c4a85b604ca0ba63b3bca"
    /// How long a change may take before the test calls it missed (`LiveDeadline`).
    static let allowed = LiveDeadline.seconds
    static let fileRun = "0419cbcc97574ecd8a802d4adda19b52"
    static let fileExperiment = "438572781195232465"

    /// A served copy of a fixture store, and how to change it.
    struct Served {
        var folder: String
        var store: String
        var server: ServedDashboard

        func stop() async {
            await server.stop()
            try? FileManager.default.removeItem(atPath: folder)
        }

        /// `/api/runs/ID`'s record when the run is listed, nil when not.
        func listed(_ id: String) async throws -> [String: Any]? {
            let page = try await server.json("/api/runs?limit=10000").value as? [String: Any]
            return ((page?["runs"] as? [[String: Any]]) ?? []).first { $0["run_id"] as? String == id }
        }

        /// Polls `/api/runs` until `check` holds for the run's record (nil: not listed), for at most
        /// `seconds` (default `ServeLiveChangeTests.allowed`).
        func waits(for id: String, within seconds: Double = ServeLiveChangeTests.allowed, _ check: ([String: Any]?) -> Bool) async throws -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            repeat {
                if check(try await listed(id)) { return true }
                try await Task.sleep(for: .milliseconds(50))
            } while Date() < deadline
            return false
        }

        /// True when `/api/runs` (the merged runs) equals what `runkit list --format json` reads now.
        func matchesCLI() async throws -> Bool {
            let served = try #require(try await server.json("/api/runs?limit=10000").value as? [String: Any])["runs"]
            return ServedDashboard.same(try #require(served), try ServedDashboard.cliJSON(["list", store, "--format", "json"]))
        }

        /// The store's entry of `/api/version`.
        func storeState() async throws -> [String: Any] {
            let version = try #require(try await server.json("/api/version").value as? [String: Any])
            return try #require((version["stores"] as? [[String: Any]])?.first)
        }
    }

    static func sqliteCopy(_ name: String, prepare: (Database) throws -> Void = { _ in }) async throws -> Served {
        let folder = try CLI.temporaryFolder("serve-change-sqlite-" + name)
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/hydraflow-sqlite/mlflow.db", toPath: folder + "/mlflow.db")
        try write(folder + "/mlflow.db", prepare)
        let server = try await ServedDashboard.start([folder + "/mlflow.db"])
        return Served(folder: folder, store: folder + "/mlflow.db", server: server)
    }

    static func fileCopy(_ name: String, prepare: (String) throws -> Void = { _ in }) async throws -> Served {
        let folder = try CLI.temporaryFolder("serve-change-files-" + name)
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/mlflow-file/mlruns", toPath: folder + "/mlruns")
        let run = folder + "/mlruns/" + fileExperiment + "/" + fileRun
        try prepare(run)
        let server = try await ServedDashboard.start([folder + "/mlruns"])
        return Served(folder: folder, store: folder + "/mlruns", server: server)
    }

    static func write(_ database: String, _ change: (Database) throws -> Void) throws {
        let queue = try DatabaseQueue(path: database)
        try queue.write(change)
        try queue.close()
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// `meta.yaml` of a run folder with `field: value` lines replaced (MLflow rewrites the whole file).
    static func rewriteMeta(_ run: String, _ fields: [String: String]) throws {
        let path = run + "/meta.yaml"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (key, value) in fields {
            if let index = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) { lines[index] = key + ": " + value }
            else { lines.insert(key + ": " + value, at: lines.count - 1) }
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    static func metric(_ record: [String: Any]?, _ key: String) -> Double? {
        (record?["metrics"] as? [String: Any])?[key] as? Double
    }

    // MARK: - SQLite

    @Test("SQLite: a metric step appended (metrics row + latest_metrics, as MLflow logs it) is served live")
    func sqliteStepAppended() async throws {
        let served = try await Self.sqliteCopy("step")
        let id = Self.sqliteRun
        #expect(try await served.waits(for: id, within: 0) { Self.metric($0, "loss").map { abs($0 - 0.2049644797) < 1e-6 } ?? false })
        let first = try await served.storeState()
        #expect(first["reread"] as? Int == first["runs"] as? Int)
        try Self.write(served.store) { db in
            let time = Self.now
            try db.execute(sql: "INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('loss', 0.0123, ?, ?, 6, 0)", arguments: [time, id])
            try db.execute(sql: "UPDATE latest_metrics SET value = 0.0123, timestamp = ?, step = 6 WHERE run_uuid = ? AND key = 'loss'", arguments: [time, id])
        }
        #expect(try await served.waits(for: id) { Self.metric($0, "loss") == 0.0123 })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        #expect(try await served.matchesCLI())
        let history = try await served.server.json("/api/runs/" + id).value as? [String: Any]
        let losses = ((history?["metric_history"] as? [String: Any])?["loss"] as? [[Any]]) ?? []   // [step, timestamp, value]
        #expect(losses.last?.first as? Int == 6 && losses.last?.last as? Double == 0.0123)
        await served.stop()
    }

    @Test("SQLite: a run finished (status RUNNING → FINISHED, end_time set) is served live")
    func sqliteRunFinished() async throws {
        let id = Self.sqliteRun
        let served = try await Self.sqliteCopy("finish") { db in
            try db.execute(sql: "UPDATE runs SET status = 'RUNNING', end_time = NULL WHERE run_uuid = ?", arguments: [id])
        }
        #expect(try await served.waits(for: id, within: 0) { $0?["status"] as? String == "RUNNING" })
        try Self.write(served.store) { db in
            try db.execute(sql: "UPDATE runs SET status = 'FINISHED', end_time = ? WHERE run_uuid = ?", arguments: [Self.now, id])
        }
        #expect(try await served.waits(for: id) { $0?["status"] as? String == "FINISHED" && $0?["end_time"] != nil })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        await served.stop()
    }

    @Test("SQLite: a run deleted (lifecycle_stage 'deleted', as mlflow.delete_run does) leaves /api/runs live")
    func sqliteRunDeleted() async throws {
        let served = try await Self.sqliteCopy("delete")
        let id = Self.sqliteRun
        #expect(try await served.waits(for: id, within: 0) { $0 != nil })
        try Self.write(served.store) { db in
            try db.execute(sql: "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE run_uuid = ?", arguments: [Self.now, id])
        }
        #expect(try await served.waits(for: id) { $0 == nil })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        // Still found by id, as `show` finds a deleted run.
        #expect(try await served.server.get("/api/runs/" + id).status == 200)
        await served.stop()
    }

    @Test("SQLite: a tag set (a new row: that run re-read) and set again in place (every run re-read; also with a value of the same length and first character) are served live")
    func sqliteTagSet() async throws {
        let served = try await Self.sqliteCopy("tag")
        let id = Self.sqliteRun
        let tag = { (record: [String: Any]?, key: String) in (record?["tags"] as? [String: Any])?[key] as? String }
        try Self.write(served.store) { db in
            try db.execute(sql: "INSERT INTO tags (key, value, run_uuid) VALUES ('reviewed', 'yes', ?)", arguments: [id])
        }
        #expect(try await served.waits(for: id) { tag($0, "reviewed") == "yes" })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        // /api/fields, kept across changes (only the re-read run's chunk tallied again), has the new tag.
        let fields = try await served.server.json("/api/fields").value
        #expect(ServedDashboard.same(fields, try ServedDashboard.cliJSON(["fields", served.store, "--format", "json"])))
        #expect(((fields as? [[String: Any]]) ?? []).contains { $0["field"] as? String == "tags.reviewed" })
        try Self.write(served.store) { db in
            try db.execute(sql: "UPDATE tags SET value = 'low lr' WHERE run_uuid = ? AND key = 'note'", arguments: [id])
        }
        #expect(try await served.waits(for: id) { tag($0, "note") == "low lr" })
        let state = try await served.storeState()
        #expect(state["reread"] as? Int == state["runs"] as? Int)
        #expect(try await served.matchesCLI())
        // Set again in place with a value of the same length and first character: the exact sum sees it too.
        try Self.write(served.store) { db in
            try db.execute(sql: "UPDATE tags SET value = 'lOw LR' WHERE run_uuid = ? AND key = 'note'", arguments: [id])
        }
        #expect(try await served.waits(for: id) { tag($0, "note") == "lOw LR" })
        #expect(try await served.matchesCLI())
        await served.stop()
    }

    @Test("SQLite: a HydraFlow config written into a RUNNING run's artifacts after its last database change is served live")
    func sqliteConfigWritten() async throws {
        let id = "680d4ff152cd4a52af3db62754ef35e3"
        let folder = try CLI.temporaryFolder("serve-change-sqlite-config")
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/hydraflow-sqlite/mlflow.db", toPath: folder + "/mlflow.db")
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/hydraflow-sqlite/mlruns", toPath: folder + "/mlruns")
        try Self.write(folder + "/mlflow.db") { db in
            try db.execute(sql: "UPDATE runs SET status = 'RUNNING', end_time = NULL WHERE run_uuid = ?", arguments: [id])
        }
        let served = Served(folder: folder, store: folder + "/mlflow.db", server: try await ServedDashboard.start([folder + "/mlflow.db"]))
        let lr = { (record: [String: Any]?) in ((record?["config"] as? [String: Any])?["optimizer"] as? [String: Any])?["lr"] as? Double }
        #expect(try await served.waits(for: id, within: 0) { lr($0) == 0.01 })
        let config = folder + "/mlruns/2/" + id + "/artifacts/.hydra/config.yaml"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "  lr: 0.01\n", with: "  lr: 0.5\n").write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try await served.waits(for: id) { lr($0) == 0.5 })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        #expect(try await served.matchesCLI())
        await served.stop()
    }

    // MARK: - File store

    @Test("file store: a metric step appended (a line added to metrics/KEY) is served live")
    func fileStepAppended() async throws {
        let served = try await Self.fileCopy("step")
        let id = Self.fileRun
        #expect(try await served.waits(for: id, within: 0) { Self.metric($0, "accuracy") == 0.8503 })
        #if os(Linux)
        #expect(try await served.storeState()["watch"] as? String == "inotify")
        #endif
        let handle = try #require(FileHandle(forWritingAtPath: served.store + "/" + Self.fileExperiment + "/" + id + "/metrics/accuracy"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\(Self.now) 0.9125 1\n".utf8))
        try handle.close()
        #expect(try await served.waits(for: id) { Self.metric($0, "accuracy") == 0.9125 })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        #expect(try await served.matchesCLI())
        await served.stop()
    }

    @Test("file store: a metric logged under a new nested key folder (metrics/val2/top1) is served live")
    func fileNestedKeyAppears() async throws {
        let served = try await Self.fileCopy("nested")
        let id = Self.fileRun
        let folder = served.store + "/" + Self.fileExperiment + "/" + id + "/metrics/val2"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try await Task.sleep(for: .milliseconds(300))   // the folder seen first, its file written after
        try Data("\(Self.now) 0.75 0\n".utf8).write(to: URL(fileURLWithPath: folder + "/top1"))
        #expect(try await served.waits(for: id) { Self.metric($0, "val2/top1") == 0.75 })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        await served.stop()
    }

    @Test("file store: a run finished (meta.yaml status 1 → 3, end_time set) is served live")
    func fileRunFinished() async throws {
        let served = try await Self.fileCopy("finish") { run in
            try Self.rewriteMeta(run, ["status": "1", "end_time": "null"])
        }
        let id = Self.fileRun
        #expect(try await served.waits(for: id, within: 0) { $0?["status"] as? String == "RUNNING" })
        try Self.rewriteMeta(served.store + "/" + Self.fileExperiment + "/" + id, ["status": "3", "end_time": "\(Self.now)"])
        #expect(try await served.waits(for: id) { $0?["status"] as? String == "FINISHED" && $0?["end_time"] != nil })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        await served.stop()
    }

    @Test("file store: a run deleted (meta.yaml lifecycle_stage: deleted) leaves /api/runs live")
    func fileRunDeleted() async throws {
        let served = try await Self.fileCopy("delete")
        let id = Self.fileRun
        #expect(try await served.waits(for: id, within: 0) { $0 != nil })
        try Self.rewriteMeta(served.store + "/" + Self.fileExperiment + "/" + id, ["lifecycle_stage": "deleted", "deleted_time": "\(Self.now)"])
        #expect(try await served.waits(for: id) { $0 == nil })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        #expect(try await served.server.get("/api/runs/" + id).status == 200)
        await served.stop()
    }
}
