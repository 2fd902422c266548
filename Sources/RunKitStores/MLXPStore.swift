import Foundation
@_spi(RunKitInternals) import RunKitSupport

/// Reads an MLXP log folder: numbered run folders as MLXP's `DefaultLogger` writes them.
///
/// ```
/// logs/<id>/metadata/config.yaml      the resolved config        → run.config
/// logs/<id>/metadata/info.yaml        status, dates, host, logger → run.info.raw (flattened with `.`)
/// logs/<id>/metrics/<log>.json        one JSON object per line    → metrics `<log>.<key>` + history
/// logs/<id>/artifacts/<type>/…        saved artifacts             → info.raw `artifact.<type>.<dir>`
/// ```
///
/// ```swift
/// let store = try MLXPStore(logsPath: "mlxp_app/logs")
/// let runs = try store.loadRuns().collection
/// runs.filter("info.status", "COMPLETE").values("train.loss")
/// ```
///
/// What it reads, and how it differs from MLXP's `Reader`:
/// - Only numeric subfolders are runs. One without `metadata/config.yaml` or `metadata/info.yaml`
///   (a job submitted to a scheduler that never started, a bare `DefaultLogger`) is skipped, as
///   MLXP skips it, with a note (`LoadWarning.Kind.note`); any other such folder lost a file and
///   is skipped with a damage warning.
/// - The unified status: STARTING → SCHEDULED, RUNNING → RUNNING, COMPLETE → FINISHED,
///   FAILED → FAILED. `run_id` is the folder's number (MLXP has no run names: `run_name` is empty), `experiment_id` and
///   `experiment_name` the log folder's name; `start_time`/`end_time` come from `start_date`
///   `start_time` / `end_date` `end_time` (`%d/%m/%Y %H:%M:%S`, read in the local time zone as
///   MLXP wrote them with `datetime.now()`); empty strings (a killed run) give no time.
/// - Metrics are read from the JSON lines themselves (not `metrics/.keys/`): per key, the values of
///   the lines holding it, in line order (step = index, no timestamp); the latest is the last.
///   `NaN`/`Infinity` tokens are accepted; a string or int keeps its type (`MetricPoint.raw`).
///   A malformed line gives a warning naming the file and line; the good lines are kept. A last
///   line still being written (no newline yet) is read if it is a whole JSON object, else left
///   out with a warning saying so; an empty or unterminated metadata file skips its run.
/// - Artifacts are listed from the folder itself: `info.raw["artifact.pickle."]` maps each file
///   name to its path relative to the run folder, with MLXP's key for sub-folders
///   (`artifact.pickle..summaries`). Pickles are not unpickled.
/// - Natural order: run ids ascending as numbers (MLXP sorts them as strings: 1, 10, 11, 2).
/// - The paths inside `info.yaml` (`logger.log_dir`, …) belong to the machine that wrote the logs
///   and are kept as written; files are found under the folder given, as MLXP's Reader does.
///
/// Runs load in parallel; nothing is written into the folder.
public struct MLXPStore: RunStoreReader {
    public var kind: StoreKind { .mlxp }
    /// The log folder, as given.
    public let path: String
    /// The log folder made absolute, without a trailing `/`.
    let root: String

    /// Opens the log folder at `logsPath` (the folder holding the numbered run folders).
    /// Nothing is read until asked.
    public init(logsPath: String) {
        self.path = logsPath
        self.root = PosixFileSystem.absolute(logsPath)
    }

    /// The name MLXP users know the runs by: the log folder's name (`logs`).
    public var experimentName: String { URL(fileURLWithPath: root).lastPathComponent }

    /// One experiment: the log folder.
    public func experiments() throws -> [Experiment] {
        _ = try runFolderNumbers()
        return [Experiment(id: experimentName, name: experimentName)]
    }

    /// The selected runs, run id ascending, with a warning for each run folder or line skipped.
    /// MLXP has no deleted runs: `RunView.deletedOnly` gives none.
    public func loadRuns(_ options: LoadOptions = LoadOptions()) throws -> LoadResult {
        let numbers = try runFolderNumbers().filter { selects(runNumber: $0, options) }
        let experiment = experimentName
        let folders = numbers.map { (number: $0, folder: root + "/" + String($0)) }
        let outcomes = ParallelSlots.map(folders.count) { index in
            MLXPRunFolder.load(folder: folders[index].folder, id: folders[index].number, experiment: experiment)
        }
        var result = LoadResult(runs: [])
        result.runs.reserveCapacity(outcomes.count)
        for outcome in outcomes {
            if let run = outcome.run { result.runs.append(run) }
            result.warnings.append(contentsOf: outcome.warnings)
        }
        return result
    }

    /// True when `options` select the run folder numbered `number`: the log folder's experiment,
    /// not only deleted runs (MLXP has none), the number among the wanted run ids.
    func selects(runNumber number: Int, _ options: LoadOptions) -> Bool {
        options.experiments.matches(experimentName) && options.view != .deletedOnly
            && (options.runIDs?.contains(String(number)) ?? true)
    }

    /// The numbers of the run folders, ascending. Throws when the log folder cannot be listed.
    func runFolderNumbers() throws -> [Int] {
        guard let entries = try PosixFileSystem.entries(root) else {
            throw RunKitError(.storeNotFound, PosixFileSystem.fileKind(root) == .missing
                              ? "\(path) does not exist." : "\(path) is not an MLXP log folder.", path: path)
        }
        return entries.compactMap { entry in
            entry.isDirectory && Self.isRunNumber(entry.name) ? Int(entry.name) : nil
        }.sorted()
    }

    /// True for a folder name MLXP gives a run: digits only.
    static func isRunNumber(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 18 && name.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// True when `path` holds at least one numbered folder with a `metadata` folder — an MLXP
    /// log folder. Reads one folder listing and a few `stat`s.
    static func isLogFolder(_ path: String) -> Bool {
        guard let entries = try? PosixFileSystem.entries(path) else { return false }
        return entries.contains { entry in
            entry.isDirectory && isRunNumber(entry.name)
                && PosixFileSystem.fileKind(path + "/" + entry.name + "/metadata") == .directory
        }
    }
}
