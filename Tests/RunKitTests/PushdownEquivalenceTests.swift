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
    static let queries = PlannedQueries(fields: Array(repeating: ["params.p", "tags.t", "metrics.m", "params.K", "metrics.K", "params.cnn"], count: 3).flatMap { $0 } + [
        "metrics.loss", "metrics.accuracy", "metrics.m", "metrics.K", "metrics.`val/acc`", "metrics.seed", "metrics.nope",
        "metrics.val__loss", "params.seed", "params.lr", "params.p", "params.K", "params.`batch size`", "params.model.type",
        "params.loss", "params.cnn", "params.nope", "tags.t", "tags.note", "tags.stage", "tags.K", "tags.nope",
        "attributes.status", "info.start_time", "info.lifecycle_stage", "attributes.run_name", "info.end_time", "info.name",
        "config.seed", "seed", "model.type", "loss", "p", "config.optimizer.lr", "status", "m",
    ])

    @Test("planned answers equal full-load answers for thousands of random queries")
    func randomQueries() throws {
        let awkward = try AwkwardStore(seed: 17)
        let (compared, pushed) = try Self.queries.compare(awkward.store, count: 2_000, seed: 2026)
        #expect(compared > 1_500)
        #expect(pushed > 300, "\(pushed) of \(compared) queries pushed")
    }
}
