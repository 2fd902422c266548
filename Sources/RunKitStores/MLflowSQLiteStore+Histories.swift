import GRDB
import OrderedCollections
import RunKitModel

/// The metric histories a load reads with its runs: those of the metrics a question names
/// (`RunProjection.histories`: `min(history.loss)`, `history.loss`), for every loaded run, in one
/// query of the load's read transaction, instead of one query per run reading every metric
/// when a run's history is first asked for.
struct MLflowHistories: Sendable {
    /// The metrics read (as asked; a run's history is looked up by Swift's string equality).
    var keys: Set<String> = []
    /// Each run's histories of those metrics, by run id; a run that logged none has no entry.
    var byRun: [String: OrderedDictionary<String, [MetricPoint]>] = [:]

    /// The reader a run answers `history(_:)` with for `keys` (`MetricHistoryReader`).
    func reader(of runID: String) -> MetricHistoryReader? {
        guard !keys.isEmpty else { return nil }
        let histories = byRun[runID] ?? [:]
        return MetricHistoryReader(answering: keys) { key in histories[key] }
    }
}

extension MLflowSQLiteStore {
    /// The histories of the metrics `keys` of `runs`, exactly as `history(of:_:)` reads each run's:
    /// the same points (exact duplicates dropped), in its order (key, timestamp, step, value),
    /// with MLflow's NaN (`is_nan`, value 0) read as NaN. A key whose byte spellings cannot be
    /// listed (`StoredTest.spellings(of:)`: not ASCII) is left out: a run reads it with its whole
    /// history. The rows are found by the metrics table's `(key, …)` primary key, in its order (no
    /// sort), when the runs are more than a tenth of the database's per key asked; else by run id.
    static func histories(of keys: Set<String>, runs: [MLflowRunRow], allRuns: Int, _ db: Database) throws -> MLflowHistories {
        var spellings: [String] = [], answered: Set<String> = []
        for key in keys.sorted() {
            guard let listed = StoredTest.spellings(of: key) else { continue }
            spellings += listed
            answered.insert(key)
        }
        var result = MLflowHistories(keys: answered)
        guard !spellings.isEmpty, !runs.isEmpty, let columns = try historyColumns(db) else { return result }
        let wanted = Set(runs.map(\.runID))
        let byID = runs.count * spellings.count * 10 < allRuns && !wanted.contains("")
        let sql = """
            SELECT DISTINCT run_uuid, key, \(columns.step) AS step_, timestamp, value, \(columns.isNaN) AS is_nan_ FROM metrics
            WHERE key IN \(MLflowBoundSQL.list(spellings))\(byID ? " AND run_uuid IN " + MLflowBoundSQL.list(wanted.sorted()) : "")
            ORDER BY key, timestamp, step_, run_uuid, value, is_nan_
            """
        let cursor = try Row.fetchCursor(db, sql: sql)
        while let row = try cursor.next() {
            let runID: String = row[0] ?? ""
            guard wanted.contains(runID) else { continue }
            result.byRun[runID, default: [:]][row[1] ?? "", default: []].append(point(row, from: 2))
        }
        return result
    }

    /// The `metrics` table's step and NaN columns as SQL expressions (`0` where an older schema
    /// lacks one); nil when the database has no `metrics` table.
    static func historyColumns(_ db: Database) throws -> (step: String, isNaN: String)? {
        guard try db.tableExists("metrics") else { return nil }
        let columns = Set(try db.columns(in: "metrics").map(\.name))
        return (columns.contains("step") ? "step" : "0", columns.contains("is_nan") ? "is_nan" : "0")
    }

    /// The point of a history row whose step, timestamp, value and NaN flag are its columns from
    /// `first` on (MLflow keeps a NaN as value 0 with `is_nan` set).
    static func point(_ row: Row, from first: Int) -> MetricPoint {
        let nan: Bool = row[first + 3] ?? false
        return MetricPoint(step: row[first] ?? 0, timestamp: row[first + 1], value: nan ? .nan : (row[first + 2] ?? .nan))
    }
}
