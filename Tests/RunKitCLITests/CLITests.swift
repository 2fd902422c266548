import Foundation
import Testing
import RunKit

/// Values equal as the corpus means them (NaN == NaN, "NaN"/"Infinity" strings as JSON writes them).
func sameJSON(_ a: ConfigValue?, _ b: ConfigValue?) -> Bool {
    switch (a ?? .null, b ?? .null) {
    case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
    case (.map(let x), .map(let y)): return x.count == y.count && x.allSatisfy { key, value in sameJSON(value, y[key]) }
    case (.double(let x), .double(let y)) where x.isNaN && y.isNaN: return true
    case (let x, let y): return x.looselyEquals(y) && x.typeName == y.typeName || (x.isNumber && y.isNumber && x.looselyEquals(y))
    }
}

@Suite("runkit CLI")
struct CLITests {
    let sqliteStore = CLI.fixtures + "/hydraflow-sqlite"

    func expectedRuns(_ store: String) throws -> [ConfigValue] {
        let text = try String(contentsOfFile: CLI.fixtures + "/\(store)/expected/runs.json", encoding: .utf8)
        return try JSONParser.parse(text)["runs"]?.listValue ?? []
    }

    /// Checks `list --all --format json` and `show` against expected/runs.json for a store.
    func checkConformance(store: String, path: String) throws {
        let result = try CLI.run(["list", path, "--all", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let records = try JSONParser.parse(result.stdout).listValue ?? []
        let expected = try expectedRuns(store)
        #expect(records.count == expected.count)
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0["run_id"]!.stringValue!, $0) })
        for want in expected {
            let id = want["run_id"]!.stringValue!
            guard let got = byID[id] else { Issue.record("\(id) missing from list"); continue }
            for key in ["run_name", "experiment_id", "experiment_name", "status", "lifecycle_stage", "start_time", "end_time", "params", "tags", "metrics"] {
                #expect(sameJSON(got[key], want[key]), "\(id) \(key): \(JSONWriter.string(got[key] ?? .null)) vs \(JSONWriter.string(want[key] ?? .null))")
            }
            #expect(got["artifacts_dir"]?.stringValue == path + "/" + (want["artifact_dir"]?.stringValue ?? ""))
            if let config = want["config"]?.mapValue {
                for (key, value) in config { #expect(sameJSON(got["config"]?.value(at: key), value), "\(id) config \(key)") }
            }
        }
        // show: the record plus metric_history, in the store's order.
        for want in expected.prefix(12) {
            let id = want["run_id"]!.stringValue!
            let shown = try CLI.run(["show", id, path])
            #expect(shown.status == 0, "\(shown.stderr)")
            let record = try JSONParser.parse(shown.stdout)
            #expect(sameJSON(record["metric_history"], want["metric_history"]), "\(id) metric_history")
            #expect(record["run_id"]?.stringValue == id)
        }
    }

    @Test("list and show match expected/runs.json on the SQLite store")
    func sqliteConformance() throws {
        try checkConformance(store: "hydraflow-sqlite", path: sqliteStore)
    }

    @Test("list and show match expected/runs.json on the legacy file store")
    func fileStoreConformance() throws {
        try checkConformance(store: "mlflow-file", path: CLI.fixtures + "/mlflow-file")
    }

    @Test("a corrupt run: a warning naming the file, exit status 2, every other run still listed")
    func corruptRun() throws {
        let folder = try CLI.temporaryFolder("runkit-cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = folder + "/mlruns"
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/mlflow-file/mlruns", toPath: store)
        _ = try CLI.run(["list", store]) // warm
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/chmod")
        process.arguments = ["-R", "u+w", store]
        try process.run(); process.waitUntilExit()
        let metric = store + "/438572781195232465/0419cbcc97574ecd8a802d4adda19b52/metrics/accuracy"
        let text = try String(contentsOfFile: metric, encoding: .utf8)
        // Whole lines that are damaged (a line cut before its newline, or a folder without
        // meta.yaml, would be a run still being written: a note, exit status 0).
        try (text + "17952859566\n").write(toFile: metric, atomically: true, encoding: .utf8)
        let meta = store + "/438572781195232465/18b28cf84b4d479d9f2bbbb24bf03d15/meta.yaml"
        try FileManager.default.removeItem(atPath: meta)
        try "run_id: [unclosed\n".write(toFile: meta, atomically: true, encoding: .utf8)

        let result = try CLI.run(["list", store, "--format", "jsonl"])
        #expect(result.status == 2)
        #expect(result.stdout.split(separator: "\n").count == 30, "every other run is still listed")
        #expect(result.stderr.contains(metric))
        #expect(result.stderr.contains("18b28cf84b4d479d9f2bbbb24bf03d15"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("list --columns prints objects keyed by exactly the given strings")
    func columns() throws {
        let result = try CLI.run(["ls", sqliteStore, "--experiment", "train", "--columns", "run_id,model__type,metrics.`val/acc`,params.batch size", "--format", "json"])
        #expect(result.status == 0)
        let rows = try JSONParser.parse(result.stdout).listValue ?? []
        #expect(rows.count == 12)
        #expect(rows.allSatisfy { Array($0.mapValue!.keys) == ["run_id", "model__type", "metrics.`val/acc`", "params.batch size"] })
        #expect(rows.allSatisfy { $0["metrics.`val/acc`"]?.isNumber == true })
    }

    @Test("natural order: start_time descending; --limit keeps the first rows")
    func orderAndLimit() throws {
        let all = try JSONParser.parse(try CLI.run(["list", sqliteStore, "--format", "json", "--columns", "run_id,start_time"]).stdout).listValue!
        let times = all.map { $0["start_time"]!.intValue! }
        #expect(times == times.sorted(by: >))
        let limited = try JSONParser.parse(try CLI.run(["list", sqliteStore, "--format", "json", "--columns", "run_id", "--limit", "3"]).stdout).listValue!
        #expect(limited.map { $0["run_id"]! } == all.prefix(3).map { $0["run_id"]! })
    }

    @Test("every format prints")
    func formats() throws {
        for format in ["table", "json", "jsonl", "csv", "tsv", "markdown"] {
            let result = try CLI.run(["list", sqliteStore, "--format", format])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            #expect(!result.stdout.isEmpty)
        }
        let csv = try CLI.run(["list", sqliteStore, "--format", "csv"]).stdout
        #expect(csv.split(separator: "\r\n").count == 29)
        #expect(csv.hasPrefix("run_id,run_name,experiment_id"))
        let table = try CLI.run(["list", sqliteStore]).stdout
        #expect(!table.contains("\u{1B}["), "no colour codes when stdout is not a terminal")
    }

    @Test("deleted runs: hidden by default, shown by --deleted and --all, and by show")
    func deleted() throws {
        let deletedID = "6d2e1562acc84297a5b5d7f2a0d7c5f9"
        #expect(try !CLI.run(["list", sqliteStore, "--format", "jsonl"]).stdout.contains(deletedID))
        #expect(try CLI.run(["list", sqliteStore, "--deleted", "--format", "jsonl"]).stdout.contains(deletedID))
        #expect(try CLI.run(["list", sqliteStore, "--all", "--format", "jsonl"]).stdout.contains(deletedID))
        #expect(try CLI.run(["show", deletedID, sqliteStore]).status == 0)
    }

    @Test("store detection: folder, .db file, sqlite:/// URI, MLFLOW_TRACKING_URI, ./mlflow.db")
    func detection() throws {
        for store in [sqliteStore, sqliteStore + "/mlflow.db", "sqlite:///" + sqliteStore + "/mlflow.db"] {
            let result = try CLI.run(["list", store, "--format", "jsonl"])
            #expect(result.status == 0, "\(store): \(result.stderr)")
            #expect(result.stdout.split(separator: "\n").count == 28)
        }
        let viaEnv = try CLI.run(["list", "--format", "jsonl"], environment: ["MLFLOW_TRACKING_URI": "sqlite:///" + sqliteStore + "/mlflow.db"], directory: "/")
        #expect(viaEnv.stdout.split(separator: "\n").count == 28)
        let viaCwd = try CLI.run(["list", "--format", "jsonl"], directory: sqliteStore)
        #expect(viaCwd.stdout.split(separator: "\n").count == 28)
    }

    @Test("errors: one sentence on stderr naming the thing, non-zero exit, no stack trace")
    func errors() throws {
        let missing = try CLI.run(["list", "/no/such/store"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/no/such/store does not exist."))
        #expect(missing.stdout.isEmpty)

        let unknownRun = try CLI.run(["show", "19ada88b710c4a85b604ca0ba63b3bcX", sqliteStore])
        #expect(unknownRun.status == 1)
        #expect(unknownRun.stderr.contains("No run with id '19ada88b710c4a85b604ca0ba63b3bcX'"))
        #expect(unknownRun.stderr.contains("19ada88b710c4a85b604ca0ba63b3bca"), "suggests the close id")
        #expect(unknownRun.stderr.split(separator: "\n").count == 1)

        let notStore = try CLI.run(["list", CLI.fixtures])
        #expect(notStore.status == 1)
        #expect(notStore.stderr.contains("is not a store RunKit knows"))

        let typo = try CLI.run(["list", sqliteStore, "--columns", "run_id,model.tpye"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("No such key: model.tpye"))
        #expect(typo.stderr.contains("model.type"))

        let badFormat = try CLI.run(["list", sqliteStore, "--format", "xml"])
        #expect(badFormat.status != 0)
    }

    @Test("fields, diff and experiments")
    func otherCommands() throws {
        let fields = try JSONParser.parse(try CLI.run(["fields", sqliteStore, "--format", "json"]).stdout).listValue!
        let accuracy = fields.first { $0["field"]?.stringValue == "metrics.accuracy" }
        #expect(accuracy?["runs"]?.intValue == 27)
        #expect(accuracy?["type"]?.stringValue == "double")
        let dropout = fields.first { $0["field"]?.stringValue == "config.model.dropout" }
        #expect(dropout?["type"]?.stringValue == "double|null")

        let diff = try JSONParser.parse(try CLI.run(["diff", sqliteStore, "--experiment", "train", "--format", "json"]).stdout).listValue!
        let keys = diff.compactMap { $0["key"]?.stringValue }
        #expect(keys.contains("config.optimizer.lr"))
        #expect(keys.contains("params.lr"))
        #expect(!keys.contains("config.data.batch_size"))
        #expect(!keys.contains { $0.hasPrefix("metrics.") })
        let withMetrics = try CLI.run(["diff", sqliteStore, "--prefix", "metrics", "--format", "json"]).stdout
        #expect(withMetrics.contains("metrics.loss"))

        let experiments = try JSONParser.parse(try CLI.run(["experiments", sqliteStore, "--format", "json"]).stdout).listValue!
        #expect(experiments.map { $0["name"]!.stringValue! } == ["Default", "train", "finetune"])
        #expect(experiments[1]["runs"]?.intValue == 12)
    }
}
