import Foundation
import Testing
import RunKit

@Suite("runkit group, best and export")
struct GroupCLITests {
    let mlxp = CLI.fixtures + "/mlxp-logs"
    let sqlite = CLI.fixtures + "/hydraflow-sqlite"
    let sweep = "info.status == 'COMPLETE' & config.seed <= 3"

    func expectedCase(_ name: String) throws -> ConfigValue {
        let file = try JSONParser.parse(String(contentsOfFile: mlxp + "/expected/groupby.json", encoding: .utf8))
        return try #require(file["cases"]?.listValue?.first { $0["name"]?.stringValue == name })
    }

    func close(_ a: ConfigValue?, _ b: ConfigValue?) -> Bool {
        guard let x = a?.listValue, let y = b?.listValue, x.count == y.count else { return false }
        return zip(x, y).allSatisfy { abs($0.doubleValue! - $1.doubleValue!) <= 1e-12 * abs($1.doubleValue!) }
    }

    @Test("group --format json: MLXP's mean curves per (num_units, lr), columns named as written")
    func groupCurves() throws {
        let expected = try expectedCase("aggregate_mean_two_keys")
        let result = try CLI.run(["group", mlxp, "--where", sweep, "--by", "config.model.num_units,config.optimizer.lr",
                                  "--agg", "mean(history.train.loss)", "--agg", "mean(history.test.loss)", "--agg", "count()", "--format", "json"])
        #expect(result.status == 0)   // the two folders MLXP skips too are notes
        let rows = try JSONParser.parse(result.stdout).listValue ?? []
        #expect(rows.first?.mapValue.map { Array($0.keys) } == ["config.model.num_units", "config.optimizer.lr",
                                                                 "mean(history.train.loss)", "mean(history.test.loss)", "count()"])
        let groups = expected["groups"]?.listValue ?? []
        #expect(rows.count == groups.count)
        for want in groups {
            let key = want["key"]!.listValue!
            let row = try #require(rows.first { $0["config.model.num_units"] == key[0] && $0["config.optimizer.lr"] == key[1] })
            #expect(close(row["mean(history.train.loss)"], want["fmean.train.loss"]))
            #expect(close(row["mean(history.test.loss)"], want["fmean.test.loss"]))
            #expect(row["count()"]?.intValue == want["ids_mlxp_order"]?.listValue?.count)
        }
    }

    @Test("group: ragged curves are said on stderr, or refused with --align equal")
    func ragged() throws {
        let args = ["group", mlxp, "--where", "info.status == 'COMPLETE'", "--by", "optimizer.lr", "--agg", "mean(history.train.loss)", "--format", "json"]
        let longest = try CLI.run(args)
        #expect(longest.stderr.contains("mean(history.train.loss): the curves of group optimizer.lr=10.0 have 10 to"))
        let equal = try CLI.run(args + ["--align", "equal"])
        #expect(equal.status == 1)
        #expect(equal.stderr.contains("different lengths"))
    }

    @Test("best: the tutorial's best lr per model, then its test loss")
    func best() throws {
        let expected = try expectedCase("tutorial_best_lr_per_model")
        let result = try CLI.run(["best", mlxp, "--where", sweep, "--by", "config.model.num_units", "--choose", "config.optimizer.lr",
                                  "--metric", "mean(history.train.loss)", "--min", "--report", "mean(history.test.loss)", "--format", "json"])
        let rows = try JSONParser.parse(result.stdout).listValue ?? []
        #expect(rows.map { ConfigValue.list([$0["config.model.num_units"]!, $0["config.optimizer.lr"]!]) } == expected["best_keys"]!.listValue!)
        for (row, want) in zip(rows, expected["selected"]?.listValue ?? []) {
            #expect(close(row["mean(history.test.loss)"], want["fmean.test.loss"]))
        }
        let both = try CLI.run(["best", mlxp, "--choose", "optimizer.lr", "--metric", "mean(metrics.train.loss)", "--min", "--max"])
        #expect(both.status != 0 && both.stderr.contains("--min or --max"))
    }

    @Test("group on an MLflow store: HydraFlow's group_by('model.type').aggregated('optimizer.lr') plus statistics")
    func hydraflow() throws {
        let result = try CLI.run(["group", sqlite, "--experiment", "train", "--all", "--order-by", "run_id", "--by", "model.type",
                                  "--agg", "optimizer.lr", "--agg", "count()", "--agg", "mean(metrics.accuracy)", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try JSONParser.parse(result.stdout).listValue ?? []
        #expect(rows.map { $0["model.type"]! } == ["cnn", "mlp"])
        #expect(rows[0]["optimizer.lr"] == [0.001, 0.001, 0.01, 0.5, 0.1, 0.01, 0.1])
        #expect(rows[1]["optimizer.lr"] == [0.1, 0.001, 0.01, 0.01, 0.001, 0.1])
        #expect(rows.map { $0["count()"]! } == [7, 6])
        let bad = try CLI.run(["group", sqlite, "--by", "model.type", "--agg", "average(metrics.accuracy)"])
        #expect(bad.status == 1 && bad.stderr.contains("Unknown aggregation function 'average'"))
        let typo = try CLI.run(["group", sqlite, "--by", "model.typo"])
        #expect(typo.status == 1 && typo.stderr.contains("No such key: model.typo"))
    }

    @Test("export: csv to a file and stdout, sqlite, and --history in long format")
    func export() throws {
        let folder = try CLI.temporaryFolder("runkit-cli-export")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = try CLI.run(["export", sqlite, "--experiment", "train", "--where", "status = 'FINISHED'", "--output", folder + "/runs.csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let text = try String(contentsOfFile: folder + "/runs.csv", encoding: .utf8)
        #expect(text.hasPrefix("run_id,run_name,experiment_id,experiment_name,status,lifecycle_stage,start_time,end_time,user_id,run_dir,artifacts_dir,config."))
        #expect(text.split(separator: "\r\n").count == 11 + 1)
        let stdout = try CLI.run(["export", sqlite, "--experiment", "train", "--where", "status = 'FINISHED'"])
        #expect(stdout.stdout == text)
        let sqliteExport = try CLI.run(["export", sqlite, "--format", "sqlite", "--output", folder + "/runs.db", "--history"])
        #expect(sqliteExport.status == 0, "\(sqliteExport.stderr)")
        let history = try CLI.run(["export", sqlite, "--history", "--columns", "loss", "--format", "jsonl", "--where", "run_name = 'mlp-lr0.1-s1'"])
        let lines = history.stdout.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        let shown = try JSONParser.parse(try CLI.run(["show", "19ada88b", sqlite]).stdout)["metric_history"]?["loss"]?.listValue ?? []
        #expect(!shown.isEmpty && lines.map { $0?["value"] } == shown.map { $0.listValue?.last })
        #expect(lines.allSatisfy { $0?["key"] == "loss" && $0?["run_id"] == "19ada88b710c4a85b604ca0ba63b3bca" })
        #expect(lines.first??.mapValue.map { Array($0.keys) } == ["run_id", "key", "step", "timestamp", "value"])
        let noFile = try CLI.run(["export", sqlite, "--format", "sqlite"])
        #expect(noFile.status != 0 && noFile.stderr.contains("--output"))
    }
}
