import Foundation
import GRDB
import OrderedCollections
import RunKitModel
import RunKitSupport

/// One row of MLflow's `runs` table.
struct MLflowRunRow: Sendable {
    var runID: String
    var name: String
    var experimentID: String
    var status: RunStatus
    var lifecycleStage: String
    var startTime: Int64?
    var endTime: Int64?
    var userID: String?
    var artifactURI: String?
    var raw: OrderedDictionary<String, ConfigValue>
}

/// The bulk-read tables of an MLflow database.
struct MLflowTables: Sendable {
    /// The params, latest metrics and tags by key, a row per entry of `runs`: the runs' one copy.
    var columns = RunFieldColumns(params: [:], metrics: [:], tags: [:])
}

extension MLflowSQLiteStore {
    /// The SQL condition on `runs` that selects the experiments' runs where `narrowing` holds (when
    /// given), with `inNoExperiment` the runs whose `experiment_id` is NULL or names no experiment
    /// (all of them: they are only counted), and of those only the runs of `runIDs`, when given.
    static func runFilter(experimentIDs: [String], runIDs: Set<String>? = nil, narrowing: String? = nil,
                          inNoExperiment: Bool = false) -> String {
        var experiments = "experiment_id IN " + MLflowBoundSQL.list(experimentIDs)
        if let narrowing { experiments += " AND " + narrowing }
        if inNoExperiment { experiments = "((\(experiments)) OR \(noExperiment))" }
        return restricted(experiments, to: runIDs)
    }

    /// The SQL condition on `runs` that selects the runs whose `experiment_id` is NULL or names no experiment.
    static let noExperiment = "experiment_id IS NULL OR experiment_id NOT IN (SELECT experiment_id FROM experiments)"

    /// `filter`, and only the runs of `runIDs` when given.
    static func restricted(_ filter: String, to runIDs: Set<String>?) -> String {
        guard let runIDs else { return filter }
        return filter + " AND run_uuid IN " + MLflowBoundSQL.list(runIDs.sorted())
    }

    /// The tables of `runs` (the `runs` rows matching `filter`): their params, latest metrics and
    /// tags, only the keys of `projection` (`RunProjection`; a table none of whose keys is asked
    /// is not read).
    ///
    /// The rows are read with SQLite's C API (`SQLiteRows`). When the runs are most of the
    /// database's, params, tags and metrics are read with plain table scans (several times
    /// faster than looking each run up in the `run_uuid` indexes) and rows of other runs dropped.
    /// With `listingIDs` (a load narrowed by a query, whose `filter` costs subqueries) the runs are
    /// named by their ids instead of by `filter`. A projected table is scanned for its keys when
    /// the runs are more than a tenth of the database's per key asked, else its runs' rows are
    /// looked up by the `(key, run_uuid)` primary key (at 100,000 runs a scan with `key IN` takes
    /// ~0.08 s, the primary key's search of every run's row ~0.25 s, of 5,000 runs ~0.04 s).
    /// `allRuns` is the database's count of runs (`SELECT count(*) FROM runs`).
    func fetchRunValues(_ db: Database, runs: [MLflowRunRow], filter: String, listingIDs: Bool = false,
                        projection: RunProjection = .everything, allRuns: Int) throws -> MLflowTables {
        var tables = MLflowTables()
        // An id that is no text reads as "": then only the filter names the runs.
        let listed = listingIDs && !runs.contains { $0.runID.isEmpty }
        let selection = listed ? MLflowBoundSQL.list(runs.map(\.runID)) : "(SELECT run_uuid FROM runs WHERE \(filter))"
        let keyed = RunKeyedRows(runIDs: runs.map(\.runID))
        /// The statement reading `columns` of `table` for the runs and keys asked; nil when no key is.
        func select(_ columns: String, from table: String, keys: Set<String>?) throws -> String? {
            // A key whose spellings cannot be listed (non-ASCII) is read with every other key.
            guard let keys, let spellings = Self.spellings(of: keys) else {
                return "SELECT \(columns) FROM \(table)" + (runs.count * 4 >= allRuns ? "" : " WHERE run_uuid IN " + selection)
            }
            // Only the keys the table holds (one primary-key probe each): a bare key asked of
            // every table (`status`) must not make a lookup of a few runs a scan of the table.
            let present = try spellings.filter { try Self.tableHasKey(db, table: table, key: $0) }
            guard !present.isEmpty else { return nil }
            let keyTest = "key IN " + MLflowBoundSQL.list(present)
            if runs.count * present.count * 10 >= allRuns { return "SELECT \(columns) FROM \(table) NOT INDEXED WHERE \(keyTest)" }
            return "SELECT \(columns) FROM \(table) WHERE \(keyTest) AND run_uuid IN \(selection)"
        }

        var paramColumns: [String: [String?]] = [:], tagColumns: [String: [String?]] = [:], metricColumns: [String: [Double?]] = [:]
        if try db.tableExists("params"), let sql = try select("run_uuid, key, value", from: "params", keys: projection.params) {
            paramColumns = try keyed.collect(db, sql: sql) { rows in rows.text(2) }
        }
        if try db.tableExists("tags"), let sql = try select("run_uuid, key, value", from: "tags", keys: projection.tags) {
            tagColumns = try keyed.collect(db, sql: sql) { rows in rows.text(2) }
        }
        if try db.tableExists("latest_metrics") {
            if let sql = try select("run_uuid, key, value, is_nan", from: "latest_metrics", keys: projection.metrics) {
                metricColumns = try keyed.collect(db, sql: sql) { rows in
                    rows.bool(3) == true ? .nan : (rows.double(2) ?? .nan)
                }
            }
        } else if try db.tableExists("metrics") {
            // Older MLflow: no latest_metrics table; take the largest (step, timestamp, value) per key.
            let hasNaN = try db.columns(in: "metrics").contains { $0.name == "is_nan" }
            let hasStep = try db.columns(in: "metrics").contains { $0.name == "step" }
            let columns = "run_uuid, key, value, timestamp, \(hasStep ? "step" : "0"), \(hasNaN ? "is_nan" : "0")"
            var latest: [String: [String: MetricPoint]] = [:]
            if let sql = try select(columns, from: "metrics", keys: projection.metrics) {
                let cursor = try Row.fetchCursor(db, sql: sql)
                while let row = try cursor.next() {
                    let isNaN: Bool = row[5] ?? false
                    let point = MetricPoint(step: row[4] ?? 0, timestamp: row[3], value: isNaN ? .nan : (row[2] ?? .nan))
                    let runID: String = row[0], key: String = row[1]
                    if let current = latest[runID]?[key], !MetricPoint.isLater(point, than: current) { continue }
                    latest[runID, default: [:]][key] = point
                }
            }
            metricColumns = keyed.columns(latest.mapValues { $0.mapValues(\.value) })
        }
        tables.columns = RunFieldColumns(params: paramColumns, metrics: metricColumns, tags: tagColumns)
        return tables
    }

    /// Whether `table` has a row of `key`: one probe of its `(key, run_uuid)` primary key.
    private static func tableHasKey(_ db: Database, table: String, key: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE key = ? LIMIT 1", arguments: [key]) ?? false
    }

    /// Every byte spelling of `keys` (`StoredTest.spellings(of:)`), nil when one's cannot be listed.
    private static func spellings(of keys: Set<String>) -> [String]? {
        var spellings: [String] = []
        for key in keys.sorted() {
            guard let listed = StoredTest.spellings(of: key) else { return nil }
            spellings += listed
        }
        return spellings
    }

    /// The `runs` rows matching `filter`, in MLflow's order (newest first, then by id); without
    /// `keepingRecord`, each row's `raw` record is left empty (only its own fields are read).
    func fetchRunRows(_ db: Database, filter: String, keepingRecord: Bool = true) throws -> [MLflowRunRow] {
        let rows = try SQLiteRows(db, sql: "SELECT * FROM runs WHERE \(filter) ORDER BY start_time DESC, run_uuid ASC")
        // Every row's record shares this one list of column names: only its values are its own.
        let columns = ContiguousArray(try db.columns(in: "runs").map(\.name))
        let positions = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [MLflowRunRow] = []
        while try rows.next() {
            let raw = keepingRecord ? OrderedDictionary(uncheckedUniqueKeys: columns, values: ContiguousArray(columns.indices.map(rows.value))) : [:]
            func value(_ column: String) -> ConfigValue? { keepingRecord ? raw[column] : positions[column].map(rows.value) }
            result.append(MLflowRunRow(
                runID: value("run_uuid")?.stringValue ?? "",
                name: value("name")?.stringValue ?? "",
                experimentID: Self.idText(value("experiment_id")),
                status: value("status")?.stringValue.flatMap(RunStatus.init(rawValue:)) ?? .running,
                lifecycleStage: value("lifecycle_stage")?.stringValue ?? "active",
                startTime: value("start_time")?.intValue.map(Int64.init),
                endTime: value("end_time")?.intValue.map(Int64.init),
                userID: value("user_id")?.stringValue,
                artifactURI: value("artifact_uri")?.stringValue,
                raw: raw))
        }
        return result
    }

    /// One run's metric histories, as `get_metric_history` orders them: by (timestamp, step, value),
    /// exact duplicate points dropped (then NaN flag, so that the order is always the same).
    static func history(of runID: String, _ db: Database) throws -> OrderedDictionary<String, [MetricPoint]> {
        guard let columns = try historyColumns(db) else { return [:] }
        let sql = """
            SELECT DISTINCT key, \(columns.step) AS step_, timestamp, value, \(columns.isNaN) AS is_nan_ FROM metrics WHERE run_uuid = ?
            ORDER BY key, timestamp, step_, value, is_nan_
            """
        var result = OrderedDictionary<String, [MetricPoint]>()
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: [runID])
        while let row = try cursor.next() {
            result[row[0], default: []].append(point(row, from: 1))
        }
        return result
    }

    /// Where a run's artifacts really are: the recorded `artifact_uri` when it exists, else its
    /// part after the last `mlruns/` re-rooted beside the database, else `<root>/mlruns/<exp>/<run>/artifacts`.
    func resolveArtifacts(uri: String?, experimentID: String, runID: String) -> String? {
        func exists(_ path: String) -> Bool { PosixFileSystem.fileKind(path) != .missing }
        var candidates: [String] = []
        if let uri {
            var local: String? = uri
            if uri.hasPrefix("file://") { local = URL(string: uri)?.path ?? String(uri.dropFirst(7)) }
            else if Self.hasSchemeSeparator(uri) || uri.hasPrefix("mlflow-artifacts:") { local = nil }
            if let local {
                let recorded = local.hasPrefix("/") ? local : rootDirectory + "/" + local
                if exists(recorded) { return recorded }
                if let range = local.range(of: "mlruns/", options: .backwards) {
                    candidates.append(rootDirectory + "/mlruns/" + local[range.upperBound...])
                }
            }
        }
        let fallback = rootDirectory + "/mlruns/\(experimentID)/\(runID)/artifacts"
        candidates.append(fallback)
        return candidates.first(where: exists)
    }

    /// Whether `uri` contains `://` (a remote artifact URI such as `s3://…`), with a plain byte
    /// loop: the generic `contains`/`firstRange(of:)` cost more than the rest of this function.
    static func hasSchemeSeparator(_ uri: String) -> Bool {
        let pattern: [UInt8] = Array("://".utf8)
        var matched = 0
        for byte in uri.utf8 {
            matched = byte == pattern[matched] ? matched + 1 : (byte == pattern[0] ? 1 : 0)
            if matched == pattern.count { return true }
        }
        return false
    }
}
