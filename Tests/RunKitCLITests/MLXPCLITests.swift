import Foundation
import Testing
import RunKit

@Suite("runkit CLI on an MLXP log folder")
struct MLXPCLITests {
    let store = CLI.fixtures + "/mlxp-logs"

    @Test("list --format json: every run of expected/runs.json, config and info equal; the two folders MLXP skips are notes, exit 0")
    func list() throws {
        let result = try CLI.run(["list", store, "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("runkit: note: \(store)/logs/22/metadata/config.yaml is missing"))
        #expect(result.stderr.contains("runkit: note: \(store)/logs/23/metadata/info.yaml is missing"))
        #expect(!result.stderr.contains("warning"))
        let records = try JSONParser.parse(result.stdout).listValue ?? []
        let expected = try JSONParser.parse(String(contentsOfFile: store + "/expected/runs.json", encoding: .utf8)).mapValue ?? [:]
        #expect(records.map { $0["run_id"]?.stringValue ?? "" } == (1...21).map(String.init))
        for record in records {
            let id = record["run_id"]!.stringValue!
            let want = try #require(expected[id])
            for (key, value) in want["config"]?.mapValue ?? [:] {
                #expect(sameJSON(record["config"]?.value(at: String(key.dropFirst("config.".count))), value), "\(id) \(key)")
            }
            for (key, value) in want["info"]?.mapValue ?? [:] {
                #expect(sameJSON(record["info"]?.mapValue?[String(key.dropFirst("info.".count))], value), "\(id) \(key)")
            }
            for (key, series) in want["metrics"]?.mapValue ?? [:] {
                let last = series.listValue?.last
                let decoded: ConfigValue? = last?.mapValue?["$float"] ?? last
                #expect(sameJSON(record["metrics"]?.mapValue?[key], decoded), "\(id) \(key)")
            }
        }
    }

    @Test("show: metric_history per key with null timestamps; NaN and Infinity as strings")
    func show() throws {
        let result = try CLI.run(["show", "19", store])
        #expect(result.status == 0)
        let record = try JSONParser.parse(result.stdout)
        let loss = try #require(record["metric_history"]?.mapValue?["train.loss"]?.listValue)
        #expect(loss.count == 7)
        #expect(loss.last == .list([.int(6), .null, .string("Infinity")]))
        #expect(record["metric_history"]?.mapValue?["test.gap"]?.listValue?.last?.listValue?.last == .string("NaN"))
        #expect(record["status"] == .string("FAILED"))
    }

    @Test("--columns reaches config, metrics by MLXP name, raw info and artifacts")
    func columns() throws {
        let result = try CLI.run(["list", store, "--columns", "run_id,optimizer.lr,train.loss,test.status_msg,info.status,artifact.pickle.", "--format", "jsonl"])
        let first = try JSONParser.parse(result.stdout.split(separator: "\n").first.map(String.init) ?? "")
        #expect(first["run_id"] == .string("1"))
        #expect(first["optimizer.lr"] == .double(10))
        #expect(first["test.status_msg"] == .string("converged"))
        #expect(first["info.status"] == .string("COMPLETE"))
        #expect(first.mapValue?["artifact.pickle."]?.mapValue?["last_ckpt.pkl"] == .string("artifacts/pickle/last_ckpt.pkl"))
        #expect(first["train.loss"]?.doubleValue != nil)
    }

    @Test("status is the unified word in --columns, --where and group --by; MLXP's own word is info.status")
    func unifiedStatus() throws {
        let listed = try CLI.run(["list", store, "--columns", "run_id,status,info.status", "--where", "status != 'FINISHED'", "--format", "csv"])
        #expect(listed.status == 0)
        #expect(listed.stdout == "run_id,status,info.status\r\n19,FAILED,FAILED\r\n20,RUNNING,RUNNING\r\n")
        let grouped = try CLI.run(["group", store, "--by", "status,info.status", "--format", "csv"])
        #expect(grouped.stdout == "status,info.status,count()\r\nFINISHED,COMPLETE,19\r\nFAILED,FAILED,1\r\nRUNNING,RUNNING,1\r\n")
    }

    @Test("diff --where: MLXP's tutorial diff of a filtered set; --prefix info is the store's own info")
    func filteredDiff() throws {
        func keys(_ arguments: [String]) throws -> [String] {
            let result = try CLI.run(["diff", store, "--format", "json"] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            return (try JSONParser.parse(result.stdout).listValue ?? []).compactMap { $0["key"]?.stringValue }
        }
        #expect(Set(try keys(["--where", "info.status == 'COMPLETE' & config.seed <= 3"])) == ["config.model.num_units", "config.optimizer.lr", "config.seed"])
        #expect(try keys(["--where", "config.optimizer.lr == 10. & config.model.num_units == 2"]) == ["config.seed"])
        let info = try keys(["--where", "info.status != 'COMPLETE'", "--prefix", "info"])
        #expect(Set(info) == ["info.status", "info.process_id", "info.start_time", "info.end_date", "info.end_time", "info.logger.log_id",
                              "info.logger.log_dir", "info.logger.metrics_dir", "info.logger.metadata_dir", "info.logger.artifacts_dir"])
        let bad = try CLI.run(["diff", store, "--where", "config.seed =="])
        #expect(bad.status == 1 && bad.stderr.contains("Invalid query"))
    }

    @Test("fields and diff work on the log folder")
    func fieldsAndDiff() throws {
        let fields = try CLI.run(["fields", store, "--format", "json"])
        #expect(fields.stdout.contains("\"metrics.train.loss\""))
        #expect(fields.stdout.contains("\"info.artifact.pickle..summaries\""))
        let diff = try CLI.run(["diff", store, "--format", "json"])
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("config.optimizer.lr"))
    }
}
