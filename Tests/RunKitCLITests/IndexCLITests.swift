import Foundation
import Testing

/// `--index` and `RUNKIT_INDEX`: the same output as without, from an index in RUNKIT_CACHE_DIR.
@Suite("CLI index")
struct IndexCLITests {
    @Test("list --index prints what list prints, the first time and the next", arguments: ["hydraflow-sqlite", "mlflow-file", "mlxp-logs"])
    func sameOutput(fixture: String) throws {
        let cache = try CLI.temporaryFolder("runkit-cli-index")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let store = CLI.fixtures + "/" + fixture
        let plain = try CLI.run(["list", store, "--all", "--format", "jsonl"])
        let environment = ["RUNKIT_CACHE_DIR": cache]
        let first = try CLI.run(["list", store, "--all", "--format", "jsonl", "--index"], environment: environment)
        let second = try CLI.run(["list", store, "--all", "--format", "jsonl"], environment: environment.merging(["RUNKIT_INDEX": "on"]) { $1 })
        for indexed in [first, second] {
            #expect(indexed.stdout == plain.stdout)
            #expect(indexed.stderr == plain.stderr)
            #expect(indexed.status == plain.status)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).contains { $0.hasPrefix("index-") })
        // RUNKIT_QUERY_TIMINGS=1 says what the index did: the fixture is unchanged, its runs come
        // from the index (MLXP folders that hold no run are looked at each time).
        let timed = try CLI.run(["list", store, "--all", "--index", "--limit", "1"],
                                environment: environment.merging(["RUNKIT_QUERY_TIMINGS": "1"]) { $1 })
        #expect(timed.stderr.contains("runs from the index"))
        #expect(!timed.stderr.contains(": 0 runs from the index"))
        #expect(timed.stderr.contains(fixture == "mlxp-logs" ? "2 read from the store" : " 0 read from the store"))
        // --no-index wins over RUNKIT_INDEX and writes nothing.
        let elsewhere = try CLI.temporaryFolder("runkit-cli-noindex")
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        let unindexed = try CLI.run(["list", store, "--all", "--format", "jsonl", "--no-index"],
                                    environment: ["RUNKIT_CACHE_DIR": elsewhere, "RUNKIT_INDEX": "1"])
        #expect(unindexed.stdout == plain.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }

    @Test("runkit index builds, refreshes and removes a store's index")
    func indexCommand() throws {
        let cache = try CLI.temporaryFolder("runkit-cli-index")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let store = CLI.fixtures + "/mlflow-file"
        let environment = ["RUNKIT_CACHE_DIR": cache]
        func summary() throws -> [String: Any] {
            let result = try CLI.run(["index", store, "--format", "json"], environment: environment)
            #expect(result.status == 0)
            let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
            return try #require(rows?.first)
        }
        let first = try summary()
        #expect(first["runs"] as? Int == 34)
        #expect(first["read"] as? Int == 34)
        let second = try summary()
        #expect(second["from_index"] as? Int == 34)
        #expect(second["read"] as? Int == 0)
        let index = try #require(second["index"] as? String)
        #expect(FileManager.default.fileExists(atPath: index))
        let removed = try CLI.run(["index", store, "--remove"], environment: environment)
        #expect(removed.status == 0)
        #expect(removed.stderr.contains("removed"))
        #expect(!FileManager.default.fileExists(atPath: index))
    }
}
