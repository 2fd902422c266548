import Foundation
import Testing
import RunKitServer

/// `runkit serve` follows MLXP log folders and malet experiments as it follows MLflow stores
/// (`ServeLiveChangeTests`): a run added, a metric step logged, a run finished — each written the
/// way MLXP or malet writes it — is served (within `LiveDeadline`), only that run is re-read
/// (`/api/version`'s `reread`), and `/api/runs` equals `runkit list --format json`.
@Suite("serve: live MLXP and malet stores")
struct ServeLiveLogStoresTests {
    typealias Served = ServeLiveChangeTests.Served

    // MARK: - MLXP

    /// A served copy of the MLXP fixture's log folder; `prepare` gets the copy's path first.
    static func mlxpCopy(_ name: String, prepare: (String) throws -> Void = { _ in }) async throws -> Served {
        let folder = try CLI.temporaryFolder("serve-change-mlxp-" + name)
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/mlxp-logs/logs", toPath: folder + "/logs")
        try prepare(folder + "/logs")
        let server = try await ServedDashboard.start([folder + "/logs"])
        return Served(folder: folder, store: folder + "/logs", server: server)
    }

    /// `info.yaml` of an MLXP run with its `status:` line replaced (MLXP rewrites the whole file).
    static func setMLXPStatus(_ run: String, _ status: String) throws {
        let path = run + "/metadata/info.yaml"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let text = lines.map { $0.hasPrefix("status:") ? "status: " + status : String($0) }.joined(separator: "\n")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test("MLXP: a metric step logged (a JSON line appended to metrics/train.json) is served live, that run alone re-read")
    func mlxpStepLogged() async throws {
        let served = try await Self.mlxpCopy("step")
        #expect(try await served.waits(for: "3", within: 0) { ServeLiveChangeTests.metric($0, "train.loss") == 0.6856809264644345 })
        let first = try await served.storeState()
        #expect(first["reread"] as? Int == first["runs"] as? Int)
        #if os(Linux)
        #expect(first["watch"] as? String == "inotify")
        #endif
        let handle = try #require(FileHandle(forWritingAtPath: served.store + "/3/metrics/train.json"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"loss\": 0.4125, \"epoch\": 10, \"grad_norm\": 0.41}\n".utf8))
        try handle.close()
        #expect(try await served.waits(for: "3") { ServeLiveChangeTests.metric($0, "train.loss") == 0.4125 })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        #expect(try await served.matchesCLI())
        await served.stop()
    }

    @Test("MLXP: a run finished (info.yaml status RUNNING → COMPLETE) is served live, that run alone re-read")
    func mlxpRunFinished() async throws {
        let served = try await Self.mlxpCopy("finish") { logs in try Self.setMLXPStatus(logs + "/3", "RUNNING") }
        #expect(try await served.waits(for: "3", within: 0) { $0?["status"] as? String == "RUNNING" })
        try Self.setMLXPStatus(served.store + "/3", "COMPLETE")
        #expect(try await served.waits(for: "3") { $0?["status"] as? String == "FINISHED" })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        #expect(try await served.matchesCLI())
        await served.stop()
    }

    @Test("MLXP: a run added (a new numbered run folder) is served live, that run alone re-read")
    func mlxpRunAdded() async throws {
        let served = try await Self.mlxpCopy("add")
        #expect(try await served.waits(for: "30", within: 0) { $0 == nil })
        try FileManager.default.copyItem(atPath: served.store + "/3", toPath: served.store + "/30")
        #expect(try await served.waits(for: "30") { ServeLiveChangeTests.metric($0, "train.loss") == 0.6856809264644345 })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        #expect(try await served.matchesCLI())
        await served.stop()
    }

    // MARK: - malet

    /// A served copy of the malet fixture `exp_group_resume` (12 rows); `prepare` may rewrite its log first.
    static func maletCopy(_ name: String, prepare: (String) throws -> Void = { _ in }) async throws -> Served {
        let folder = try CLI.temporaryFolder("serve-change-malet-" + name)
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/malet/exp_group_resume", toPath: folder + "/exp_group_resume")
        try prepare(folder + "/exp_group_resume/log.tsv")
        let server = try await ServedDashboard.start([folder + "/exp_group_resume"])
        return Served(folder: folder, store: folder + "/exp_group_resume", server: server)
    }

    /// The log rewritten whole, as malet's `ExperimentLog.to_tsv` rewrites it, with `change`
    /// applied to the cells of each row (split on TAB; cell 0 is the id, 8 the status, 9 train_loss);
    /// `added` rows are appended.
    static func rewriteLog(_ path: String, added: [String] = [], _ change: (inout [String]) -> Void = { _ in }) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let separator = try #require(lines.firstIndex(of: String(repeating: "-", count: 45)))
        for index in (separator + 3)..<lines.count where !lines[index].isEmpty {
            var cells = lines[index].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            change(&cells)
            lines[index] = cells.joined(separator: "\t")
        }
        if lines.last == "" { lines.removeLast() }
        try ((lines + added).joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    static func maletStatus(_ record: [String: Any]?) -> String? { record?["status"] as? String }

    @Test("malet: a metric step appended (row 0's train_loss list one longer, the log rewritten) is served live, that run alone re-read")
    func maletStepAppended() async throws {
        let served = try await Self.maletCopy("step")
        let log = served.store + "/log.tsv"
        #expect(try await served.waits(for: "0", within: 0) { ServeLiveChangeTests.metric($0, "train_loss") == 0.6654957834691143 })
        let first = try await served.storeState()
        #expect(first["reread"] as? Int == 12)
        #expect(first["watch"] as? String == "poll")
        try Self.rewriteLog(log) { cells in
            if cells[0] == "0" { cells[9] = String(cells[9].dropLast()) + ", 0.5125]" }
        }
        #expect(try await served.waits(for: "0") { ServeLiveChangeTests.metric($0, "train_loss") == 0.5125 })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        #expect(try await served.matchesCLI())
        let record = try await served.server.json("/api/runs/0").value as? [String: Any]
        let losses = ((record?["metric_history"] as? [String: Any])?["train_loss"] as? [[Any]]) ?? []   // [step, timestamp, value]
        #expect(losses.count == 6 && losses.last?.last as? Double == 0.5125)
        await served.stop()
    }

    @Test("malet: a run finished (row 0's status R → C, the log rewritten) is served live, that run alone re-read")
    func maletRunFinished() async throws {
        let served = try await Self.maletCopy("finish") { log in
            try Self.rewriteLog(log) { cells in if cells[0] == "0" { cells[8] = "R" } }
        }
        #expect(try await served.waits(for: "0", within: 0) { Self.maletStatus($0) == "RUNNING" })
        try Self.rewriteLog(served.store + "/log.tsv") { cells in if cells[0] == "0" { cells[8] = "C" } }
        #expect(try await served.waits(for: "0") { Self.maletStatus($0) == "FINISHED" && $0?["end_time"] != nil })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        #expect(try await served.matchesCLI())
        await served.stop()
    }

    @Test("malet: a run added (a row appended, the log rewritten) is served live, that run alone re-read")
    func maletRunAdded() async throws {
        let served = try await Self.maletCopy("add")
        let log = served.store + "/log.tsv"
        #expect(try await served.waits(for: "12", within: 0) { $0 == nil })
        let rows = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        var cells = try #require(rows.last).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        cells[0] = "12"
        cells[4] = "3"   // a third seed
        try Self.rewriteLog(log, added: [cells.joined(separator: "\t")])
        #expect(try await served.waits(for: "12") { $0?["run_name"] as? String == "optimizer=\(cells[1]),lr=\(cells[2]),width=\(cells[3]),seed=3" })
        #expect(try await served.storeState()["reread"] as? Int == 1)
        #expect(try await served.matchesCLI())
        await served.stop()
    }
}
