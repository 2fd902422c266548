import GRDB
import RunKitModel

extension MLflowSQLiteStore: RunStamping {
    /// Tables MLflow only appends to (a metric step, a param) or mostly appends to (tags): rows
    /// added since the last stamps are found by rowid, without reading the rest.
    static let appendedTables = ["metrics", "params", "tags"]
    /// The columns of `runs` MLflow updates in place (status, end time, lifecycle stage, name…).
    static let updatedColumns = ["status", "end_time", "lifecycle_stage", "name", "deleted_time", "experiment_id", "start_time"]

    /// In one read transaction: a hash of each run's columns MLflow updates in place (`runs`:
    /// status, end time, lifecycle stage, name…), the runs with `metrics`, `params` or `tags` rows
    /// whose rowid is past `previous`'s marks (MLflow inserts a row per metric step and updates
    /// `latest_metrics` with it; params are never updated; a new tag is a new row), and a hash of
    /// the `experiments` table for the store. A tag updated or removed in place (rare: `set_tag`
    /// again, `delete_tag`) is seen by a sum over the tags rows older than the last mark (count,
    /// lengths, first characters) moving, and reads every run again. Run keys are run ids.
    package func runStamps(after previous: RunStamps?) throws -> RunStamps {
        try read { db in
            let columns = try Set(db.columns(in: "runs").map(\.name))
            let updated = Self.updatedColumns.filter(columns.contains).joined(separator: ", ")
            var runs: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT run_uuid, \(updated) FROM runs")
            while let row = try rows.next() {
                var hasher = Hasher()
                for value in row.databaseValues.dropFirst() { hasher.combine(value) }
                runs[Self.text(row[0] as DatabaseValue)] = hasher.finalize()
            }
            var store = Hasher()
            for row in try Row.fetchAll(db, sql: "SELECT * FROM experiments ORDER BY experiment_id") {
                for value in row.databaseValues { store.combine(value) }
            }
            var touched: Set<String> = []
            var marks: [String: Int64] = [:]
            var rereadAll = false
            for table in Self.appendedTables where try db.tableExists(table) {
                let mark = try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM \(table)") ?? 0
                marks[table] = mark
                if let last = previous?.marks[table], last < mark {
                    touched.formUnion(try String.fetchAll(db, sql: "SELECT DISTINCT run_uuid FROM \(table) WHERE rowid > ?", arguments: [last]))
                }
                guard table == "tags" else { continue }
                let sums = "SELECT count(*), total(length(key)), total(length(value)), total(unicode(value)), total(unicode(key)) FROM tags"
                marks["tags.sum"] = try Self.sum(db, sums)
                if let last = previous?.marks[table], let sum = previous?.marks["tags.sum"],
                   try Self.sum(db, sums + " WHERE rowid <= \(last)") != sum {
                    rereadAll = true
                }
            }
            return RunStamps(runs: runs, store: store.finalize(), touched: touched, marks: marks, rereadAll: rereadAll)
        }
    }

    /// A hash of the one row `sql` gives.
    private static func sum(_ db: Database, _ sql: String) throws -> Int64 {
        var hasher = Hasher()
        if let row = try Row.fetchOne(db, sql: sql) { for value in row.databaseValues { hasher.combine(value) } }
        return Int64(hasher.finalize())
    }

    package func stampKey(of run: Run) -> String { run.info.runID }

    package func precedes(_ lhs: Run, _ rhs: Run, in stamps: RunStamps) -> Bool { MLflowFileStore.naturalOrder(lhs, rhs) }
}
