import GRDB
import RunKitModel

extension MLflowSQLiteStore: RunStamping {
    /// Tables MLflow only appends to (a metric step, a param): rows added since the last stamps
    /// are found by rowid, without reading the rest.
    static let appendedTables = ["metrics", "params"]

    /// In one read transaction: a hash of each run's `runs` row and of its `tags` rows (MLflow
    /// updates both in place: a status, an end time, a lifecycle stage, a tag set again), the runs
    /// with `metrics` or `params` rows whose rowid is past `previous`'s marks (MLflow inserts a
    /// row per metric step; `latest_metrics` is updated with that insert), and a hash of the
    /// `experiments` table for the store. Run keys are run ids.
    package func runStamps(after previous: RunStamps?) throws -> RunStamps {
        try read { db in
            var hashes: [String: Hasher] = [:]
            let runs = try Row.fetchCursor(db, sql: "SELECT * FROM runs")
            while let row = try runs.next() {
                var hasher = Hasher()
                for value in row.databaseValues { hasher.combine(value) }
                hashes[Self.text(row["run_uuid"] as DatabaseValue)] = hasher
            }
            if try db.tableExists("tags") {
                let tags = try Row.fetchCursor(db, sql: "SELECT run_uuid, key, value FROM tags")
                while let row = try tags.next() {
                    let id = Self.text(row[0] as DatabaseValue)
                    guard hashes[id] != nil else { continue }
                    hashes[id]!.combine(row[1] as String? ?? "")
                    hashes[id]!.combine(row[2] as String?)
                }
            }
            var store = Hasher()
            for row in try Row.fetchAll(db, sql: "SELECT * FROM experiments ORDER BY experiment_id") {
                for value in row.databaseValues { store.combine(value) }
            }
            var touched: Set<String> = []
            var marks: [String: Int64] = [:]
            for table in Self.appendedTables where try db.tableExists(table) {
                let mark = try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM \(table)") ?? 0
                marks[table] = mark
                if let last = previous?.marks[table], last < mark {
                    touched.formUnion(try String.fetchAll(db, sql: "SELECT DISTINCT run_uuid FROM \(table) WHERE rowid > ?", arguments: [last]))
                }
            }
            return RunStamps(runs: hashes.mapValues { $0.finalize() }, store: store.finalize(), touched: touched, marks: marks)
        }
    }

    package func stampKey(of run: Run) -> String { run.info.runID }

    package func precedes(_ lhs: Run, _ rhs: Run) -> Bool { MLflowFileStore.naturalOrder(lhs, rhs) }
}
