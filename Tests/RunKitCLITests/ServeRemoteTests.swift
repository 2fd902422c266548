import Foundation
import Testing
import RunKitRemote
import RunKitServer
import RunKitStores

/// `runkit serve` over remote stores (docs/serve.md, docs/remote.md), against the real MLflow
/// server and PostgreSQL `scripts/mlflow-server.sh` starts (`.ci/run` exports their addresses):
/// the REST store's `/api/runs` is `runkit list URL --format json`, and no answer carries the
/// PostgreSQL address's password. Skipped without them, except under `CI=true`.
@Suite("serve: remote stores")
struct ServeRemoteTests {
    typealias Remote = RemoteStoreCLITests

    @Test("a password in an address is masked; anything else is left as it is")
    func masking() throws {
        #expect(StoreAddress.masked("postgresql://mlflow:secret@db:5432/mlflow") == "postgresql://mlflow:***@db:5432/mlflow")
        #expect(StoreAddress.masked("http://user:p%40ss@host:5000/prefix") == "http://user:***@host:5000/prefix")
        #expect(StoreAddress.masked("postgresql://mlflow@db/mlflow") == "postgresql://mlflow@db/mlflow")
        #expect(StoreAddress.masked("http://127.0.0.1:5000/a@b") == "http://127.0.0.1:5000/a@b")
        #expect(StoreAddress.masked("Tests/Fixtures/hydraflow-sqlite") == "Tests/Fixtures/hydraflow-sqlite")
        // The stores' own paths are masked by the same function, a percent-encoded password too.
        #expect(try MLflowPostgresStore(address: "postgresql://mlflow:p%40ss@db:5432/mlflow").path == "postgresql://mlflow:***@db:5432/mlflow")
        #expect(try MLflowServerStore(url: "http://user:p%40ss@host:5000/prefix").path == "http://user:***@host:5000/prefix")
    }

    @Test("serving PostgreSQL with a percent-encoded password: no answer carries it, encoded or decoded",
          .enabled(if: Remote.postgresDatabase != nil || Remote.onCI, Comment(rawValue: Remote.skipped)), .timeLimit(.minutes(5)))
    func percentEncodedPasswordMasked() async throws {
        guard let address = Remote.requireServer(Remote.postgresDatabase) else { return }
        RemoteStores.register()
        var components = try #require(URLComponents(string: address))
        let password = try #require(components.password, "the test database's address has a password")
        // The same password with its last character percent-encoded (`runki%74`): PostgreSQL gets it decoded.
        let last = try #require(password.unicodeScalars.last)
        let encoded = String(password.dropLast()) + String(format: "%%%02X", last.value)
        components.percentEncodedPassword = encoded
        let encodedAddress = try #require(components.string)
        #expect(encodedAddress.contains(":" + encoded + "@"))
        let server = try await ServedDashboard.start([encodedAddress])
        for path in ["/api/version", "/api/runs?limit=10000", "/api/runs?store=nope"] {
            let response = try await server.get(path)
            let body = String(decoding: response.body, as: UTF8.self)
            #expect(!body.contains(encoded) && !body.contains(":" + password + "@"), "\(path) carries the password")
            #expect(path == "/api/runs?store=nope" || response.status == 200)
        }
        let version = try #require(try await server.json("/api/version").value as? [String: Any])
        let store = try #require((version["stores"] as? [[String: Any]])?.first)
        #expect(store["path"] as? String == StoreAddress.masked(address) && store["store"] as? String == StoreAddress.masked(address))
        #expect((store["runs"] as? Int ?? 0) > 0)
        await server.stop()
    }

    @Test("serving an MLflow tracking server (REST): /api/runs is `runkit list URL --format json`",
          .enabled(if: Remote.sqliteServer != nil || Remote.onCI, Comment(rawValue: Remote.skipped)), .timeLimit(.minutes(5)))
    func restStore() async throws {
        guard let url = Remote.requireServer(Remote.sqliteServer) else { return }
        RemoteStores.register()   // as the CLI does at start
        let server = try await ServedDashboard.start([url])
        let page = try #require(try await server.json("/api/runs?limit=10000").value as? [String: Any])
        let listed = try #require(try ServedDashboard.cliJSON(["list", url, "--format", "json"]) as? [Any])
        #expect(page["total"] as? Int == listed.count && listed.count > 0)
        #expect(ServedDashboard.same(try #require(page["runs"]), listed))
        let condition = "metrics.accuracy > 0.5"
        let filtered = try #require(try await server.json("/api/runs?limit=10000&where=\(ServedDashboard.encoded(condition))&order_by=\(ServedDashboard.encoded("metrics.accuracy DESC"))").value as? [String: Any])
        #expect(ServedDashboard.same(try #require(filtered["runs"]),
                                     try ServedDashboard.cliJSON(["list", url, "--where", condition, "--order-by", "metrics.accuracy DESC", "--format", "json"])))
        await server.stop()
    }

    @Test("serving PostgreSQL with a password beside a local store: store names masked in every answer; store= takes the masked name or the position",
          .enabled(if: Remote.postgresDatabase != nil || Remote.onCI, Comment(rawValue: Remote.skipped)), .timeLimit(.minutes(5)))
    func passwordMasked() async throws {
        guard let address = Remote.requireServer(Remote.postgresDatabase) else { return }
        RemoteStores.register()
        let password = try #require(URLComponents(string: address)?.password, "the test database's address has a password")
        let masked = StoreAddress.masked(address)
        #expect(!masked.contains(":" + password + "@") && masked.contains(":***@"))
        let server = try await ServedDashboard.start([CLI.fixtures + "/hydraflow-sqlite", address])
        for path in ["/api/version", "/api/runs?limit=10000", "/api/runs?limit=10000&store=1",
                     "/api/runs?limit=10&store=" + ServedDashboard.encoded(masked), "/api/runs?store=nope"] {
            let body = String(decoding: try await server.get(path).body, as: UTF8.self)
            #expect(!body.contains(":" + password + "@"), "\(path) carries the password")
        }
        let version = try #require(try await server.json("/api/version").value as? [String: Any])
        #expect(((version["stores"] as? [[String: Any]])?.last?["store"] as? String) == masked)
        let byName = try #require(try await server.json("/api/runs?limit=10000&store=" + ServedDashboard.encoded(masked)).value as? [String: Any])
        let byIndex = try #require(try await server.json("/api/runs?limit=10000&store=1").value as? [String: Any])
        let runs = try #require(byName["runs"] as? [[String: Any]])
        #expect(!runs.isEmpty && runs.allSatisfy { $0["store"] as? String == masked })
        #expect(ServedDashboard.same(byName, byIndex))
        await server.stop()
    }

    @Test("a tracking server changed by MLflow's client is served at its next read (--remote-every): /api/runs is `runkit list URL`; reads that find no change leave the version",
          .enabled(if: RemoteCacheCLITests.python != nil || Remote.onCI, "skipped: set RUNKIT_TEST_PYTHON to a python with mlflow==3.17.2"),
          .timeLimit(.minutes(5)))
    func restStoreLive() async throws {
        guard let python = RemoteCacheCLITests.python else { Issue.record("CI=true but RUNKIT_TEST_PYTHON is not set"); return }
        let mlflow = try MLflowTestServer.start(python: python)
        defer { mlflow.stop() }
        try mlflow.step("fill")
        RemoteStores.register()
        let server = try await ServedDashboard.start([mlflow.url], remoteEvery: .milliseconds(300))
        func records() async throws -> [[String: Any]] {
            ((try await server.json("/api/runs?limit=1000").value as? [String: Any])?["runs"] as? [[String: Any]]) ?? []
        }
        func named(_ name: String, in runs: [[String: Any]]) -> [String: Any]? { runs.first { $0["run_name"] as? String == name } }
        func state() async throws -> (version: Int?, store: [String: Any]?) {
            let answer = try await server.json("/api/version").value as? [String: Any]
            return (answer?["version"] as? Int, (answer?["stores"] as? [[String: Any]])?.first)
        }
        #expect(named("running", in: try await records())?["status"] as? String == "RUNNING")
        // Reads that find nothing changed (several in 1.5 s) leave the version where it was.
        let before = try await state()
        try await Task.sleep(for: .milliseconds(1500))
        let unchanged = try await state()
        #expect(before.version != nil && unchanged.version == before.version)
        #expect(unchanged.store?["watch"] as? String == "refetch")

        try mlflow.step("change")   // "running" logs a step and ends, "late" is logged, "done-0" deleted
        let deadline = Date().addingTimeInterval(LiveDeadline.seconds)
        var runs = try await records()
        while Date() < deadline, named("running", in: runs)?["status"] as? String != "FINISHED" || named("late", in: runs) == nil
                || named("done-0", in: runs) != nil {
            try await Task.sleep(for: .milliseconds(100))
            runs = try await records()
        }
        #expect(named("running", in: runs)?["status"] as? String == "FINISHED")
        #expect((named("running", in: runs)?["metrics"] as? [String: Any])?["loss"] as? Double == 0.05)
        #expect(named("late", in: runs)?["status"] as? String == "FAILED")
        #expect(named("done-0", in: runs) == nil)
        let after = try await state()
        #expect((after.version ?? 0) > (before.version ?? Int.max))
        #expect((1...3).contains(after.store?["reread"] as? Int ?? 0), "\(String(describing: after.store))")
        #expect(ServedDashboard.same(runs, try ServedDashboard.cliJSON(["list", mlflow.url, "--format", "json"])))
        await server.stop()
    }
}
