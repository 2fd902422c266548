import Foundation
import Testing
import RunKitRemote
import RunKitServer

/// `runkit serve` over remote stores (docs/serve.md, docs/remote.md), against the real MLflow
/// server and PostgreSQL `scripts/mlflow-server.sh` starts (`.ci/run` exports their addresses):
/// the REST store's `/api/runs` is `runkit list URL --format json`, and no answer carries the
/// PostgreSQL address's password. Skipped without them, except under `CI=true`.
@Suite("serve: remote stores")
struct ServeRemoteTests {
    typealias Remote = RemoteStoreCLITests

    @Test("a password in an address is masked; anything else is left as it is")
    func masking() {
        #expect(ServedStore.masked("postgresql://mlflow:secret@db:5432/mlflow") == "postgresql://mlflow:***@db:5432/mlflow")
        #expect(ServedStore.masked("http://user:p%40ss@host:5000/prefix") == "http://user:***@host:5000/prefix")
        #expect(ServedStore.masked("postgresql://mlflow@db/mlflow") == "postgresql://mlflow@db/mlflow")
        #expect(ServedStore.masked("http://127.0.0.1:5000/a@b") == "http://127.0.0.1:5000/a@b")
        #expect(ServedStore.masked("Tests/Fixtures/hydraflow-sqlite") == "Tests/Fixtures/hydraflow-sqlite")
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
        let masked = ServedStore.masked(address)
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
}
