import Foundation
import GRDB
import Testing
@testable import RunKit
@testable import RunKitStores

/// Projection (`RunProjection`, `LoadOptions.projection`): an MLflow SQLite load that reads only
/// the keys a question names answers `list --columns`, `group` and `best` as the full load does —
/// rows, order, aggregates and errors — on the awkward store of `PushdownEquivalenceTests`, with
/// the query's bound pushed too, and the CLI's fallback (a whole load after an error).
@Suite("Projection equivalence")
struct ProjectionEquivalenceTests {
    /// A question of one command, with the keys it names.
    enum Question: CustomStringConvertible {
        case list(columns: [String])
        case group(by: [String], aggregations: [String])
        case best(by: [String], choose: [String], metric: String)

        /// The keys the command names (as the CLI passes them to `RunProjection`).
        var keys: [String] {
            switch self {
            case .list(let columns): return columns
            case .group(let by, let aggregations): return by + aggregations.compactMap { try? Aggregation<Run>($0).key }
            case .best(let by, let choose, let metric): return by + choose + [(try? Aggregation<Run>(metric))?.key].compactMap { $0 }
            }
        }

        var description: String {
            switch self {
            case .list(let columns): return "list --columns \(columns)"
            case .group(let by, let aggregations): return "group --by \(by) --agg \(aggregations)"
            case .best(let by, let choose, let metric): return "best --by \(by) --choose \(choose) --metric \(metric)"
            }
        }
    }

    /// Keys beyond the pushdown test's: unified attributes (bare and not), the run's folders, the
    /// raw record, `__` aliases and a history.
    static let keys = PushdownEquivalenceTests.queries.fields + [
        "run_id", "run_name", "status", "start_time", "run_dir", "artifacts_dir", "info.artifact_uri", "attributes.run_uuid",
        "model__type", "params.model__type", "config.model__type", "metrics.val__loss", "history.loss", "optimizer.lr",
    ]
    static let statistics = ["mean", "max", "count", "nunique", "list", "first"]

    static func question(_ keys: [String], _ random: inout SplitMix64) -> Question {
        func key() -> String { keys.randomElement(using: &random)! }
        func aggregation() -> String {
            random.next() % 5 == 0 ? "count()" : "\(statistics.randomElement(using: &random)!)(\(key()))"
        }
        switch random.next() % 3 {
        case 0: return .list(columns: (0...(random.next() % 3)).map { _ in key() })
        case 1: return .group(by: (0..<(random.next() % 3)).map { _ in key() }, aggregations: (0...(random.next() % 2)).map { _ in aggregation() })
        default:
            let metric = "\(["mean", "max", "min"].randomElement(using: &random)!)(\(key()))"
            return .best(by: (0..<(random.next() % 2)).map { _ in key() }, choose: [key()], metric: metric)
        }
    }

    /// The command's answer over `runs` (the runs loaded), as text; throws what the command throws.
    static func compute(_ question: Question, _ runs: [Run], query: Query?, order: [OrderTerm], allowMissing: Bool) throws -> String {
        let options = QueryOptions.matching(.mlflowSQLite, allowMissing: allowMissing)
        var collection = RunCollection(runs)
        if let query { collection = try collection.filter(query, options: options) }
        collection = try collection.sorted(by: order, options: options)
        switch question {
        case .list(let columns):
            try RunListView.checkColumns(columns, in: runs)
            return collection.map { run in columns.map { JSONWriter.string(run.value(for: $0) ?? .null) }.joined(separator: "|") }
                .joined(separator: "\n")
        case .group(let by, let aggregations):
            return try collection.aggregated(by: by, aggregations.map { try Aggregation<Run>($0) }).rendered(as: .csv)
        case .best(let by, let choose, let metric):
            return try collection.best(metric, .minimize, per: by, choosing: choose).rendered(as: .csv)
        }
    }

    static func text(_ body: () throws -> String) -> String {
        do { return try body() } catch let error as RunKitError { return "error \(error.kind): \(error)" } catch { return "error \(error)" }
    }

    @Test("projected (and pushed) answers equal full-load answers for list --columns, group and best")
    func randomQuestions() throws {
        let awkward = try PushdownEquivalenceTests.AwkwardStore(seed: 23)
        // Keys a `__` alias reaches from some runs while others have the key itself.
        let queue = try DatabaseQueue(path: awkward.store.path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO params (key, value, run_uuid) SELECT 'model__type', 'vit', run_uuid FROM runs WHERE rowid % 3 = 0")
            try db.execute(sql: """
                INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid)
                SELECT 'val.loss', rowid * 0.25, 0, 0, 0, run_uuid FROM runs WHERE rowid % 2 = 0
                """)
        }
        try queue.close()
        try Self.addBareKeyConfigs(under: awkward.copy.path)
        try Self.compareRandomQuestions(keys: Self.keys, queries: PushdownEquivalenceTests.queries, seed: 1717) { try awkward.store.loadRuns($0) }
    }

    @Test("projected (and pushed) answers equal full-load answers on an MLflow file store too")
    func randomQuestionsOnFileStore() throws {
        let awkward = try FilePushdownEquivalenceTests.AwkwardStore(seed: 29)
        defer { try? FileManager.default.removeItem(atPath: awkward.folder) }
        try Self.addBareKeyConfigs(under: awkward.folder)
        let keys = FilePushdownEquivalenceTests.queries.fields + [
            "run_id", "run_name", "status", "start_time", "run_dir", "info.artifact_uri", "attributes.run_id",
            "model__type", "config.model__type", "metrics.val__acc", "history.loss", "history.m", "tags.mlflow.runName",
        ]
        try Self.compareRandomQuestions(keys: keys, queries: FilePushdownEquivalenceTests.queries, seed: 3131) { try awkward.store.loadRuns($0) }
    }

    /// Appends to every `config.yaml` under `folder` bare keys the questions ask: through YAML
    /// escapes (which a config read for bare keys must not skip), plainly, only in a comment, and
    /// a damaged one.
    static func addBareKeyConfigs(under folder: String) throws {
        let configs = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".hydra/config.yaml") }.sorted()
        #expect(configs.count > 20)
        for (index, relative) in configs.enumerated() {
            let path = folder + "/" + relative
            let added = switch index % 6 {
            case 0: "\"st\\x61tus\": from-config\n"
            case 1: "\"\\u006Coss\": 7\n"
            case 2: "run_id: config-run\nm: 2.5\n"
            case 3: "# status: only a comment\n"
            case 4: "? \"ru\\\n  n_id\"\n: escaped-line-break\n"
            default: "bad: [unclosed\n"
            }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }   // an unreadable one stays
            try (text + added).write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// `count` (default 700) seeded random `list --columns`, `group` and `best` questions over `keys` and `queries`,
    /// answered from a planned load (`load` with the bound and projection) and from a full load.
    static func compareRandomQuestions(keys: [String], queries: PlannedQueries, seed: UInt64, count: Int = 700,
                                       load: (LoadOptions) throws -> LoadResult) throws {
        var random = SplitMix64(seed: seed)
        var compared = 0, withoutConfig = 0, narrowed = 0, reduced = 0
        let full: [RunView: [Run]] = try [.all: load(LoadOptions(view: .all)).runs,
                                          .activeOnly: load(LoadOptions(view: .activeOnly)).runs]
        // Every whole history read now, with `try`: a read failing later would be a silent nil
        // (`Run.value(for:)`), seen once in a full-suite run as a different "No such key".
        for run in full.values.joined() { _ = try run.metricHistory() }
        // The escapes spell the keys (so skipping those configs would change answers).
        let configValues = Set(full[.all]!.flatMap { [$0.config["status"], $0.config["loss"], $0.config["run_id"]] }.compactMap { $0?.stringValue ?? $0.map { JSONWriter.string($0) } })
        #expect(configValues.isSuperset(of: ["from-config", "7", "config-run", "escaped-line-break"]), "\(configValues)")
        for index in 0..<count {
            let query = random.next() % 3 == 0 ? nil : try? Query(queries.expression(2, &random))
            let order = try (0..<(random.next() % 2)).map { _ in try OrderTerm(keys.randomElement(using: &random)! + " DESC") }
            let question = Self.question(keys, &random)
            let view: RunView = index % 3 == 0 ? .all : .activeOnly
            let allowMissing = index % 4 == 0
            let projection = RunProjection(query: query, order: order, keys: question.keys)
            let whole = Self.text { try Self.compute(question, full[view]!, query: query, order: order, allowMissing: allowMissing) }
            let planned = Self.text {
                // As `StoreOptions.load(planning:…)`: the bound pushed, the projection read, a whole
                // load when the candidates lack a key or the answer is an error.
                let plan = query.map(QueryPlan.init)
                var options = LoadOptions(view: view)
                options.bound = plan?.bound
                options.pushdownThreshold = .infinity
                options.projection = projection
                let result = try load(options)
                #expect(result.projected == !projection.isEverything)
                let columns = if case .list(let columns) = question { columns } else { [String]() }
                if result.pushed != nil, let plan, !plan.candidatesSuffice(result.runs, allowMissing: allowMissing, columns: columns) {
                    return try Self.compute(question, full[view]!, query: query, order: order, allowMissing: allowMissing)
                }
                if result.pushed != nil { narrowed += 1 }
                do {
                    return try Self.compute(question, result.runs, query: query, order: order, allowMissing: allowMissing)
                } catch {
                    return try Self.compute(question, full[view]!, query: query, order: order, allowMissing: allowMissing)
                }
            }
            #expect(planned == whole, "\(question) --where \(query?.text ?? "-") --order-by \(order) (view \(view), allowMissing \(allowMissing))")
            compared += 1
            if !projection.config { withoutConfig += 1 }
            if !projection.histories.isEmpty { reduced += 1 }
        }
        #expect(compared == count)
        #expect(withoutConfig > count * 3 / 14, "\(withoutConfig) of \(compared) questions read no config")
        #expect(narrowed > count / 14, "\(narrowed) of \(compared) questions pushed")
        if keys.contains(where: { FieldKey($0).reduction != nil }) {
            #expect(reduced > count / 4, "\(reduced) of \(compared) questions reduced a history read with the load")
        }
    }

    @Test("a projected load reads only the keys asked: no config, no other params, no raw record")
    func projectedLoad() throws {
        let store = try MLflowSQLiteStore(databasePath: Fixtures.path("hydraflow-sqlite") + "/mlflow.db")
        let whole = try store.loadRuns(LoadOptions())
        var options = LoadOptions()
        options.projection = RunProjection(query: try Query("metrics.loss < 0.5"), keys: ["params.seed", "attributes.status"])
        let projected = try store.loadRuns(options)
        // attributes.status reads the raw record, not the config or the artifacts folder.
        #expect(projected.projected)
        #expect(!whole.projected)
        #expect(projected.runs.map(\.info.runID) == whole.runs.map(\.info.runID))
        #expect(projected.runs.map(\.info.status) == whole.runs.map(\.info.status))
        for (run, full) in zip(projected.runs, whole.runs) {
            #expect(Set(run.params.keys).isSubset(of: ["seed"]))
            #expect(run.params["seed"] == full.params["seed"])
            #expect(Set(run.metrics.keys).isSubset(of: ["loss"]))
            #expect(run.value(for: "metrics.loss").map { JSONWriter.string($0) } == full.value(for: "metrics.loss").map { JSONWriter.string($0) })
            #expect(run.tags.isEmpty)
            #expect(run.config == .map([:]))
            #expect(run.info.raw == full.info.raw)
            #expect(run.info.artifactsDirectory == full.info.artifactsDirectory)
        }
        #expect(whole.runs.contains { $0.config != .map([:]) })
        options.projection = RunProjection(keys: ["params.seed"])
        for run in try store.loadRuns(options).runs {
            #expect(run.info.raw.isEmpty)
            #expect(run.info.artifactsDirectory == nil)
            #expect(run.config == .map([:]))
        }
    }

    @Test("a config read for bare keys is parsed only when its text may spell one")
    func configTextNeedles() {
        func mayHold(_ text: String, _ needles: [String]) -> Bool {
            HydraConfigFile.mayHold(needles.map { Array($0.utf8) }, Array(text.utf8))
        }
        #expect(mayHold("status: x\n", ["status"]))
        #expect(mayHold("a: 1\nb: status", ["status"]))           // at the very end
        #expect(mayHold("a: {st: 1}\n# status\n", ["status"]))     // in a comment: parsed, harmless
        #expect(!mayHold("a: 1\nstatu: 2\n", ["status"]))
        #expect(!mayHold("", ["status"]))
        #expect(mayHold("\"st\\x61tus\": 1\n", ["status"]))      // an escape could spell it
        #expect(mayHold("\u{212A}appa: 1\n", ["Kappa", "\u{212A}appa"]))
        #expect(!mayHold("Kappa: 1\n", ["\u{212A}appa"]))
        #expect(MLflowSQLiteStore.pushdownSampleSize(forRuns: 0) == 200)
        #expect(MLflowSQLiteStore.pushdownSampleSize(forRuns: 10_000) == 250)
        #expect(MLflowSQLiteStore.pushdownSampleSize(forRuns: 1_000_000) == 2_000)
    }

    @Test("the projection of a question follows Run.value(for:)")
    func derivation() throws {
        let columns = RunProjection(query: try Query("metrics.loss < 0.5 and params.seed = '1'"), order: [try OrderTerm("tags.stage")],
                                    keys: ["run_id", "status", "history.loss", "metrics.`val/acc`"])
        var expected = RunProjection(params: ["seed", "run_id", "status"], metrics: ["loss", "val/acc", "run_id", "status"],
                                     tags: ["stage", "run_id", "status"], config: true, attributes: false)
        expected.configKeys = ["run_id", "status"]
        expected.histories = ["loss"]
        #expect(columns == expected)
        #expect(columns.configTextNeedles == ["run_id", "status"])
        let plain = RunProjection(keys: ["params.seed", "metrics.loss"])
        #expect(plain == RunProjection(params: ["seed"], metrics: ["loss"], tags: [], config: false, attributes: false))
        #expect(plain.description == "params(seed) metrics(loss)")
        #expect(RunProjection(keys: ["info.status"]).attributes)
        #expect(RunProjection(keys: ["run_dir"]).attributes)
        #expect(RunProjection(keys: ["config.model.type"]) == RunProjection(params: [], metrics: [], tags: [], config: true, attributes: false))
        let alias = RunProjection(keys: ["params.model__type", "metrics.val__loss"])
        #expect(alias.params == ["model__type", "model.type"])
        #expect(alias.metrics == ["val__loss", "val.loss"])
        #expect(RunProjection(keys: ["model__type"]).params == ["model__type", "model.type"])
        #expect(RunProjection(keys: ["config.model.type", "status"]).configKeys == nil)
        #expect(RunProjection(keys: ["config.model.type", "status"]).configTextNeedles == nil)
        // The needles are the first path components, every byte spelling Swift counts equal.
        #expect(RunProjection(keys: ["model__type", "optimizer.lr", "data[0]"]).configTextNeedles
                == ["data", "model", "optimizer"])
        #expect(RunProjection(keys: ["Kappa"]).configTextNeedles?.map { Array($0.utf8) } == [Array("Kappa".utf8), Array("\u{212A}appa".utf8)])
        // A list index, or a key whose spellings cannot be listed: every config is parsed.
        #expect(RunProjection(keys: ["0.x"]).configTextNeedles == nil)
        #expect(RunProjection(keys: ["caf\u{E9}"]).configTextNeedles == nil)
        #expect(RunProjection.everything.isEverything)
        #expect(!RunProjection().isEverything)
        // Reductions name their metric's history, in any spelling; histories are apart from everything.
        let reduced = RunProjection(query: try Query("min(history.loss) < 1"), order: [try OrderTerm("argmax(metrics.`val/acc`)")],
                                    keys: ["at(acc, 3)", "history.m"])
        #expect(reduced.histories == ["loss", "val/acc", "acc", "m"])
        #expect(reduced.params == [])   // a bare key inside a reduction is the metric
        var everything = RunProjection.everything
        everything.histories = ["loss"]
        #expect(everything.isEverything)
        #expect(everything.description == "everything histories(loss)")
    }

    /// Reductions of every kind, over metrics whose histories `addAwkwardHistories` makes awkward,
    /// named as `history.`, `metrics.` and bare keys. None that no run has: with two keys missing
    /// in one `group --agg`, which one the error names varies from run to run (both loads alike),
    /// which this comparison of texts cannot tell from a difference.
    static let reductions = [
        "min(history.m)", "max(history.m)", "mean(history.m)", "first(history.m)", "last(history.m)", "count(history.m)",
        "argmin(history.m)", "argmax(history.m)", "at(history.m, 2)", "at(history.m, 13)", "last(history.m, 2)",
        "min(history.K)", "argmax(history.K)", "count(history.K)", "first(metrics.K)", "max(history.loss)", "argmin(loss)",
        "last(history.loss, 3)", "mean(history.`val/acc`)",
        "min(history.c)", "max(history.c)", "first(history.c)", "last(history.c)", "at(history.c, 1)", "mean(history.c)",
    ]

    /// Adds to the awkward SQLite store's `metrics` histories with NaN (MLflow's `is_nan`, value 0)
    /// beside a real 0 at the same step and time, ±inf, negative and duplicated steps, equal
    /// timestamps, and the KELVIN SIGN spelling of `K` beside `K` in one run; and `c`, up to
    /// three plain points, which reduction bounds narrow.
    static func addAwkwardHistories(_ path: String, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let points: [(value: Double, timestamp: Int64, step: Int64)] = [
            (.nan, 9, 10), (.infinity, 10, 11), (-.infinity, 11, 12), (-0.5, -3, 13), (7, 2, 5), (-7, 2, 5), (.nan, 2, 1),
            (0, 2, 1), (3, 4, 2), (3, 5, 2), (1e300, 7, 2), (-1, 1, 0), (2.5, 3, 3), (2.5, 3, -3),
        ]
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            for runID in try String.fetchAll(db, sql: "SELECT run_uuid FROM runs ORDER BY run_uuid") {
                // A plain history (no NaN, small values) for bounds that narrow.
                for step in 0..<Int64(random.next() % 4) {
                    try db.execute(sql: "INSERT INTO metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES ('c', ?, ?, ?, 0, ?)",
                                   arguments: [[-1, 0, 0.25, 0.5, 1, 3][Int(random.next() % 6)], step * 10, step, runID])
                }
                for key in ["m", "K", "\u{212A}", "loss"] where random.next() % 4 != 0 {
                    for point in points where random.next() % 2 == 0 {
                        try db.execute(sql: """
                            INSERT OR IGNORE INTO metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)
                            """, arguments: [key, point.value.isNaN ? 0 : point.value, point.timestamp, point.step, point.value.isNaN, runID])
                    }
                }
            }
        }
        try queue.close()
    }

    @Test("reductions read with the load (one query per load, one file per metric) equal those of whole histories")
    func reductionQuestions() throws {
        let reductions = Array(repeating: Self.reductions, count: 3).flatMap { $0 }
        let awkward = try PushdownEquivalenceTests.AwkwardStore(seed: 31)
        try Self.addAwkwardHistories(awkward.store.path, seed: 5)
        try Self.addBareKeyConfigs(under: awkward.copy.path)
        let queries = PlannedQueries(fields: PushdownEquivalenceTests.queries.fields + reductions)
        try Self.compareRandomQuestions(keys: Self.keys + reductions, queries: queries, seed: 4242, count: 400) { try awkward.store.loadRuns($0) }

        let files = try FilePushdownEquivalenceTests.AwkwardStore(seed: 37)
        defer { try? FileManager.default.removeItem(atPath: files.folder) }
        try Self.addBareKeyConfigs(under: files.folder)
        // Negative and duplicated steps beside the store's NaN, ±inf and out-of-order steps.
        let metricFiles = try FileManager.default.subpathsOfDirectory(atPath: files.folder).filter { $0.contains("/metrics/") }.sorted()
        for (index, relative) in metricFiles.enumerated() where index % 2 == 0 {
            guard let handle = FileHandle(forWritingAtPath: files.folder + "/" + relative) else { continue }   // a folder
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("1700000000300 -2 -4\n1700000000200 nan 2\n1700000000100 4 5\n".utf8))
            try handle.close()
        }
        // `c` is the SQLite store's only (missing keys: see `reductions`).
        let fileReductions = reductions.filter { !$0.contains("history.c)") && !$0.contains("history.c,") }
        let fileQueries = PlannedQueries(fields: FilePushdownEquivalenceTests.queries.fields + fileReductions)
        try Self.compareRandomQuestions(keys: ["run_id", "params.seed", "history.loss"] + fileReductions, queries: fileQueries, seed: 4343,
                                        count: 400) { try files.store.loadRuns($0) }
    }

    @Test("a question's histories are read alone: in SQLite with the load (its snapshot), in mlruns one metric file at a time")
    func historiesReadAlone() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("hydraflow-sqlite"))
        let store = try MLflowSQLiteStore(databasePath: copy.path + "/mlflow.db")
        var options = LoadOptions()
        options.projection = RunProjection(query: try Query("min(history.loss) > -1"), keys: ["run_id"])
        #expect(options.projection.histories == ["loss"])
        let run = try #require(try store.loadRuns(options).runs.first)
        // Points logged after the load: the loss history was read with it, the accuracy history is read when asked.
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in
            for key in ["loss", "accuracy"] {
                try db.execute(sql: "INSERT INTO metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, 12345, 1, 999, 0, ?)",
                               arguments: [key, run.id])
            }
        }
        try queue.close()
        #expect(try run.history("loss")?.contains { $0.value == 12345 } == false)
        #expect(try run.history("accuracy")?.contains { $0.value == 12345 } == true)
        #expect(try run.history("nope") == nil)
        let later = try #require(try store.loadRuns(options).runs.first { $0.id == run.id })
        #expect(try later.history("loss")?.contains { $0.value == 12345 } == true)

        let files = try FilePushdownEquivalenceTests.AwkwardStore(seed: 41)
        defer { try? FileManager.default.removeItem(atPath: files.folder) }
        options.projection = RunProjection(keys: ["run_id", "max(history.loss)"])
        let loaded = try files.store.loadRuns(options).runs
        let fileRun = try #require(loaded.first { run in
            ["loss", "m"].allSatisfy { FileManager.default.fileExists(atPath: run.info.runDirectory! + "/metrics/" + $0) }
        })
        let loss = try #require(try fileRun.history("loss"))
        // Appended after the loss was read: a run that had read every metric file would not see it.
        let handle = try #require(FileHandle(forWritingAtPath: fileRun.info.runDirectory! + "/metrics/m"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("1700000000900 12345 77\n".utf8))
        try handle.close()
        #expect(try fileRun.history("m")?.last == MetricPoint(step: 77, timestamp: 1_700_000_000_900, value: 12345))
        #expect(try fileRun.history("loss") == loss)
        #expect(try fileRun.metricHistory()["m"]?.last?.value == 12345)
    }
}
