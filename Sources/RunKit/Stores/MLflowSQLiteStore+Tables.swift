import Foundation
import GRDB
import OrderedCollections

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

/// The bulk-read tables of an MLflow database, keyed by run id.
struct MLflowTables: Sendable {
    var runs: [MLflowRunRow] = []
    var params: [String: [String: String]] = [:]
    var metrics: [String: [String: Double]] = [:]
    var tags: [String: [String: String]] = [:]
}

extension MLflowSQLiteStore {
    /// Reads runs, params, latest metrics and tags of the selected experiments with four queries.
    func fetchTables(_ db: Database, experimentIDs: [String], options: LoadOptions) throws -> MLflowTables {
        var tables = MLflowTables()
        let idList = experimentIDs.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",")
        let runFilter = "experiment_id IN (\(idList))"
        let runColumns = try db.columns(in: "runs").map(\.name)
        let rowCursor = try Row.fetchCursor(db, sql: "SELECT * FROM runs WHERE \(runFilter) ORDER BY start_time DESC, run_uuid ASC")
        while let row = try rowCursor.next() {
            var raw = OrderedDictionary<String, ConfigValue>()
            for (index, column) in runColumns.enumerated() { raw[column] = Self.configValue(row[index]) }
            let runID = raw["run_uuid"]?.stringValue ?? ""
            tables.runs.append(MLflowRunRow(
                runID: runID,
                name: raw["name"]?.stringValue ?? "",
                experimentID: Self.idText(raw["experiment_id"]),
                status: raw["status"]?.stringValue.flatMap(RunStatus.init(rawValue:)) ?? .running,
                lifecycleStage: raw["lifecycle_stage"]?.stringValue ?? "active",
                startTime: raw["start_time"]?.intValue.map(Int64.init),
                endTime: raw["end_time"]?.intValue.map(Int64.init),
                userID: raw["user_id"]?.stringValue,
                artifactURI: raw["artifact_uri"]?.stringValue,
                raw: raw))
        }
        let selectedRuns = "run_uuid IN (SELECT run_uuid FROM runs WHERE \(runFilter))"

        if try db.tableExists("params") {
            let cursor = try Row.fetchCursor(db, sql: "SELECT run_uuid, key, value FROM params WHERE \(selectedRuns)")
            while let row = try cursor.next() {
                tables.params[row[0], default: [:]][row[1]] = Self.text(row[2])
            }
        }
        if try db.tableExists("tags") {
            let cursor = try Row.fetchCursor(db, sql: "SELECT run_uuid, key, value FROM tags WHERE \(selectedRuns)")
            while let row = try cursor.next() {
                tables.tags[row[0], default: [:]][row[1]] = Self.text(row[2])
            }
        }
        if try db.tableExists("latest_metrics") {
            let cursor = try Row.fetchCursor(db, sql: "SELECT run_uuid, key, value, is_nan FROM latest_metrics WHERE \(selectedRuns)")
            while let row = try cursor.next() {
                let isNaN: Bool = row[3] ?? false
                tables.metrics[row[0], default: [:]][row[1]] = isNaN ? .nan : (row[2] ?? .nan)
            }
        } else if try db.tableExists("metrics") {
            // Older MLflow: no latest_metrics table; take the largest (step, timestamp, value) per key.
            let hasNaN = try db.columns(in: "metrics").contains { $0.name == "is_nan" }
            let hasStep = try db.columns(in: "metrics").contains { $0.name == "step" }
            let sql = "SELECT run_uuid, key, value, timestamp, \(hasStep ? "step" : "0"), \(hasNaN ? "is_nan" : "0") FROM metrics WHERE \(selectedRuns)"
            var latest: [String: [String: MetricPoint]] = [:]
            let cursor = try Row.fetchCursor(db, sql: sql)
            while let row = try cursor.next() {
                let isNaN: Bool = row[5] ?? false
                let point = MetricPoint(step: row[4] ?? 0, timestamp: row[3], value: isNaN ? .nan : (row[2] ?? .nan))
                let runID: String = row[0], key: String = row[1]
                if let current = latest[runID]?[key], !MetricPoint.isLater(point, than: current) { continue }
                latest[runID, default: [:]][key] = point
            }
            tables.metrics = latest.mapValues { $0.mapValues(\.value) }
        }
        return tables
    }

    /// One run's metric histories, as `get_metric_history` orders them: by (timestamp, step, value),
    /// exact duplicate points dropped.
    static func history(of runID: String, in database: DatabaseQueue) throws -> OrderedDictionary<String, [MetricPoint]> {
        try database.read { db in
            guard try db.tableExists("metrics") else { return [:] }
            let columns = Set(try db.columns(in: "metrics").map(\.name))
            let step = columns.contains("step") ? "step" : "0"
            let isNaN = columns.contains("is_nan") ? "is_nan" : "0"
            let sql = """
                SELECT DISTINCT key, \(step) AS step_, timestamp, value, \(isNaN) AS is_nan_ FROM metrics WHERE run_uuid = ?
                ORDER BY key, timestamp, step_, value
                """
            var result = OrderedDictionary<String, [MetricPoint]>()
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: [runID])
            while let row = try cursor.next() {
                let nan: Bool = row[4] ?? false
                let point = MetricPoint(step: row[1] ?? 0, timestamp: row[2], value: nan ? .nan : (row[3] ?? .nan))
                result[row[0], default: []].append(point)
            }
            return result
        }
    }

    /// Where a run's artifacts really are: the recorded `artifact_uri` when it exists, else its
    /// part after the last `mlruns/` re-rooted beside the database, else `<root>/mlruns/<exp>/<run>/artifacts`.
    func resolveArtifacts(uri: String?, experimentID: String, runID: String) -> String? {
        let fileManager = FileManager.default
        var candidates: [String] = []
        if let uri {
            var local: String? = uri
            if uri.hasPrefix("file://") { local = URL(string: uri)?.path ?? String(uri.dropFirst(7)) }
            else if uri.contains("://") || uri.hasPrefix("mlflow-artifacts:") { local = nil }
            if let local {
                let recorded = local.hasPrefix("/") ? local : rootDirectory + "/" + local
                if fileManager.fileExists(atPath: recorded) { return recorded }
                if let range = local.range(of: "mlruns/", options: .backwards) {
                    candidates.append(rootDirectory + "/mlruns/" + local[range.upperBound...])
                }
            }
        }
        let fallback = rootDirectory + "/mlruns/\(experimentID)/\(runID)/artifacts"
        candidates.append(fallback)
        return candidates.first { fileManager.fileExists(atPath: $0) }
    }
}
