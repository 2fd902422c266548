import Foundation
import Testing
import RunKitServer

/// `runkit serve`'s JSON API, served in-process on a free port and called over HTTP: every
/// endpoint answers what the CLI prints for the same store.
@Suite("serve: the JSON API")
struct ServeAPITests {
    static let stores = ["hydraflow-sqlite", "mlflow-file", "mlxp-logs", "malet/exp_splits"]

    @Test("/api/runs is `list --format json` for every kind of store, with total", arguments: stores)
    func runsEqualList(_ store: String) async throws {
        let path = CLI.fixtures + "/" + store
        let server = try await ServedDashboard.start([path])
        let (status, value) = try await server.json("/api/runs?limit=10000")
        #expect(status == 200)
        let page = try #require(value as? [String: Any])
        let expected = try #require(ServedDashboard.cliJSON(["list", path, "--format", "json"]) as? [Any])
        #expect(page["total"] as? Int == expected.count)
        #expect(ServedDashboard.same(page["runs"]!, expected))
        await server.stop()
    }

    @Test("where, order_by, columns, limit and offset select as list does")
    func runsSelect() async throws {
        let path = CLI.fixtures + "/hydraflow-sqlite"
        let server = try await ServedDashboard.start([path])
        let condition = "metrics.accuracy > 0.5"
        let query = "where=\(ServedDashboard.encoded(condition))&order_by=\(ServedDashboard.encoded("metrics.accuracy DESC"))&columns=run_id,config.model.type,metrics.accuracy"
        let expected = try #require(ServedDashboard.cliJSON(["list", path, "--where", condition, "--order-by", "metrics.accuracy DESC",
                                                            "--columns", "run_id,config.model.type,metrics.accuracy", "--format", "json"]) as? [Any])
        let whole = try #require(try await server.json("/api/runs?\(query)").value as? [String: Any])
        #expect(whole["total"] as? Int == expected.count)
        #expect(ServedDashboard.same(whole["runs"]!, expected))
        let paged = try #require(try await server.json("/api/runs?\(query)&limit=3&offset=2").value as? [String: Any])
        #expect(paged["total"] as? Int == expected.count)
        #expect(ServedDashboard.same(paged["runs"]!, Array(expected.dropFirst(2).prefix(3))))
        await server.stop()
    }

    @Test("a new where with a kept order (filtered from the runs sorted once) selects as list does: ties, empty, a key missing in the matches")
    func keptOrderSelects() async throws {
        let path = CLI.fixtures + "/hydraflow-sqlite"
        let server = try await ServedDashboard.start([path])
        let cases = [("metrics.accuracy > 0.7", "config.model.type"), ("config.model.type = 'mlp'", "config.model.type DESC"),
                     ("metrics.accuracy > 0.9", "metrics.loss"), ("", "params.lr DESC"), ("metrics.accuracy > 2", "metrics.accuracy"),
                     ("metrics.accuracy > 0.6", "metrics.accuracy DESC"), ("metrics.accuracy < 0.8", "metrics.accuracy DESC")]
        for (condition, order) in cases {
            let served = try #require(try await server.json("/api/runs?limit=10000&columns=run_id&order_by=\(ServedDashboard.encoded(order))"
                                                             + (condition.isEmpty ? "" : "&where=\(ServedDashboard.encoded(condition))")).value as? [String: Any])
            let expected = try ServedDashboard.cliJSON(["list", path, "--order-by", order, "--columns", "run_id", "--format", "json"]
                                                       + (condition.isEmpty ? [] : ["--where", condition]))
            #expect(ServedDashboard.same(try #require(served["runs"]), expected), "where \(condition) order by \(order)")
        }
        // The one FAILED run has no metrics.accuracy: ordering its matches by it is the CLI's error, though other runs have it.
        let failed = "where=\(ServedDashboard.encoded("status = 'FAILED'"))&order_by=\(ServedDashboard.encoded("metrics.accuracy"))"
        let answer = try await server.json("/api/runs?" + failed)
        let cli = try CLI.run(["list", path, "--where", "status = 'FAILED'", "--order-by", "metrics.accuracy"])
        #expect(answer.status == 400 && cli.status != 0)
        let message = try #require((answer.value as? [String: Any])?["error"] as? String)
        #expect(message.contains("metrics.accuracy") && cli.stderr.contains(message.prefix(40)))
        await server.stop()
    }

    @Test("/api/runs/ID is `show`; /api/group is `group --format json`; /api/fields is `fields --format json`")
    func runGroupFields() async throws {
        let path = CLI.fixtures + "/hydraflow-sqlite"
        let server = try await ServedDashboard.start([path])
        let list = try #require(ServedDashboard.cliJSON(["list", path, "--format", "json"]) as? [[String: Any]])
        let id = try #require(list.first?["run_id"] as? String)
        let shown = try await server.json("/api/runs/\(id)")
        #expect(shown.status == 200)
        #expect(ServedDashboard.same(shown.value, try ServedDashboard.cliJSON(["show", id, path])))
        let byPrefix = try await server.json("/api/runs/\(id.prefix(8))")
        #expect(ServedDashboard.same(byPrefix.value, shown.value))

        let group = try await server.json("/api/group?by=config.model.type&agg=\(ServedDashboard.encoded("mean(metrics.accuracy)"))&agg=count()")
        #expect(group.status == 200)
        #expect(ServedDashboard.same(group.value, try ServedDashboard.cliJSON(["group", path, "--by", "config.model.type",
                                                                                "--agg", "mean(metrics.accuracy)", "--agg", "count()", "--format", "json"])))
        let fields = try await server.json("/api/fields")
        #expect(ServedDashboard.same(fields.value, try ServedDashboard.cliJSON(["fields", path, "--format", "json"])))
        let varying = try #require(try await server.json("/api/varying").value as? [String])
        #expect(varying.contains("metrics.accuracy"))
        let sampled = try #require(try await server.json("/api/varying?sample=3").value as? [String])
        #expect(Set(sampled).isSubset(of: Set(varying)) && sampled.contains("metrics.accuracy"))
        let page = try await server.get("/")
        #expect(page.status == 200)
        #expect(String(decoding: page.body, as: UTF8.self).contains("<title>RunKit</title>"))
        await server.stop()
    }

    @Test("bad input is a 4xx with the CLI's message, never a 500")
    func badInput() async throws {
        let path = CLI.fixtures + "/hydraflow-sqlite"
        let server = try await ServedDashboard.start([path])
        let cli = try CLI.run(["list", path, "--where", "metrics.accuracy >"])
        let message = cli.stderr.replacingOccurrences(of: "runkit: error: ", with: "").trimmingCharacters(in: .newlines)
        let bad = try await server.json("/api/runs?where=\(ServedDashboard.encoded("metrics.accuracy >"))")
        #expect(bad.status == 400)
        #expect((bad.value as? [String: Any])?["error"] as? String == message)

        let missing = try await server.json("/api/runs?where=\(ServedDashboard.encoded("metrics.acuracy > 1"))")
        #expect(missing.status == 400)
        let missingError = ((missing.value as? [String: Any])?["error"] as? String) ?? ""
        #expect(missingError.contains("No such key: metrics.acuracy"))
        #expect(try await server.json("/api/runs?where=\(ServedDashboard.encoded("metrics.acuracy > 1"))&allow_missing=1").status == 200)
        #expect(try await server.json("/api/runs?limit=x").status == 400)
        #expect(try await server.json("/api/group?agg=\(ServedDashboard.encoded("median("))").status == 400)
        #expect(try await server.json("/api/runs?order_by=\(ServedDashboard.encoded("metrics.accuracy SIDEWAYS"))").status == 400)
        #expect(try await server.json("/api/runs/nosuchrun").status == 404)
        #expect(try await server.json("/api/nothing").status == 404)
        #expect(try await server.get("/api/runs", method: "POST").status == 405)
        #expect(try await server.json("/api/runs?store=elsewhere").status == 400)
        await server.stop()
    }

    @Test("several stores: records carry their store, ?store= selects one, /api/version lists them")
    func severalStores() async throws {
        let sqlite = CLI.fixtures + "/hydraflow-sqlite", files = CLI.fixtures + "/mlflow-file"
        let server = try await ServedDashboard.start([sqlite, files])
        let counts = try [sqlite, files].map { try #require(ServedDashboard.cliJSON(["list", $0, "--format", "json"]) as? [Any]).count }
        let all = try #require(try await server.json("/api/runs?limit=10000").value as? [String: Any])
        #expect(all["total"] as? Int == counts[0] + counts[1])
        let runs = try #require(all["runs"] as? [[String: Any]])
        #expect(Set(runs.compactMap { $0["store"] as? String }) == [sqlite, files])
        let second = try #require(try await server.json("/api/runs?store=\(ServedDashboard.encoded(files))").value as? [String: Any])
        #expect(second["total"] as? Int == counts[1])
        #expect(try #require(try await server.json("/api/runs?store=1").value as? [String: Any])["total"] as? Int == counts[1])
        let ordered = try #require(try await server.json("/api/runs?limit=10000&columns=run_id,start_time&order_by=start_time").value as? [String: Any])
        let times = try #require(ordered["runs"] as? [[String: Any]]).compactMap { $0["start_time"] as? Int }
        #expect(times == times.sorted())
        let version = try #require(try await server.json("/api/version").value as? [String: Any])
        #expect(version["version"] as? Int == 1)
        #expect((version["stores"] as? [Any])?.count == 2)
        await server.stop()
    }
}
