import Foundation
import GRDB
import OrderedCollections
import RunKitModel
@_spi(RunKitInternals) import RunKitSupport

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
    /// Every read of the database goes through it: one snapshot per read, locks waited out,
    /// nothing created beside the file.
    let database: LiveSQLiteDatabase
    /// How long a read waits for a writer's lock, in seconds.
    let busyTimeout: Double

    /// How long a read waits for a writer's lock by default, in seconds: MLflow's own sessions
    /// wait 20 s (`PRAGMA busy_timeout = 20000`). `RUNKIT_BUSY_TIMEOUT` overrides it.
    public static let defaultBusyTimeout: Double = 20

    /// Opens the database read-only. Throws `storeNotFound`, `malformedFile` with the path, or
    /// `storeBusy` when a writer kept it locked for `busyTimeout` seconds (default:
    /// `RUNKIT_BUSY_TIMEOUT`, else `defaultBusyTimeout`).
    public init(databasePath: String, busyTimeout: Double? = nil) throws {
        let absolute = URL(fileURLWithPath: databasePath).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: absolute) else {
            throw RunKitError(.storeNotFound, "\(databasePath) does not exist.", path: databasePath)
        }
        database = LiveSQLiteDatabase.opened(absolute)
        self.busyTimeout = try busyTimeout ?? Self.configuredBusyTimeout()
        path = absolute
        rootDirectory = URL(fileURLWithPath: absolute).deletingLastPathComponent().path
        do {
            try database.read(busyTimeout: self.busyTimeout) { db in
                for table in ["experiments", "runs"] where try !db.tableExists(table) {
                    throw RunKitError(.malformedFile, "\(databasePath) is not an MLflow database: it has no '\(table)' table.", path: databasePath)
                }
            }
        } catch let error as RunKitError {
            throw error
        } catch {
            throw RunKitError(.malformedFile, "\(databasePath) is not a readable SQLite database: \(Self.describe(error)).", path: databasePath)
        }
    }

    /// `RUNKIT_BUSY_TIMEOUT` (seconds, a number ≥ 0), else `defaultBusyTimeout`.
    static func configuredBusyTimeout(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Double {
        guard let text = environment["RUNKIT_BUSY_TIMEOUT"], !text.isEmpty else { return defaultBusyTimeout }
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0 else {
            throw RunKitError(.invalidArgument, "RUNKIT_BUSY_TIMEOUT=\(text) is not a number of seconds (e.g. 20 or 0.5).")
        }
        return seconds
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    public func experiments() throws -> [Experiment] {
        try read { db in try Self.experiments(db) }
    }

    /// The experiments table (and experiment tags), by experiment id.
    static func experiments(_ db: Database) throws -> [Experiment] {
        let columns = try Set(db.columns(in: "experiments").map(\.name))
        var tagsByExperiment: [String: [String: String]] = [:]
        if try db.tableExists("experiment_tags") {
            for row in try Row.fetchAll(db, sql: "SELECT experiment_id, key, value FROM experiment_tags") {
                tagsByExperiment[text(row[0]), default: [:]][row[1] ?? ""] = row[2] ?? ""
            }
        }
        let creation = columns.contains("creation_time") ? "creation_time" : "NULL"
        let update = columns.contains("last_update_time") ? "last_update_time" : "NULL"
        let sql = """
            SELECT experiment_id, name, lifecycle_stage, artifact_location, \(creation), \(update)
            FROM experiments ORDER BY experiment_id
            """
        return try Row.fetchAll(db, sql: sql).map { row in
            let id = text(row[0])
            return Experiment(id: id, name: row[1] ?? "", lifecycleStage: row[2] ?? "active",
                              artifactLocation: row[3], creationTime: row[4], lastUpdateTime: row[5],
                              tags: tagsByExperiment[id] ?? [:])
        }
    }

    public func loadRuns(_ options: LoadOptions) throws -> LoadResult {
        // The load's configs share their equal subtrees: a grid's runs repeat most of them.
        let sharing = ConfigValueSharing()
        // Configs read only for bare keys are parsed only when their text may hold one.
        let needles = options.projection.configTextNeedles.map { $0.map { Array($0.utf8) } }
        return try loadRuns(options) { HydraConfigFile.read(artifactsDirectory: $0, sharing: sharing, needles: needles) }
    }

    /// `loadRuns(_:)` with the way a run's config is read from its artifacts folder (the index
    /// passes one that reuses the configs it holds).
    ///
    /// Every table is read in one read transaction (one snapshot of a database being written);
    /// the configs are read on another thread meanwhile, from the rows of that snapshot.
    func loadRuns(_ options: LoadOptions,
                  readConfig: @escaping @Sendable (_ artifactsDirectory: String) -> (config: ConfigValue, warning: LoadWarning?)) throws -> LoadResult {
        guard let snapshot = try read({ db in try self.snapshot(db, options, readConfig: readConfig) }) else {
            return LoadResult(runs: [], warnings: [])
        }
        let files = try snapshot.files.value()
        var warnings = files.compactMap(\.warning).sorted { $0.path < $1.path }
        if snapshot.orphans > 0 {
            let runs = snapshot.orphans == 1 ? "1 run" : "\(snapshot.orphans) runs"
            warnings.insert(LoadWarning(path: path, message: "\(path) holds \(runs) whose experiment_id is NULL or names no experiment: MLflow lists such runs in no experiment, and they are left out here too."), at: 0)
        }
        let values = snapshot.values
        let database = self.database, path = self.path, busyTimeout = self.busyTimeout
        let runs = snapshot.rows.enumerated().map { index, row -> Run in
            let experiment = snapshot.experiments[row.experimentID]!
            let artifacts = files[index].artifacts
            let runDirectory = artifacts.map(Self.parentFolder)
            let info = RunInfo(
                runID: row.runID, runName: row.name, experimentID: row.experimentID,
                experimentName: experiment.name, status: row.status,
                lifecycleStage: experiment.lifecycleStage == "deleted" ? "deleted" : row.lifecycleStage,
                startTime: row.startTime, endTime: row.endTime, userID: row.userID,
                runDirectory: runDirectory, artifactsDirectory: artifacts, raw: row.raw)
            let runID = row.runID
            let history: @Sendable () throws -> OrderedDictionary<String, [MetricPoint]>
            if let read = snapshot.histories[runID] { history = { read } } else { history = Self.historyLoader(of: runID, in: database, path: path, busyTimeout: busyTimeout) }
            return Run(info: info, config: files[index].config, laidOut: RunFieldColumns.Row(values.columns, snapshot.places[index]),
                       history: history, reading: snapshot.metricHistories.reader(of: runID))
        }
        var result = LoadResult(runs: runs, warnings: warnings)
        result.pushed = snapshot.pushed
        result.keptInSample = snapshot.keptInSample
        result.projected = !options.projection.isEverything
        return result
    }

    /// What one load reads in its read transaction: the selected rows with their params,
    /// metrics and tags (and histories when asked for), the configs being read meanwhile.
    struct Snapshot: Sendable {
        var experiments: [String: Experiment]
        var rows: [MLflowRunRow]
        /// Each selected row's place in the tables' by-field layout.
        var places: [Int]
        var files: BackgroundValue<[(artifacts: String?, config: ConfigValue, warning: LoadWarning?)]>
        var values: MLflowTables
        var histories: [String: OrderedDictionary<String, [MetricPoint]>]
        /// The histories of the metrics the projection names (`RunProjection.histories`), when
        /// not every history is read.
        var metricHistories = MLflowHistories()
        /// Runs in no experiment (`experiment_id` NULL or naming none; of `runIDs`, when given):
        /// MLflow never lists them.
        var orphans: Int
        /// The SQL condition of `LoadOptions.bound` the rows were read with.
        var pushed: String?
        /// The fraction of a sample of the selected runs inside `LoadOptions.bound`, when estimated.
        var keptInSample: Double?
    }

    /// Reads the snapshot of `options` in `db` (nil when no experiment is selected); starts
    /// reading the configs as soon as the rows are known.
    private func snapshot(_ db: Database, _ options: LoadOptions,
                          readConfig: @escaping @Sendable (String) -> (config: ConfigValue, warning: LoadWarning?)) throws -> Snapshot? {
        let experiments = try Self.experiments(db)
        let selected = experiments.filter { options.experiments.matches($0.name) }
        let byID = Dictionary(selected.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        // The database's runs, counted once: the sample's size and the tables' scan-or-lookup choice.
        let storeRuns = try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") ?? 0
        let (narrowing, keptInSample) = try pushedCondition(db, options, experimentIDs: selected.map(\.id), storeRuns: storeRuns)
        // Runs in no experiment are counted for the warning over the whole store. They come in the
        // same scan, unless the load is narrowed: then they are counted apart, so that SQLite looks
        // the candidates up by run id instead of scanning `runs`.
        let runFilter = Self.runFilter(experimentIDs: selected.map(\.id), runIDs: options.runIDs, narrowing: narrowing,
                                       inNoExperiment: narrowing == nil)
        let projection = options.projection
        let allRows = try fetchRunRows(db, filter: runFilter, keepingRecord: projection.attributes)
        let known = Set(experiments.map(\.id))
        var orphans = allRows.count { !known.contains($0.experimentID) }
        if narrowing != nil {
            let filter = Self.restricted("(\(Self.noExperiment))", to: options.runIDs)
            orphans += try fetchRunRows(db, filter: filter, keepingRecord: false).count { !known.contains($0.experimentID) }
        }
        if selected.isEmpty {
            return orphans == 0 ? nil : Snapshot(experiments: [:], rows: [], places: [], files: BackgroundValue { [] },
                                                 values: MLflowTables(), histories: [:], orphans: orphans)
        }
        // Each selected row with its place in `allRows` (its row in the by-field layout).
        var places = allRows.indices.filter { index in
            let row = allRows[index]
            guard let experiment = byID[row.experimentID] else { return false }
            let stage = experiment.lifecycleStage == "deleted" ? "deleted" : row.lifecycleStage
            return options.view.includes(lifecycleStage: stage)
        }
        if let ids = options.runIDs { places = places.filter { ids.contains(allRows[$0].runID) } }
        let rows = places.map { allRows[$0] }

        // Configs are files: read them in parallel, each once, on another thread while this one
        // reads params, tags and metrics. A projection without the config reads none, and without
        // the attributes either does not look for the artifacts folders (run_dir, artifacts_dir).
        let store = self
        let files = BackgroundValue {
            guard projection.config || projection.attributes else {
                return [(artifacts: String?, config: ConfigValue, warning: LoadWarning?)](repeating: (nil, .map([:]), nil), count: rows.count)
            }
            return ParallelSlots.map(rows.count) { index -> (artifacts: String?, config: ConfigValue, warning: LoadWarning?) in
                let row = rows[index]
                guard let directory = store.resolveArtifacts(uri: row.artifactURI, experimentID: row.experimentID, runID: row.runID) else {
                    return (nil, .map([:]), nil)
                }
                guard projection.config else { return (directory, .map([:]), nil) }
                let (config, warning) = readConfig(directory)
                return (directory, config, warning)
            }
        }
        let values = try fetchRunValues(db, runs: allRows, filter: runFilter, listingIDs: narrowing != nil, projection: projection,
                                        allRuns: storeRuns)
        var histories: [String: OrderedDictionary<String, [MetricPoint]>] = [:]
        var metricHistories = MLflowHistories()
        if options.includesHistory {
            for row in rows { histories[row.runID] = try Self.history(of: row.runID, db) }
        } else if !projection.histories.isEmpty {
            metricHistories = try Self.histories(of: projection.histories, runs: rows, allRuns: storeRuns, db)
        }
        return Snapshot(experiments: byID, rows: rows, places: places, files: files, values: values,
                        histories: histories, metricHistories: metricHistories, orphans: orphans, pushed: narrowing, keptInSample: keptInSample)
    }

    /// Reads a run's metric history from this database when first asked (for runs the index holds).
    func historyLoader(of runID: String) -> @Sendable () throws -> OrderedDictionary<String, [MetricPoint]> {
        Self.historyLoader(of: runID, in: database, path: path, busyTimeout: busyTimeout)
    }

    private static func historyLoader(of runID: String, in database: LiveSQLiteDatabase, path: String,
                                      busyTimeout: Double) -> @Sendable () throws -> OrderedDictionary<String, [MetricPoint]> {
        { try read(database, path: path, busyTimeout: busyTimeout) { db in try history(of: runID, db) } }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.read(database, path: path, busyTimeout: busyTimeout, body)
    }

    /// One read of `database`; a SQLite error becomes `malformedFile` naming `path` ("locked"
    /// never does: `LiveSQLiteDatabase` waits it out or throws `storeBusy`).
    private static func read<T>(_ database: LiveSQLiteDatabase, path: String, busyTimeout: Double,
                                _ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(busyTimeout: busyTimeout, body)
        } catch let error as RunKitError {
            throw error
        } catch {
            throw RunKitError(.malformedFile, "Cannot read \(path): \(describe(error)).", path: path)
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
