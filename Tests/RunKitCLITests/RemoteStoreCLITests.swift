import Foundation
import RunKit
import Testing

/// MLflow tracking servers read over REST and MLflow's PostgreSQL database read directly
/// (docs/remote.md), against real `mlflow server`s and a real PostgreSQL started by
/// `scripts/mlflow-server.sh` (`.ci/run` starts them and exports their addresses): a server over a
/// copy of the conformance store `hydraflow-sqlite` (same run ids: every answer must be the
/// copy's), one on PostgreSQL filled by MLflow's client with the same runs (new ids, mapped back),
/// and that PostgreSQL database itself. Without them the tests are skipped, except under `CI=true`.
@Suite("MLflow tracking servers over REST, MLflow's PostgreSQL backend directly")
struct RemoteStoreCLITests {
    static let environment = ProcessInfo.processInfo.environment
    static let sqliteServer = environment["RUNKIT_MLFLOW_SQLITE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let sqliteCopy = environment["RUNKIT_MLFLOW_SQLITE_STORE"] ?? ""
    static let postgresServer = environment["RUNKIT_MLFLOW_PG_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let postgresIDs = environment["RUNKIT_MLFLOW_PG_IDS"] ?? ""
    static let postgresDatabase = environment["RUNKIT_POSTGRES_URI"].flatMap { $0.isEmpty ? nil : $0 }
    static let postgresArtifacts = environment["RUNKIT_MLFLOW_PG_ARTIFACTS"] ?? ""
    static let onCI = environment["CI"] == "true"
    static let skipped = "skipped: no MLflow server; run scripts/mlflow-server.sh start and eval its env (.ci/run does)"
    static let firstRun = SQLiteStoreCLITests.firstRun

    /// Every read command on `store`: those of the SQLite store's in-place tests but the index's,
    /// plus `show` as JSON and `list` with a `--where` that is pushed and one that is not.
    static func commands(_ store: String) -> [[String]] {
        SQLiteStoreCLITests.commands(store).filter { $0.first != "index" && !$0.contains("--index") } + [
            ["list", store, "--format", "jsonl", "--where", "metrics.accuracy > 0.5 and params.lr = '0.01'"],
            ["list", store, "--format", "csv", "--where", "model.type = 'cnn' or metrics.loss < 0.3", "--order-by", "metrics.loss"],
            ["show", firstRun, store, "--format", "json"],
        ]
    }

    /// The columns of MLflow's `runs` table that its REST API does not give (`info.` keys of a
    /// run read from the database itself; docs/remote.md).
    static let columnsNotServed = "source_type|source_name|entry_point_name|source_version|deleted_time"

    /// What a command printed, with the store's address made neutral and what a server cannot
    /// give the same blanked: the local folders of runs (`run_dir`, `artifacts_dir`), the artifact
    /// URI a server records (and the type `fields` gives the folders), and the `runs` columns the
    /// API leaves out (with their `fields` entries).
    static func normalized(_ result: CLIResult, store: String) -> String {
        var text = "\(result.status)\n\(result.stdout)\n\(result.stderr)".replacingOccurrences(of: store, with: "<STORE>")
        for (pattern, replacement) in [
            (#"<STORE>/mlruns/[^,"\s]*"#, ""),
            (#""(run_dir|artifacts_dir|artifact_uri)": ?("[^"]*"|null)"#, "\"$1\": _"),
            (#",?\s*"(\#(columnsNotServed))": ?("[^"]*"|null|-?[0-9]+)"#, ""),
            (#"("field": "info\.(run_dir|artifacts_dir)",\s*"namespace": "info",\s*"type": )"[a-z]+""#, "$1_"),
            (#",?\s*\{\s*"field": "info\.(\#(columnsNotServed))"[^}]*\}"#, ""),
        ] {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    static func answers(_ store: String, environment: [String: String] = [:]) throws -> [String] {
        try commands(store).map { try normalized(CLI.run($0, environment: environment), store: store) }
    }

    static func requireServer(_ server: String?) -> String? {
        if server == nil { Issue.record("CI=true but no MLflow server: .ci/run starts scripts/mlflow-server.sh and exports its env") }
        return server
    }

    @Test("every read command answers over REST as on the local copy of the server's store",
          .enabled(if: sqliteServer != nil || onCI, Comment(rawValue: skipped)), .timeLimit(.minutes(5)))
    func sameAnswersAsLocalCopy() throws {
        guard let server = Self.requireServer(Self.sqliteServer) else { return }
        let local = try Self.answers(Self.sqliteCopy)
        // With the cache (the test process's RUNKIT_CACHE_DIR) and without; paged (3 runs a page),
        // one request at a time: the same answers.
        for environment in [[:], ["RUNKIT_NO_CACHE": "1"], ["RUNKIT_REMOTE_PAGE_SIZE": "3", "RUNKIT_REMOTE_PARALLELISM": "1", "RUNKIT_NO_CACHE": "1"]] {
            let remote = try Self.answers(server, environment: environment)
            for (index, (answer, wanted)) in zip(remote, local).enumerated() {
                #expect(answer == wanted, "runkit \(Self.commands(server)[index].joined(separator: " ")) \(environment)")
            }
        }
    }

    @Test("every accepted case of mlflow_search.json over REST, each with pushdown as without",
          .enabled(if: sqliteServer != nil || onCI, Comment(rawValue: skipped)), .timeLimit(.minutes(5)))
    func mlflowCases() throws {
        guard let server = Self.requireServer(Self.sqliteServer) else { return }
        let text = try String(contentsOfFile: CLI.fixtures + "/hydraflow-sqlite/expected/mlflow_search.json", encoding: .utf8)
        var checked = 0
        for record in try JSONParser.parse(text)["cases"]?.listValue ?? [] where record["error"]?.boolValue != true {
            let arguments = QueryCLITests.listArguments(record, store: server)
            let id = record["id"]!.stringValue!
            // Without the cache, so that the filter is pushed (a fresh cache answers every filter locally).
            let result = try CLI.run(arguments, environment: ["RUNKIT_NO_CACHE": "1"])
            #expect(result.status == 0, "\(id): \(result.stderr)")
            let ids = try JSONParser.parse(result.stdout).listValue?.compactMap { $0["run_id"]?.stringValue } ?? []
            #expect(ids == (record["run_ids"]?.listValue ?? []).compactMap(\.stringValue), "\(id)")
            let whole = try CLI.run(arguments, environment: ["RUNKIT_PUSHDOWN": "0"])
            #expect(whole.stdout == result.stdout && whole.status == result.status, "\(id): pushed and not pushed differ")
            checked += 1
        }
        #expect(checked >= 35)
    }

    @Test("generated queries: what is pushed into MLflow's filter never changes an answer",
          .enabled(if: sqliteServer != nil || onCI, Comment(rawValue: skipped)), .timeLimit(.minutes(5)))
    func pushdownEquivalence() throws {
        guard let server = Self.requireServer(Self.sqliteServer) else { return }
        var pushed = 0
        for query in Self.generatedQueries() {
            let arguments = ["list", server, "--all", "--format", "json", "--columns", "run_id", "--where", query]
            // Pushed needs no cache (a fresh cache answers every filter locally); the whole fetch may use it.
            let planned = try CLI.run(arguments, environment: ["RUNKIT_QUERY_TIMINGS": "1", "RUNKIT_NO_CACHE": "1"])
            let whole = try CLI.run(arguments, environment: ["RUNKIT_PUSHDOWN": "0"])
            let local = try CLI.run(["list", Self.sqliteCopy] + arguments.dropFirst(2))
            #expect(planned.stdout == whole.stdout && planned.status == whole.status, "\(query)")
            #expect(planned.stdout == local.stdout, "\(query): the server's answer differs from the local copy's")
            if planned.stderr.contains("plan: pushed (") { pushed += 1 }
        }
        #expect(pushed >= 20, "only \(pushed) queries were pushed")
    }

    /// Comparisons of every kind the planner bounds (and some it does not), alone and in AND/OR.
    static func generatedQueries() -> [String] {
        let atoms = [
            "metrics.accuracy > 0.9", "metrics.accuracy <= 0.5", "metrics.loss < 1", "metrics.loss >= 0.25", "metrics.loss = 0.5",
            "metrics.`val/acc` > 0.8", "params.lr = '0.01'", "params.lr = 0.01", "params.seed != '1'", "params.`model.type` = 'cnn'",
            "tags.`mlflow.runName` = 'cnn-lr0.5-s3'", "tags.missing = 'x'", "info.status = 'FINISHED'", "info.status = 'FAILED'",
            "info.start_time > 1795285970000", "info.end_time < 1795285975000", "info.user_id = 'root'", "status = 'FINISHED'",
            "model.type = 'mlp'", "metrics.grad_norm > 1e300", "params.lr in ('0.1', '0.5')", "metrics.loss is null",
            "params.dropout is not null", "metrics.accuracy > 2", "params.lr = \"it's\"",
        ]
        var queries = atoms
        for (index, left) in atoms.enumerated() {
            let right = atoms[(index * 7 + 3) % atoms.count]
            queries.append("\(left) and \(right)")
            if index % 3 == 0 { queries.append("\(left) or \(right)") }
            if index % 4 == 0 { queries.append("not (\(left)) and \(right)") }
        }
        return queries
    }

    @Test("the PostgreSQL-backed server, filled by MLflow's client with the same runs: the same answers (ids mapped)",
          .enabled(if: postgresServer != nil || onCI, Comment(rawValue: skipped)), .timeLimit(.minutes(5)))
    func postgresBackedServer() throws {
        guard let server = Self.requireServer(Self.postgresServer) else { return }
        try Self.expectSameAsLocalCopy(server)
    }

    @Test("MLflow's PostgreSQL database read directly (postgresql:// and postgresql+psycopg2://): the same answers (ids mapped)",
          .enabled(if: postgresDatabase != nil || onCI, Comment(rawValue: skipped)), .timeLimit(.minutes(5)))
    func postgresDirect() throws {
        guard let database = Self.requireServer(Self.postgresDatabase) else { return }
        let environment = ["RUNKIT_MLFLOW_ARTIFACTS_DESTINATION": Self.postgresArtifacts]
        try Self.expectSameAsLocalCopy(database, environment: environment)
        let driver = database.replacingOccurrences(of: "postgresql://", with: "postgresql+psycopg2://")
        let list = try CLI.run(["list", driver, "--all", "--format", "json", "--columns", "run_id"], environment: environment)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.components(separatedBy: "run_id").count - 1 == 29)
        // Pushed as SQL, not pushed, the local copy: the same runs.
        let ids = try Self.fixtureIDs()
        var pushed = 0
        for query in Self.generatedQueries() {
            let arguments = ["list", database, "--all", "--format", "json", "--columns", "run_id", "--where", query]
            let planned = try CLI.run(arguments, environment: environment.merging(["RUNKIT_QUERY_TIMINGS": "1"]) { $1 })
            let whole = try CLI.run(arguments, environment: environment.merging(["RUNKIT_PUSHDOWN": "0"]) { $1 })
            let local = try CLI.run(["list", Self.sqliteCopy] + arguments.dropFirst(2))
            #expect(planned.stdout == whole.stdout && planned.status == whole.status, "\(query)")
            #expect(Self.backToFixture(planned.stdout, ids) == local.stdout, "\(query): the database's answer differs from the local copy's")
            if planned.stderr.contains("plan: pushed (") { pushed += 1 }
        }
        #expect(pushed >= 20, "only \(pushed) queries were pushed")
        let wrongPassword = database.replacingOccurrences(of: ":runkit@", with: ":wrong@")
        let refused = try CLI.run(["list", wrongPassword])
        #expect(refused.status == 1)
        #expect(refused.stderr == "runkit: error: Cannot read the MLflow database \(database.replacingOccurrences(of: ":runkit@", with: ":***@")): password authentication failed for user \"runkit\".\n")
    }

    /// The map from the fixture's run ids to the PostgreSQL-backed server's.
    static func fixtureIDs() throws -> [String: String] {
        let map = try JSONParser.parse(String(contentsOfFile: postgresIDs, encoding: .utf8))
        return Dictionary(uniqueKeysWithValues: (map["runs"]?.mapValue ?? [:]).compactMap { key, value in value.stringValue.map { (key, $0) } })
    }

    /// `text` with the server's run ids put back to the fixture's.
    static func backToFixture(_ text: String, _ ids: [String: String]) -> String {
        ids.reduce(text) { text, pair in text.replacingOccurrences(of: pair.value, with: pair.key) }
    }

    /// Every read command on `store` (holding the fixture's runs under new ids) answers as on the local copy.
    static func expectSameAsLocalCopy(_ store: String, environment: [String: String] = [:],
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ids = try fixtureIDs()
        let local = try answers(sqliteCopy)
        let remote = try commands(store).map { arguments in
            let swapped = arguments.map { $0 == firstRun ? ids[firstRun]! : $0 }
            return backToFixture(normalized(try CLI.run(swapped, environment: environment), store: store), ids)
        }
        for (index, (answer, wanted)) in zip(remote, local).enumerated() {
            #expect(answer == wanted, "runkit \(commands(store)[index].joined(separator: " "))", sourceLocation: sourceLocation)
        }
    }

    @Test("errors: an unreachable server, a path that is no MLflow API, a bad setting: one sentence each, exit 1")
    func errors() throws {
        let closed = try CLI.run(["list", "http://127.0.0.1:9"], environment: ["MLFLOW_HTTP_REQUEST_MAX_RETRIES": "1",
                                                                            "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0.01"])
        #expect(closed.status == 1)
        #expect(closed.stderr.hasPrefix("runkit: error: Cannot reach the MLflow tracking server http://127.0.0.1:9: "), "\(closed.stderr)")
        #expect(closed.stderr.hasSuffix("(after 2 attempts).\n"), "\(closed.stderr)")
        let setting = try CLI.run(["list", "http://127.0.0.1:9"], environment: ["RUNKIT_REMOTE_PARALLELISM": "lots"])
        #expect(setting.stderr == "runkit: error: RUNKIT_REMOTE_PARALLELISM=lots is not a whole number from 1 to 256.\n")
        let tracking = try CLI.run(["list"], environment: ["MLFLOW_TRACKING_URI": "http://127.0.0.1:9", "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0"])
        #expect(tracking.stderr.hasPrefix("runkit: error: Cannot reach the MLflow tracking server http://127.0.0.1:9: "), "\(tracking.stderr)")
        let mysql = try CLI.run(["list", "mysql://u@h/db"])
        #expect(mysql.stderr.contains("is not a local store"), "\(mysql.stderr)")
        if let server = Self.sqliteServer {
            let wrongPath = try CLI.run(["list", server + "/not-mlflow"])
            #expect(wrongPath.status == 1)
            #expect(wrongPath.stderr == "runkit: error: \(server)/not-mlflow has no endpoint /api/2.0/mlflow/experiments/search (404): it is not an MLflow tracking server, or one too old for RunKit (MLflow ≥ 1.28 is needed).\n")
        }
    }
}
