import Foundation
import GRDB
import Testing
@testable import RunKit
@testable import RunKitStores

/// Pushdown of `--where` into MLflow SQLite (`QueryPlan`, `MLflowBoundSQL`): the planned answer
/// — candidates loaded inside the query's bound, checked, filtered — equals the full load's, rows,
/// order and errors, on a store full of awkward values.
@Suite("Pushdown equivalence")
struct PushdownEquivalenceTests {
    /// The hydraflow-sqlite fixture (29 runs with Hydra configs) with awkward params, metrics and
    /// tags added: numeric-looking and non-ASCII text, NULL and blob tags, NaN and ±inf metrics,
    /// keys spelled with the KELVIN SIGN, params named like config keys and metrics, missing keys.
    final class AwkwardStore {
        let copy: TemporaryCopy
        let store: MLflowSQLiteStore

        init(seed: UInt64) throws {
            copy = try TemporaryCopy(of: Fixtures.path("hydraflow-sqlite"))
            let queue = try DatabaseQueue(path: copy.path + "/mlflow.db")
            var random = SplitMix64(seed: seed)
            let texts = ["3", "03", "3.0", "0.001", "1e-3", "nan", "inf", "-Infinity", "abc", "", "K", "\u{212A}",
                         "e\u{301}", "\u{E9}", " 5", "5abc", "cnn", "FINISHED", "0.5"]
            let numbers: [Double] = [0, 0.5, -1, 1e300, .infinity, -.infinity, .nan, 3, 0.001, 1]
            try queue.write { db in
                let runIDs = try String.fetchAll(db, sql: "SELECT run_uuid FROM runs ORDER BY run_uuid")
                for runID in runIDs {
                    for key in ["p", "loss", "cnn"] where random.next() % 5 != 0 {
                        try db.execute(sql: "INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)",
                                       arguments: [key, texts.randomElement(using: &random)!, runID])
                    }
                    if random.next() % 3 == 0 {
                        try db.execute(sql: "INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)",
                                       arguments: [random.next() % 2 == 0 ? "K" : "\u{212A}", texts.randomElement(using: &random)!, runID])
                    }
                    for key in ["m", "seed", random.next() % 2 == 0 ? "K" : "\u{212A}"] where random.next() % 4 != 0 {
                        let number = numbers.randomElement(using: &random)!
                        try db.execute(sql: """
                            INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, 0, 0, ?, ?)
                            """, arguments: [key, number.isNaN ? 0 : number, number.isNaN, runID])
                    }
                    switch random.next() % 5 {
                    case 0: break
                    case 1: try db.execute(sql: "INSERT INTO tags (key, value, run_uuid) VALUES ('t', NULL, ?)", arguments: [runID])
                    case 2: try db.execute(sql: "INSERT INTO tags (key, value, run_uuid) VALUES ('t', ?, ?)", arguments: [Data("3".utf8), runID])
                    default:
                        try db.execute(sql: "INSERT INTO tags (key, value, run_uuid) VALUES ('t', ?, ?)",
                                       arguments: [texts.randomElement(using: &random)!, runID])
                    }
                }
            }
            try queue.close()
            store = try MLflowSQLiteStore(databasePath: copy.path + "/mlflow.db")
        }
    }

    /// The awkward keys weigh three times as much as the others.
    static let fields = Array(repeating: ["params.p", "tags.t", "metrics.m", "params.K", "metrics.K", "params.cnn"], count: 3).flatMap { $0 } + [
        "metrics.loss", "metrics.accuracy", "metrics.m", "metrics.K", "metrics.`val/acc`", "metrics.seed", "metrics.nope",
        "metrics.val__loss", "params.seed", "params.lr", "params.p", "params.K", "params.`batch size`", "params.model.type",
        "params.loss", "params.cnn", "params.nope", "tags.t", "tags.note", "tags.stage", "tags.K", "tags.nope",
        "attributes.status", "info.start_time", "info.lifecycle_stage", "attributes.run_name", "info.end_time", "info.name",
        "config.seed", "seed", "model.type", "loss", "p", "config.optimizer.lr", "status", "m",
    ]
    static let values = [
        "0", "1", "3", "0.001", "0.5", "-1", "1e300", "3.0", "'3'", "'0.001'", "'abc'", "''", "'K'", "'nan'", "'inf'",
        "'FINISHED'", "'cnn'", "'e\u{301}'", "'\u{E9}'", "null", "true", "[1, '3']", "('abc', 'K', 0.5)", "['cnn', 'mlp']",
        "inf", "-1e300", "'1e-3'", "'5abc'", "' 5'", "['', 3]", "('nan', '\u{212A}', '0.5')", "[0, 1e300, -1]",
    ]
    static let operators = ["=", "!=", "<", "<=", ">", ">=", "IN", "NOT IN", "LIKE", "NOT LIKE", "ILIKE", "IS NULL", "IS NOT NULL"]
    static let patterns = ["'3%'", "'%'", "'c_n'", "'%K%'", "'FIN%'"]

    static func comparison(_ random: inout SplitMix64) -> String {
        let field = fields.randomElement(using: &random)!
        let op = operators.randomElement(using: &random)!
        switch op {
        case "IS NULL", "IS NOT NULL": return "\(field) \(op)"
        case "LIKE", "NOT LIKE", "ILIKE": return "\(field) \(op) \(patterns.randomElement(using: &random)!)"
        case "IN", "NOT IN":
            let list = values.filter { $0.hasPrefix("[") || $0.hasPrefix("(") }.randomElement(using: &random)!
            return "\(field) \(op) \(list)"
        default: return "\(field) \(op) \(values.filter { !$0.hasPrefix("[") && !$0.hasPrefix("(") }.randomElement(using: &random)!)"
        }
    }

    static func expression(_ depth: Int, _ random: inout SplitMix64) -> String {
        guard depth > 0, random.next() % 3 != 0 else { return comparison(&random) }
        switch random.next() % 3 {
        case 0: return "not (\(expression(depth - 1, &random)))"
        case 1: return "(\(expression(depth - 1, &random)) and \(expression(depth - 1, &random)))"
        default: return "(\(expression(depth - 1, &random)) or \(expression(depth - 1, &random)))"
        }
    }

    /// The answer as the CLI computes it: run ids in order, or the error.
    /// `full` is the full load of `view` (the same every time: loaded once).
    static func answer(_ store: MLflowSQLiteStore, _ query: Query, view: RunView, full: [Run], allowMissing: Bool,
                       columns: [String], planned: Bool) -> String {
        do {
            let plan = QueryPlan(query)
            var runs = full
            if planned, let bound = plan.bound {
                var options = LoadOptions(view: view)
                options.bound = bound
                options.pushdownThreshold = .infinity
                runs = try store.loadRuns(options).runs
                if !plan.candidatesSuffice(runs, allowMissing: allowMissing, columns: columns) { runs = full }
            }
            let matched = try RunCollection(runs).filter(query, options: QueryOptions.matching(.mlflowSQLite, allowMissing: allowMissing))
            try RunListView.checkColumns(columns, in: runs)
            return matched.map(\.info.runID).joined(separator: ",")
        } catch let error as RunKitError {
            return "error \(error.kind): \(error)"
        } catch {
            return "error \(error)"
        }
    }

    @Test("planned answers equal full-load answers for thousands of random queries")
    func randomQueries() throws {
        let awkward = try AwkwardStore(seed: 17)
        var random = SplitMix64(seed: 2026)
        var compared = 0, pushed = 0
        let full: [RunView: [Run]] = try [.all: awkward.store.loadRuns(LoadOptions(view: .all)).runs,
                                          .activeOnly: awkward.store.loadRuns(LoadOptions(view: .activeOnly)).runs]
        for index in 0..<2_000 {
            let text = Self.expression(3, &random)
            guard let query = try? Query(text) else { continue }
            let view: RunView = index % 3 == 0 ? .all : .activeOnly
            let allowMissing = index % 4 == 0
            let columns = index % 5 == 0 ? [Self.fields.randomElement(using: &random)!] : []
            let planned = Self.answer(awkward.store, query, view: view, full: full[view]!, allowMissing: allowMissing,
                                      columns: columns, planned: true)
            let whole = Self.answer(awkward.store, query, view: view, full: full[view]!, allowMissing: allowMissing,
                                    columns: columns, planned: false)
            #expect(planned == whole, "query: \(text) (view \(view), allowMissing \(allowMissing), columns \(columns))")
            compared += 1
            if QueryPlan(query).bound != nil { pushed += 1 }
        }
        #expect(compared > 1_500)
        #expect(pushed > 300, "\(pushed) of \(compared) queries pushed")
    }
}
