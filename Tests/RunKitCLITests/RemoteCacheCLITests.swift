import Foundation
import Testing

/// The cache of a tracking server's runs (docs/remote.md, "The cache"), against a real
/// `mlflow server` of its own (`MLflowTestServer`) whose runs MLflow's client changes between
/// questions: a second question to an unchanged server fetches only the runs that may have changed
/// and answers as a question without the cache; after a run finishes, a new run is logged and a run
/// is deleted, the answer follows; a torn cache file is not trusted; no password is kept.
/// Needs `RUNKIT_TEST_PYTHON` (mlflow==3.17.2); skipped without it, except under `CI=true`.
@Suite("The cache of MLflow tracking servers' runs", .serialized)
struct RemoteCacheCLITests {
    static let python = ProcessInfo.processInfo.environment["RUNKIT_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// `(runs fetched, runs from the cache)` of `RUNKIT_QUERY_TIMINGS`'s `timing: remote:` line.
    static func counts(_ stderr: String) -> (fetched: Int, cached: Int)? {
        guard let match = stderr.firstMatch(of: /timing: remote: \d+ requests, (\d+) runs fetched, (\d+) from the cache/) else { return nil }
        return (Int(match.1)!, Int(match.2)!)
    }

    @Test("a second question fetches only the runs that may have changed; changes made by MLflow's client show; torn files are rebuilt",
          .enabled(if: python != nil || onCI, "skipped: set RUNKIT_TEST_PYTHON to a python with mlflow==3.17.2"), .timeLimit(.minutes(5)))
    func cacheFollowsTheServer() throws {
        guard let python = Self.python else { Issue.record("CI=true but RUNKIT_TEST_PYTHON is not set"); return }
        let server = try MLflowTestServer.start(python: python)
        defer { server.stop() }
        let cacheFolder = server.folder + "/cache"
        let secret = "s3cret-password-\(UUID().uuidString)"
        let environment = ["RUNKIT_CACHE_DIR": cacheFolder, "RUNKIT_QUERY_TIMINGS": "1",
                           "MLFLOW_TRACKING_USERNAME": "alice", "MLFLOW_TRACKING_PASSWORD": secret]
        let all = ["list", server.url, "--all", "--format", "jsonl"]
        let active = ["list", server.url, "--format", "csv", "--columns", "run_name,status,metrics.loss,params.lr"]
        func ask(_ arguments: [String], _ extra: [String: String] = [:]) throws -> (stdout: String, counts: (fetched: Int, cached: Int)) {
            let result = try CLI.run(arguments, environment: environment.merging(extra) { $1 })
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return (result.stdout, Self.counts(result.stderr) ?? (-1, -1))
        }
        try server.step("fill")

        let cold = try ask(all)
        #expect(cold.counts.fetched == 5 && cold.counts.cached == 0, "\(cold.counts)")
        let warm = try ask(all)
        #expect(warm.stdout == cold.stdout)
        // The RUNNING run and the run(s) that ended last are asked again; the others come from the cache.
        #expect(warm.counts.fetched <= 2 && warm.counts.cached >= 3, "\(warm.counts)")
        let uncached = try ask(all + ["--no-cache"])
        #expect(uncached.stdout == cold.stdout && uncached.counts.cached == 0)
        #expect(try ask(all, ["RUNKIT_NO_CACHE": "1"]).counts.cached == 0)
        let activeBefore = try ask(active)
        #expect(activeBefore.stdout.contains("running,RUNNING") && activeBefore.stdout.contains("done-0"), "\(activeBefore.stdout)")

        // Nothing kept names the password; the folder is the user's only.
        let files = FileManager.default.enumerator(atPath: cacheFolder)?.allObjects.compactMap { $0 as? String } ?? []
        #expect(files.contains { $0.hasSuffix(".runs") }, "\(files)")
        for file in files {
            #expect(!file.contains(secret))
            let text = (try? String(contentsOfFile: cacheFolder + "/" + file, encoding: .utf8)) ?? ""
            #expect(!text.contains(secret), "\(file) holds the password")
        }

        try server.step("change")
        let changed = try ask(all)
        let fresh = try ask(all + ["--no-cache"])
        #expect(changed.stdout == fresh.stdout)
        #expect(changed.stdout != cold.stdout)
        #expect(changed.counts.cached >= 2 && changed.counts.fetched < 6, "\(changed.counts)")
        let activeAfter = try ask(active)
        #expect(activeAfter.stdout == (try ask(active + ["--no-cache"])).stdout)
        #expect(activeAfter.stdout.contains("running,FINISHED,0.05") && activeAfter.stdout.contains("late,FAILED,0.01"), "\(activeAfter.stdout)")
        #expect(!activeAfter.stdout.contains("done-0"), "the deleted run is still listed: \(activeAfter.stdout)")

        // A torn file (cut short, or one byte changed) is not trusted: fetched again and rewritten.
        let file = cacheFolder + "/" + files.first { $0.hasSuffix(".runs") }!
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        for torn in [bytes.prefix(bytes.count / 2), Data(bytes.enumerated().map { $0.offset == bytes.count - 10 ? $0.element ^ 1 : $0.element })] {
            try torn.write(to: URL(fileURLWithPath: file))
            let result = try CLI.run(all, environment: environment)
            #expect(result.stdout == fresh.stdout)
            #expect(result.stderr.contains("1 torn cache files ignored"), "\(result.stderr)")
            #expect(Self.counts(result.stderr)?.cached == 0)
            #expect(try ask(all).counts.cached >= 4)
        }
    }

    @Test("the progress line goes to stderr only: --format output is the same on a pipe and under a terminal",
          .enabled(if: RemoteStoreCLITests.sqliteServer != nil || onCI, Comment(rawValue: RemoteStoreCLITests.skipped)))
    func progressLine() throws {
        guard let server = RemoteStoreCLITests.requireServer(RemoteStoreCLITests.sqliteServer) else { return }
        let arguments = ["list", server, "--all", "--format", "csv", "--no-cache"]
        let quiet = try CLI.run(arguments)
        let shown = try CLI.run(arguments, environment: ["RUNKIT_PROGRESS": "always"])
        #expect(quiet.status == 0 && shown.status == 0)
        #expect(shown.stdout == quiet.stdout)
        #expect(shown.stderr.contains("runkit: reading \(server): "), "\(shown.stderr)")
        #expect(!quiet.stderr.contains("runkit: reading"), "a progress line on a stderr that is no terminal: \(quiet.stderr)")
        // stderr a terminal, stdout a file: the line is written and erased on the terminal, the file is the output.
        let folder = try CLI.temporaryFolder("runkit-progress")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/runs.csv"
        let command = ([CLI.binary] + arguments).map { "'" + $0 + "'" }.joined(separator: " ") + " > '\(file)'"
        let terminal = try CLI.runCommand(["/usr/bin/script", "-qec", command, "/dev/null"], environment: ["RUNKIT_PROGRESS": "always"])
        #expect(terminal.status == 0)
        #expect((try? String(contentsOfFile: file, encoding: .utf8)) == quiet.stdout)
        #expect(terminal.stdout.contains("\r\u{1B}[Krunkit: reading \(server): ") && terminal.stdout.hasSuffix("\r\u{1B}[K"), "\(terminal.stdout.debugDescription)")
    }

    @Test("configs read through the artifact proxy are kept with the ended runs: a second question reads none again",
          .enabled(if: RemoteStoreCLITests.sqliteServer != nil || onCI, Comment(rawValue: RemoteStoreCLITests.skipped)))
    func proxiedConfigsKept() throws {
        guard let server = RemoteStoreCLITests.requireServer(RemoteStoreCLITests.sqliteServer) else { return }
        let folder = try CLI.temporaryFolder("runkit-remote-cache")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = ["RUNKIT_CACHE_DIR": folder, "RUNKIT_QUERY_TIMINGS": "1"]
        let arguments = ["list", server, "--all", "--format", "jsonl"]
        func requests(_ stderr: String) -> Int { stderr.firstMatch(of: /timing: remote: (\d+) requests/).map { Int($0.1)! } ?? -1 }
        let cold = try CLI.run(arguments, environment: environment)
        let warm = try CLI.run(arguments, environment: environment)
        let local = try CLI.run(["list", RemoteStoreCLITests.sqliteCopy, "--all", "--format", "jsonl", "--columns", "run_id,config"])
        #expect(cold.status == 0 && warm.status == 0)
        #expect(warm.stdout == cold.stdout)
        // The configs are there (the server's answer is the local copy's) and were fetched through the proxy once.
        #expect(try CLI.run(["list", server, "--all", "--format", "jsonl", "--columns", "run_id,config"], environment: environment).stdout == local.stdout)
        #expect(requests(cold.stderr) > 29, "\(cold.stderr)")
        #expect(requests(warm.stderr) <= 3 * 3 + 1, "every experiment asked 3 times at most, no config read again: \(warm.stderr)")
    }

    @Test("a question answered from the cache completes only the runs its bound may match, and answers as without the cache",
          .enabled(if: RemoteStoreCLITests.sqliteServer != nil || onCI, Comment(rawValue: RemoteStoreCLITests.skipped)), .timeLimit(.minutes(5)))
    func boundOnCachedRuns() throws {
        guard let server = RemoteStoreCLITests.requireServer(RemoteStoreCLITests.sqliteServer) else { return }
        let folder = try CLI.temporaryFolder("runkit-remote-cache")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = ["RUNKIT_CACHE_DIR": folder, "RUNKIT_QUERY_TIMINGS": "1"]
        let filled = try CLI.run(["list", server, "--all", "--format", "jsonl"], environment: environment)
        #expect(filled.status == 0, "\(filled.stderr)")
        var narrowed = 0
        for query in RemoteStoreCLITests.generatedQueries() + ["metrics.loss < 0.3 and params.`model.type` = 'cnn'"] {
            let arguments = ["list", server, "--all", "--format", "jsonl", "--where", query]
            let cached = try CLI.run(arguments, environment: environment)
            let uncached = try CLI.run(arguments, environment: ["RUNKIT_NO_CACHE": "1", "RUNKIT_PUSHDOWN": "0"])
            #expect(cached.stdout == uncached.stdout && cached.status == uncached.status, "\(query): \(cached.stderr)")
            // Every run came from the cache (or was asked again), and only the bound's candidates were completed.
            guard let counts = Self.counts(cached.stderr),
                  let completed = cached.stderr.firstMatch(of: /, (\d+) completed/).map({ Int($0.1)! }) else { continue }
            let matches = cached.stdout.split(separator: "\n").count
            #expect(completed >= matches && completed <= counts.fetched + counts.cached, "\(query): \(cached.stderr)")
            if completed < counts.fetched + counts.cached { narrowed += 1 }
        }
        #expect(narrowed >= 30, "only \(narrowed) questions completed fewer runs than the cache holds")
    }

    @Test("a search split into start_time ranges answers as one search, run for run, with ties at every range edge",
          .enabled(if: python != nil || onCI, "skipped: set RUNKIT_TEST_PYTHON to a python with mlflow==3.17.2"), .timeLimit(.minutes(5)))
    func splitSearch() throws {
        guard let python = Self.python else { Issue.record("CI=true but RUNKIT_TEST_PYTHON is not set"); return }
        let server = try MLflowTestServer.start(python: python)
        defer { server.stop() }
        try server.step("ties")
        let cacheFolder = server.folder + "/cache"
        // Pages of 7 runs: the first page ends inside the runs tied at its last start_time, and
        // each of the 4 ranges is paged too (8 searches in flight over 2 experiments, "ties" and
        // the empty Default: 4 ranges each).
        let split = ["RUNKIT_REMOTE_PAGE_SIZE": "7", "RUNKIT_REMOTE_SPLIT": "8", "RUNKIT_QUERY_TIMINGS": "1", "RUNKIT_CACHE_DIR": cacheFolder]
        let whole = ["RUNKIT_REMOTE_SPLIT": "1", "RUNKIT_NO_CACHE": "1"]
        // (question, whether its search is large enough to split: an estimated four first pages left).
        let questions: [([String], Bool)] = [
            (["--all"], true), ([], true), (["--deleted"], false), (["--where", "info.status = 'FINISHED'"], true),
            (["--all", "--where", "params.`group` = 'b'"], false), (["--where", "params.`group` = 'a' and info.status = 'FINISHED'"], false),
        ]
        for (question, splits) in questions {
            let arguments = ["list", server.url, "--format", "jsonl"] + question
            let one = try CLI.run(arguments, environment: whole)
            #expect(one.status == 0, "\(one.stderr)")
            // Without the cache (pushed filters split too), then from the cache the first `--all` filled split.
            for extra in [["--no-cache"], []] {
                let pieces = try CLI.run(arguments + extra, environment: split)
                #expect(pieces.stdout == one.stdout && pieces.status == 0, "\(question + extra): \(pieces.stderr)")
                let filling = extra.isEmpty && question == ["--all"]
                if (!extra.isEmpty && splits) || filling {
                    #expect(pieces.stderr.contains("1 searches split into 4 start_time ranges"), "\(question + extra): \(pieces.stderr)")
                }
            }
        }
        let all = try CLI.run(["list", server.url, "--all", "--format", "jsonl"], environment: whole)
        #expect(all.stdout.split(separator: "\n").count == 63)
    }
}
