import Foundation
import GRDB
import Testing
import RunKitServer

/// `runkit serve` follows its stores: a run added to a copy of a SQLite store and of a file
/// store while the server runs is in `/api/runs`, and `/api/version` has changed (the 2 s target is benchmarked: `LiveDeadline`).
@Suite("serve: live stores")
struct ServeLiveTests {
    /// Polls `/api/runs` until `id` is there (true), for at most `seconds`.
    static func appears(_ id: String, in server: ServedDashboard, within seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let page = try await server.json("/api/runs?limit=10000&columns=run_id").value as? [String: Any]
            if ((page?["runs"] as? [[String: Any]]) ?? []).contains(where: { $0["run_id"] as? String == id }) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    static func version(_ server: ServedDashboard) async throws -> Int {
        try #require(try await server.json("/api/version").value as? [String: Any])["version"] as? Int ?? -1
    }

    @Test("a run inserted into a copy of an MLflow SQLite store appears live")
    func sqliteRunAppears() async throws {
        let folder = try CLI.temporaryFolder("serve-live-sqlite")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/hydraflow-sqlite/mlflow.db", toPath: folder + "/mlflow.db")
        let server = try await ServedDashboard.start([folder + "/mlflow.db"])
        let before = try await Self.version(server)
        let id = "feedfacefeedfacefeedfacefeedface"
        let queue = try DatabaseQueue(path: folder + "/mlflow.db")
        try await queue.write { db in
            try db.execute(sql: "CREATE TEMP TABLE copied AS SELECT * FROM runs WHERE lifecycle_stage = 'active' LIMIT 1")
            try db.execute(sql: "UPDATE copied SET run_uuid = ?, name = 'appended', start_time = start_time + 1", arguments: [id])
            try db.execute(sql: "INSERT INTO runs SELECT * FROM copied")
        }
        try queue.close()
        #expect(try await Self.appears(id, in: server, within: LiveDeadline.seconds))
        #expect(try await Self.version(server) > before)
        await server.stop()
    }

    @Test("a run folder added to a copy of an MLflow file store appears live")
    func fileStoreRunAppears() async throws {
        let folder = try CLI.temporaryFolder("serve-live-files")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = folder + "/mlruns"
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/mlflow-file/mlruns", toPath: store)
        let server = try await ServedDashboard.start([store])
        let before = try await Self.version(server)
        let (old, id) = ("0419cbcc97574ecd8a802d4adda19b52", "feedfacefeedfacefeedfacefeedface")
        let experiment = store + "/438572781195232465"
        try FileManager.default.copyItem(atPath: experiment + "/" + old, toPath: experiment + "/" + id)
        let meta = try String(contentsOfFile: experiment + "/" + id + "/meta.yaml", encoding: .utf8)
        try meta.replacingOccurrences(of: old, with: id).write(toFile: experiment + "/" + id + "/meta.yaml", atomically: true, encoding: .utf8)
        #expect(try await Self.appears(id, in: server, within: LiveDeadline.seconds))
        #expect(try await Self.version(server) > before)
        await server.stop()
    }
}
