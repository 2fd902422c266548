import GRDB
import RunKitModel

extension MLflowSQLiteStore: RunStamping {
    /// Tables MLflow only appends to (a metric step, a param) or mostly appends to (tags): rows
    /// added since the last stamps are found by rowid, without reading the rest.
    static let appendedTables = ["metrics", "params", "tags"]
    /// The columns of `runs` MLflow updates in place (status, end time, lifecycle stage, name…).
    static let updatedColumns = ["status", "end_time", "lifecycle_stage", "name", "deleted_time", "experiment_id", "start_time"]

    /// In one read transaction:
    /// - `runs`: the sum of a hash of each run's columns MLflow updates in place (status, end
    ///   time, lifecycle stage, name…; `StampSum`, inside SQLite) over the rows up to the last
    ///   largest rowid, and over those past it. When the first sum has not moved, no run was
    ///   updated or removed: the last stamps are kept and only the new rows (past the rowid mark)
    ///   are read and hashed. Otherwise every run's row is read and hashed.
    /// - `metrics`, `params`, `tags`: the runs with rows whose rowid is past the last marks
    ///   (MLflow inserts a row per metric step and updates `latest_metrics` with it; params are
    ///   never updated; a new tag is a new row) are `touched`.
    /// - A tag updated or removed in place (rare: `set_tag` again, `delete_tag`) moves the exact
    ///   sum (`StampSum` of key, value, run) of the tags rows up to the last mark: every run is
    ///   read again.
    /// - The `experiments` table's hash is the store's.
    /// Run keys are run ids.
    package func runStamps(after previous: RunStamps?) throws -> RunStamps {
        try read { db in
            try db.add(function: StampSum.function)
            defer { db.remove(function: StampSum.function) }
            let columns = try Set(db.columns(in: "runs").map(\.name))
            let updated = Self.updatedColumns.filter(columns.contains).joined(separator: ", ")
            var stamps = RunStamps(runs: [:], store: 0)
            let lastRun = try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM runs") ?? 0
            stamps.marks["runs"] = lastRun
            let sumSQL = "SELECT runkit_stamp_sum(run_uuid, \(updated)) FROM runs"
            if let previous, let mark = previous.marks["runs"], let sum = previous.marks["runs.sum"],
               try Self.sum(db, sumSQL + " WHERE rowid <= ?", mark) == sum {
                // No run updated or removed: the last stamps, and the rows added since.
                stamps.runs = previous.runs
                stamps.checked = []
                try Self.hashRuns(db, "SELECT run_uuid, \(updated) FROM runs WHERE rowid > \(mark)") { key, hash in
                    stamps.runs[key] = hash
                    stamps.checked?.insert(key)
                }
                stamps.marks["runs.sum"] = sum &+ (try Self.sum(db, sumSQL + " WHERE rowid > ?", mark))
            } else {
                stamps.runs.reserveCapacity(previous?.runs.count ?? 0)
                try Self.hashRuns(db, "SELECT run_uuid, \(updated) FROM runs") { key, hash in stamps.runs[key] = hash }
                stamps.marks["runs.sum"] = try Self.sum(db, sumSQL, nil)
            }
            var store = Hasher()
            for row in try Row.fetchAll(db, sql: "SELECT * FROM experiments ORDER BY experiment_id") {
                for value in row.databaseValues { store.combine(value) }
            }
            stamps.store = store.finalize()
            for table in Self.appendedTables where try db.tableExists(table) {
                let mark = try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM \(table)") ?? 0
                stamps.marks[table] = mark
                let last = previous?.marks[table]
                if let last, last < mark {
                    stamps.touched.formUnion(try String.fetchAll(db, sql: "SELECT DISTINCT run_uuid FROM \(table) WHERE rowid > ?", arguments: [last]))
                }
                guard table == "tags" else { continue }
                let tagSQL = "SELECT runkit_stamp_sum(key, value, run_uuid) FROM tags"
                if let last, let sum = previous?.marks["tags.sum"] {
                    let older = try Self.sum(db, tagSQL + " WHERE rowid <= ?", last)
                    if older != sum { stamps.rereadAll = true }
                    stamps.marks["tags.sum"] = older &+ (try Self.sum(db, tagSQL + " WHERE rowid > ?", last))
                } else {
                    stamps.marks["tags.sum"] = try Self.sum(db, tagSQL, nil)
                }
            }
            return stamps
        }
    }

    /// The one value of `sql` (a `runkit_stamp_sum`), bound to `mark` when given.
    private static func sum(_ db: Database, _ sql: String, _ mark: Int64?) throws -> Int64 {
        try Int64.fetchOne(db, sql: sql, arguments: mark.map { [$0] } ?? []) ?? 0
    }

    /// Calls `found` with each run id of `sql`'s rows and a hash of the row's other columns.
    private static func hashRuns(_ db: Database, _ sql: String, _ found: (String, Int) -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            var hasher = Hasher()
            for value in row.databaseValues.dropFirst() { hasher.combine(value) }
            found(text(row[0] as DatabaseValue), hasher.finalize())
        }
    }

    /// The `stat` of each RUNNING run's `artifacts/.hydra/config.yaml`: HydraFlow writes the
    /// config into the run's artifacts, outside the database, so one written after the run's last
    /// database change moves no row. A finished run's config is not looked at (HydraFlow writes
    /// it while the run runs; finishing the run moves its row).
    package func outsideStamps(of runs: [Run]) -> [String: Int] {
        var stamps: [String: Int] = [:]
        for run in runs where run.info.status == .running {
            guard let folder = run.info.artifactsDirectory else { continue }
            var hasher = Hasher()
            hasher.combine(FileSignature.of(folder + "/" + HydraConfigFile.relativePath))
            stamps[run.info.runID] = hasher.finalize()
        }
        return stamps
    }

    package func stampKey(of run: Run) -> String { run.info.runID }

    package func precedes(_ lhs: Run, _ rhs: Run, in stamps: RunStamps) -> Bool { MLflowFileStore.naturalOrder(lhs, rhs) }
}
