import Foundation
import Testing
@testable import RunKit
@testable import RunKitStores

/// Pushdown of `--where` into MLflow's file store (`MLflowBoundCheck`): the planned answer —
/// candidates read inside the query's bound, checked, filtered — equals the full load's, rows,
/// order and errors, on an `mlruns` folder full of awkward values and damaged files.
@Suite("Pushdown equivalence on file stores")
struct FilePushdownEquivalenceTests {
    /// An `mlruns` folder of 60 runs in two experiments and a deleted one: numeric-looking and
    /// non-ASCII params and tags, NaN and ±inf metrics whose latest value is not their last line,
    /// keys spelled with the KELVIN SIGN, keys with `/` (nested files), keys in several namespaces
    /// and in nested Hydra configs with lists, deleted runs, runs named by their tag, missing keys,
    /// and damaged files: a malformed metric line, an unfinished one, an empty metric file, a
    /// params entry that is a link to a folder, an unreadable config.
    final class AwkwardStore {
        let folder: String
        let store: MLflowFileStore

        init(seed: UInt64) throws {
            folder = try TemporaryFolder.make("runkit-file-pushdown")
            let root = folder + "/mlruns"
            var random = SplitMix64(seed: seed)
            let texts = ["3", "03", "3.0", "0.001", "1e-3", "nan", "inf", "-Infinity", "abc", "", "K", "\u{212A}",
                         "e\u{301}", "\u{E9}", " 5", "5abc", "cnn", "FINISHED", "0.5", "3\n"]
            let numbers = ["0", "0.5", "-1", "1e300", "inf", "-inf", "nan", "3", "0.001", "1", "NaN", "Infinity"]
            func write(_ text: String, _ path: String) throws {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: path, atomically: false, encoding: .utf8)
            }
            let experiments = [("0", "Default", root + "/0"), ("1", "train", root + "/1"), ("2", "gone", root + "/.trash/2")]
            for (id, name, path) in experiments {
                try write("artifact_location: file:///x\nexperiment_id: '\(id)'\nlifecycle_stage: \(id == "2" ? "deleted" : "active")\nname: \(name)\n",
                          path + "/meta.yaml")
            }
            for index in 0..<60 {
                let (experimentID, _, experimentFolder) = experiments[index % 7 == 0 ? 2 : index % 3 == 0 ? 0 : 1]
                let runID = String(repeating: "0", count: 28) + String(format: "%04x", index + 1)
                let run = experimentFolder + "/" + runID
                let named = random.next() % 4 != 0
                let start = 1_700_000_000_000 + Int(random.next() % 5) * 1000   // ties: ordered by run id
                let end = random.next() % 3 == 0 ? "null" : String(start + 500)
                try write("""
                    artifact_uri: file:///x
                    end_time: \(end)
                    entry_point_name: ''
                    experiment_id: '\(experimentID)'
                    lifecycle_stage: \(random.next() % 5 == 0 ? "deleted" : "active")
                    run_id: \(runID)
                    run_name: \(named ? "run-\(index)" : "''")
                    source_type: 4
                    start_time: \(start)
                    status: \([3, 1, 4][Int(random.next() % 3)])
                    tags: []
                    user_id: u

                    """, run + "/meta.yaml")
                for key in ["p", "loss", "cnn", "seed", "model/type", "a/b/c"] where random.next() % 5 != 0 {
                    try write(texts.randomElement(using: &random)!, run + "/params/" + key)
                }
                if random.next() % 3 == 0 {
                    try write(texts.randomElement(using: &random)!, run + "/params/" + (random.next() % 2 == 0 ? "K" : "\u{212A}"))
                }
                for key in ["m", "seed", "loss", "val/acc", random.next() % 2 == 0 ? "K" : "\u{212A}"] where random.next() % 4 != 0 {
                    // Steps out of order: the latest value (largest step) is not the last line.
                    let latest = numbers.randomElement(using: &random)!, earlier = numbers.randomElement(using: &random)!
                    try write("1700000000000 \(earlier) 0\n1700000000100 \(latest) 5\n1700000000200 \(earlier) 2\n", run + "/metrics/" + key)
                }
                switch random.next() % 5 {
                case 0: break
                default: try write(texts.randomElement(using: &random)!, run + "/tags/t")
                }
                if !named || random.next() % 3 == 0 { try write("tagged-\(index)", run + "/tags/mlflow.runName") }
                if random.next() % 2 == 0 { try write("s\(index % 3)", run + "/tags/stage") }
                let modelType = ["cnn", "mlp", "3"].randomElement(using: &random)!
                try write("""
                    seed: \(index % 4)
                    model:
                      type: \(modelType)
                      layers:
                      - 1
                      - \(index % 3)
                    optimizer:
                      lr: 0.0\(index % 5 + 1)
                    \(random.next() % 2 == 0 ? "m: \(index % 3)" : "p: '\(index % 3)'")

                    """, run + "/artifacts/.hydra/config.yaml")
                // Damaged files, each in a few runs.
                switch index % 13 {
                case 1: try write("1700000000000 0.25 0\ngarbage\n", run + "/metrics/m")
                case 2: try write("1700000000000 0.25 0\n1700000000100 0.7", run + "/metrics/seed")
                case 3: try write("", run + "/metrics/loss")
                case 4:
                    try FileManager.default.createDirectory(atPath: run + "/params/sub", withIntermediateDirectories: true)
                    try? FileManager.default.removeItem(atPath: run + "/params/p")
                    try FileManager.default.createSymbolicLink(atPath: run + "/params/p", withDestinationPath: "sub")
                case 5: try write("seed: [unclosed\n", run + "/artifacts/.hydra/config.yaml")
                default: break
                }
            }
            store = MLflowFileStore(mlrunsPath: root)
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// The awkward keys weigh three times as much as the others.
    static let queries = PlannedQueries(fields: Array(repeating: ["params.p", "tags.t", "metrics.m", "params.K", "metrics.K",
                                                                   "params.`model/type`", "metrics.`val/acc`"], count: 3).flatMap { $0 } + [
        "metrics.loss", "metrics.seed", "metrics.nope", "metrics.val__acc", "params.seed", "params.loss", "params.cnn",
        "params.`a/b/c`", "params.a", "params.nope", "tags.stage", "tags.`mlflow.runName`", "tags.K", "tags.nope",
        "attributes.status", "info.start_time", "info.lifecycle_stage", "attributes.run_name", "info.end_time", "info.name",
        "info.user_id", "config.seed", "seed", "model.type", "loss", "p", "m", "config.model.layers", "status",
    ])

    @Test("planned answers equal full-load answers for thousands of random queries")
    func randomQueries() throws {
        let awkward = try AwkwardStore(seed: 17)
        let (compared, pushed) = try Self.queries.compare(awkward.store, count: 1_200, seed: 2027)
        #expect(compared > 1_000)
        #expect(pushed > 300, "\(pushed) of \(compared) queries pushed")
    }

    @Test("a narrowed load reads only the runs inside the bound, and every run whose tested files are damaged")
    func narrowed() throws {
        let awkward = try AwkwardStore(seed: 17)
        var options = LoadOptions(view: .all)
        options.bound = try Query("metrics.m > 1e299").bound
        let narrowed = try awkward.store.loadRuns(options)
        let full = try awkward.store.loadRuns(LoadOptions(view: .all)).runs
        let inside = Set(full.filter { ($0.metrics["m"] ?? 0) > 1e299 }.map(\.id))
        let damaged = Set(full.filter { run in
            (try? String(contentsOfFile: run.info.runDirectory! + "/metrics/m", encoding: .utf8))?.contains("garbage") == true
        }.map(\.id))
        #expect(narrowed.pushed == "metrics.m > 1e+299")
        #expect(Set(narrowed.runs.map(\.id)) == inside.union(damaged))
        #expect(!damaged.isEmpty && !inside.isEmpty && inside.count + damaged.count < full.count)
        // The damaged file is reported as a full load reports it.
        #expect(narrowed.warnings.contains { $0.path.hasSuffix("/metrics/m") && $0.message.contains("garbage") })
    }
}

/// A key spelled otherwise than the query spells it (U+212A KELVIN SIGN for `K`): the query finds
/// it as `value(for:)` does (the presence bits once said "certainly absent" from its bytes).
@Suite("Keys RunKit counts equal")
struct EquivalentKeyTests {
    @Test("a metric keyed with the KELVIN SIGN answers metrics.K, and IS NULL agrees")
    func kelvin() throws {
        let run = Run(info: RunInfo(runID: "r"), metrics: ["\u{212A}": 0.5], tags: ["e\u{301}": "x"])
        #expect(run.value(for: try QueryField("metrics.K")) == .double(0.5))
        #expect(try RunCollection([run]).filter(try Query("metrics.K IS NULL")).isEmpty)
        #expect(try RunCollection([run]).filter(try Query("metrics.K = 0.5 and tags.\u{E9} = 'x'")).count == 1)
    }
}
