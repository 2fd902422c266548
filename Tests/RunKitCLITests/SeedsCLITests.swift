import Foundation
import RunKit
import Testing

/// Seeds: `--by-all-except`, `ci95(KEY)`, `n()`, `group --check-seeds`.
@Suite("Seeds")
struct SeedsCLITests {
    static let store = CLI.fixtures + "/hydraflow-sqlite"

    static func json(_ arguments: [String]) throws -> [ConfigValue] {
        let result = try CLI.run(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONParser.parse(result.stdout).listValue ?? []
    }

    @Test("--by-all-except seed groups by every other varying config key; n() is count(); ci95 is the t-based half-width")
    func byAllExcept() throws {
        let aggs = ["--agg", "n()", "--agg", "count()", "--agg", "mean(metrics.loss)", "--agg", "std(metrics.loss)", "--agg", "ci95(metrics.loss)"]
        let seeds = try Self.json(["group", Self.store, "--experiment", "train", "--by-all-except", "seed"] + aggs)
        let named = try Self.json(["group", Self.store, "--experiment", "train", "--by", "config.model.type,config.optimizer.lr,config.train.fail_at_epoch"] + aggs)
        #expect(seeds == named && seeds.count == 7)
        let t: [Int: Double] = [2: 12.706204736174698, 3: 4.302652729749464]
        for row in seeds {
            #expect(row["n()"] == row["count()"])
            guard let n = row["n()"]?.intValue, let std = row["std(metrics.loss)"]?.doubleValue, let ci = row["ci95(metrics.loss)"] else { continue }
            if let factor = t[n] {
                #expect(abs((ci.doubleValue ?? 0) - factor * std / Double(n).squareRoot()) < 1e-9)
            } else {
                #expect(ci == .string("NaN") && n == 1)
            }
        }
        let best = try Self.json(["best", Self.store, "--experiment", "train", "--by-all-except", "seed", "--choose", "optimizer.lr", "--metric", "mean(metrics.loss)", "--min"])
        #expect(best.first?.mapValue.map { Array($0.keys) } == ["config.model.type", "config.train.fail_at_epoch", "optimizer.lr", "mean(metrics.loss)"])
        let plot = try CLI.run(["plot", Self.store, "--experiment", "train", "--kind", "bar", "--metric", "loss", "--by-all-except", "seed,train.fail_at_epoch"])
        #expect(plot.status == 0 && plot.stdout.contains("<svg"), "\(plot.stderr)")
        let typo = try CLI.run(["group", Self.store, "--by-all-except", "sed"])
        #expect(typo.status == 1 && typo.stderr.contains("No such key: sed (did you mean 'seed'"))
        let both = try CLI.run(["group", Self.store, "--by", "seed", "--by-all-except", "seed"])
        #expect(both.status != 0 && both.stderr.contains("--by or --by-all-except"))
    }

    @Test("--check-seeds: groups lacking a seed seen elsewhere, or whose seed failed, with the overrides to rerun them")
    func checkSeeds() throws {
        let rows = try Self.json(["group", Self.store, "--experiment", "train", "--by-all-except", "seed", "--check-seeds", "--where", "config.optimizer.lr != 0.001"])
        let byConfig = Dictionary(uniqueKeysWithValues: rows.map { row in
            ("\(row["config.model.type"]?.stringValue ?? "")/\(row["config.optimizer.lr"]?.doubleValue ?? 0)", row)
        })
        #expect(byConfig["cnn/0.5"]?["missing"] == .list([.int(1), .int(2)]))
        #expect(byConfig["cnn/0.5"]?["failed"] == .list([.int(3)]))
        #expect(byConfig["mlp/0.01"]?["missing"] == .list([.int(2), .int(3)]))
        #expect(byConfig["mlp/0.01"]?["rerun"] == .string("model.type=mlp optimizer.lr=0.01 train.fail_at_epoch=null seed=2,3"))
        #expect(byConfig["cnn/0.1"]?["missing"] == .list([.int(3)]))
        #expect(rows.count == 5)
        // Against a sweep's grid: seed 4 is expected too, seed 3 no longer (a run of it still counts).
        let folder = try CLI.temporaryFolder("seeds-grid")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "grid:\n  seed: [1, 2, 4]\n  optimizer.lr: [0.1, 0.01]\n".write(toFile: folder + "/exp_config.yaml", atomically: true, encoding: .utf8)
        let gridRows = try Self.json(["group", Self.store, "--experiment", "train", "--by-all-except", "seed", "--check-seeds", "--grid", folder + "/exp_config.yaml"])
        let cnn = gridRows.first { $0["config.model.type"] == "cnn" && $0["config.optimizer.lr"] == .double(0.1) }
        #expect(cnn?["missing"] == .list([.int(4)]) && cnn?["rerun"] == .string("model.type=cnn optimizer.lr=0.1 train.fail_at_epoch=null seed=4"))
        let noKey = try CLI.run(["group", Self.store, "--by-all-except", "model.type", "--check-seeds", "--grid", folder + "/exp_config.yaml"])
        #expect(noKey.status == 1 && noKey.stderr.contains("The grid has no key model.type; its keys are seed, optimizer.lr."), "\(noKey.stderr)")
        let complete = try CLI.run(["group", Self.store, "--experiment", "train", "--by-all-except", "seed", "--check-seeds", "--where", "seed != 3 and optimizer.lr != 0.01"])
        #expect(complete.status == 0 && complete.stderr.contains("every group has every one of the 2 seeds seen"), "\(complete.stderr)")
    }

    @Test("--check-seeds --grid DIR: a folder runkit sweep wrote — its full grid, groups with no run, the sweep's own rerun command")
    func checkSeedsAgainstSweepFolder() throws {
        let folder = try CLI.temporaryFolder("seeds-sweep")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = folder + "/train.sh"
        try "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = seed=3 ] && exit 1; done\necho '{\"loss\": 0.5}' >> \"$RUNKIT_METRICS\"\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        // Four of nine configs run: a/1, a/2, a/3 (fails), b/1; the rest stay pending.
        let sweep = folder + "/exp"
        let ran = try CLI.run(["sweep", "--dir", sweep, "--max-configs", "4", "model=a,b,c", "seed=1,2,3", "--", script])
        #expect(ran.stderr.contains("failed: model=a seed=3"), "\(ran.stderr)")
        let rows = try Self.json(["group", sweep, "--by-all-except", "seed", "--check-seeds", "--grid", sweep])
        let byModel = Dictionary(uniqueKeysWithValues: rows.map { ($0["config.model"]?.stringValue ?? "", $0) })
        #expect(rows.count == 3)
        #expect(byModel["a"]?["failed"] == .list([.int(3)]) && byModel["a"]?["missing"] == .list([]))
        #expect(byModel["b"]?["missing"] == .list([.int(2), .int(3)]) && byModel["b"]?["runs"] == .int(1))
        // No run of model c at all: only the sweep's grid knows it.
        #expect(byModel["c"]?["runs"] == .int(0) && byModel["c"]?["missing"] == .list([.int(1), .int(2), .int(3)]))
        #expect(byModel["c"]?["rerun"] == .string("model=c seed=1,2,3"))
        let note = try CLI.run(["group", sweep, "--by-all-except", "seed", "--check-seeds", "--grid", sweep + "/"])
        #expect(note.stderr.contains("3 groups lack some of the 3 seeds of the grid; rerun them with: runkit sweep \(sweep)/exp_config.yaml -- CMD (the sweep's own command again"), "\(note.stderr)")
        // Without the grid, the seeds seen: model c is not known.
        let seen = try Self.json(["group", sweep, "--by-all-except", "seed", "--check-seeds"])
        #expect(seen.count == 2)
        // The same sweep run again (its own command) leaves only the config that always fails.
        _ = try CLI.run(["sweep", sweep + "/exp_config.yaml", "--", script])
        let after = try Self.json(["group", sweep, "--by-all-except", "seed", "--check-seeds", "--grid", sweep])
        #expect(after.map { $0["failed"] } == [.list([.int(3)]), .list([.int(3)]), .list([.int(3)])], "\(after)")
        let notSweep = try CLI.run(["group", sweep, "--by-all-except", "seed", "--check-seeds", "--grid", folder + "/nothing-here"])
        #expect(notSweep.status == 1)
        try FileManager.default.createDirectory(atPath: folder + "/empty", withIntermediateDirectories: true)
        let empty = try CLI.run(["group", sweep, "--by-all-except", "seed", "--check-seeds", "--grid", folder + "/empty"])
        #expect(empty.status == 1 && empty.stderr.contains("\(folder)/empty holds no exp_config.yaml: --grid takes a malet grid YAML or a folder `runkit sweep` wrote."), "\(empty.stderr)")
    }
}
