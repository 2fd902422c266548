import Foundation
import GRDB
import OrderedCollections
import RunKitModel
import RunKitSupport

/// Reads an MLflow tracking database (`mlflow.db`, MLflow's default since 3.7) read-only,
/// with a handful of bulk queries; Hydra configs come from each run's artifacts folder
/// (`artifacts/.hydra/config.yaml`, the HydraFlow layout), read in parallel.
///
/// ```swift
/// let store = try MLflowSQLiteStore(databasePath: "project/mlflow.db")
/// let result = try store.loadRuns(LoadOptions(experiments: .name("train")))
/// ```
public struct MLflowSQLiteStore: RunStoreReader {
    public var kind: StoreKind { .mlflowSQLite }
    /// The database file.
    public let path: String
    /// The folder holding the database: artifacts with stale absolute paths are re-rooted here.
    public let rootDirectory: String
    private let database: DatabaseQueue

    /// Opens the database read-only. Throws `storeNotFound` or `malformedFile` with the path.
    public init(databasePath: String) throws {
        let absolute = URL(fileURLWithPath: databasePath).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: absolute) else {
            throw RunKitError(.storeNotFound, "\(databasePath) does not exist.", path: databasePath)
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "runkit.mlflow-sqlite"
        do {
            database = try DatabaseQueue(path: absolute, configuration: configuration)
            _ = try database.read { db in try db.tableExists("runs") }
        } catch {
            throw RunKitError(.malformedFile, "\(databasePath) is not a readable SQLite database: \(Self.describe(error)).", path: databasePath)
        }
        path = absolute
        rootDirectory = URL(fileURLWithPath: absolute).deletingLastPathComponent().path
        try database.read { db in
            for table in ["experiments", "runs"] where try !db.tableExists(table) {
                throw RunKitError(.malformedFile, "\(databasePath) is not an MLflow database: it has no '\(table)' table.", path: databasePath)
            }
        }
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    public func experiments() throws -> [Experiment] {
        try read { db in
            let columns = try Set(db.columns(in: "experiments").map(\.name))
            var tagsByExperiment: [String: [String: String]] = [:]
            if try db.tableExists("experiment_tags") {
                for row in try Row.fetchAll(db, sql: "SELECT experiment_id, key, value FROM experiment_tags") {
                    tagsByExperiment[Self.text(row[0]), default: [:]][row[1] ?? ""] = row[2] ?? ""
                }
            }
            let creation = columns.contains("creation_time") ? "creation_time" : "NULL"
            let update = columns.contains("last_update_time") ? "last_update_time" : "NULL"
            let sql = """
                SELECT experiment_id, name, lifecycle_stage, artifact_location, \(creation), \(update)
                FROM experiments ORDER BY experiment_id
                """
            return try Row.fetchAll(db, sql: sql).map { row in
                let id = Self.text(row[0])
                return Experiment(id: id, name: row[1] ?? "", lifecycleStage: row[2] ?? "active",
                                  artifactLocation: row[3], creationTime: row[4], lastUpdateTime: row[5],
                                  tags: tagsByExperiment[id] ?? [:])
            }
        }
    }

    public func loadRuns(_ options: LoadOptions) throws -> LoadResult {
        try loadRuns(options, readConfig: HydraConfigFile.read(artifactsDirectory:))
    }

    /// `loadRuns(_:)` with the way a run's config is read from its artifacts folder (the index
    /// passes one that reuses the configs it holds).
    func loadRuns(_ options: LoadOptions,
                  readConfig: @escaping @Sendable (_ artifactsDirectory: String) -> (config: ConfigValue, warning: LoadWarning?)) throws -> LoadResult {
        let experiments = try experiments()
        let selected = experiments.filter { options.experiments.matches($0.name) }
        let byID = Dictionary(selected.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if selected.isEmpty { return LoadResult(runs: []) }

        let runFilter = Self.runFilter(experimentIDs: selected.map(\.id))
        let allRows = try read { db in try fetchRunRows(db, filter: runFilter) }
        // Params, tags and metrics are read on another thread while this one reads the configs.
        let store = self
        let tables = BackgroundValue { try store.read { db in try store.fetchRunValues(db, runs: allRows, filter: runFilter) } }
        // Each selected row with its place in `allRows` (its row in the by-field layout).
        var selectedRows = allRows.indices.filter { index in
            let row = allRows[index]
            guard let experiment = byID[row.experimentID] else { return false }
            let stage = experiment.lifecycleStage == "deleted" ? "deleted" : row.lifecycleStage
            return options.view.includes(lifecycleStage: stage)
        }
        if let ids = options.runIDs { selectedRows = selectedRows.filter { ids.contains(allRows[$0].runID) } }
        let places = selectedRows
        let rows = places.map { allRows[$0] }

        // Configs are files: read them in parallel, each once.
        let files = ParallelSlots.map(rows.count) { index -> (artifacts: String?, config: ConfigValue, warning: LoadWarning?) in
            let row = rows[index]
            guard let directory = resolveArtifacts(uri: row.artifactURI, experimentID: row.experimentID, runID: row.runID) else {
                return (nil, .map([:]), nil)
            }
            let (config, warning) = readConfig(directory)
            return (directory, config, warning)
        }
        let warnings = files.compactMap(\.warning).sorted { $0.path < $1.path }
        let values = try tables.value()

        let database = self.database
        let runs = rows.enumerated().map { index, row -> Run in
            let experiment = byID[row.experimentID]!
            let artifacts = files[index].artifacts
            let runDirectory = artifacts.map(Self.parentFolder)
            let info = RunInfo(
                runID: row.runID, runName: row.name, experimentID: row.experimentID,
                experimentName: experiment.name, status: row.status,
                lifecycleStage: experiment.lifecycleStage == "deleted" ? "deleted" : row.lifecycleStage,
                startTime: row.startTime, endTime: row.endTime, userID: row.userID,
                runDirectory: runDirectory, artifactsDirectory: artifacts, raw: row.raw)
            let runID = row.runID
            return Run(info: info, config: files[index].config, params: values.params[runID] ?? [:],
                       metrics: values.metrics[runID] ?? [:], metricValues: [:], tags: values.tags[runID] ?? [:],
                       laidOut: values.columns.map { ($0, places[index]) },
                       history: Self.historyLoader(of: runID, in: database))
        }
        return LoadResult(runs: runs, warnings: warnings)
    }

    /// Reads a run's metric history from this database when first asked (for runs the index holds).
    func historyLoader(of runID: String) -> @Sendable () throws -> OrderedDictionary<String, [MetricPoint]> {
        Self.historyLoader(of: runID, in: database)
    }

    private static func historyLoader(of runID: String, in database: DatabaseQueue) -> @Sendable () throws -> OrderedDictionary<String, [MetricPoint]> {
        { try history(of: runID, in: database) }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as RunKitError {
            throw error
        } catch {
            throw RunKitError(.malformedFile, "Cannot read \(path): \(Self.describe(error)).", path: path)
        }
    }

    /// The folder holding `path` (`/a/b/artifacts` → `/a/b`), without Foundation's URL cost.
    static func parentFolder(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .int64(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        case .null: return ""
        }
    }

    static func idText(_ value: ConfigValue?) -> String {
        switch value {
        case .int(let i): return String(i)
        case .string(let s): return s
        case .double(let d): return String(Int(d))
        default: return ""
        }
    }
}
