import Foundation
import RunKitModel
@_spi(RunKitInternals) import RunKitSupport

/// Reads MLflow's legacy file store: an `mlruns` folder of experiment folders holding run folders.
///
/// ```
/// mlruns/<experiment_id>/meta.yaml, tags/
/// mlruns/<experiment_id>/<run_id>/meta.yaml, params/, tags/, metrics/, artifacts/
/// mlruns/.trash/<experiment_id>/…            deleted experiments (their runs are deleted too)
/// ```
///
/// ```swift
/// let store = MLflowFileStore(mlrunsPath: "project/mlruns")
/// let result = try store.loadRuns(LoadOptions(experiments: .name("vision")))
/// for warning in result.warnings { print(warning) }
/// let best = result.runs.max { ($0.metrics["val/acc"] ?? -.infinity) < ($1.metrics["val/acc"] ?? -.infinity) }
/// ```
///
/// What it reads, as MLflow 3 reads it:
/// - run `meta.yaml`: the int status code (missing: `RUNNING`), `run_name` (missing or empty: the
///   `mlflow.runName` tag), `lifecycle_stage` (missing: `active`), `end_time` (null or missing: nil).
///   `RunInfo.raw` holds every field of the file, the status by name.
/// - `params/`, `tags/`: one file per key, the value the file's content exactly; keys with `/` are
///   nested folders.
/// - `metrics/`: one file per key, lines `timestamp value step`; the latest value by MLflow's rule
///   (`MetricPoint.latest(of:)`), the history in file order.
/// - HydraFlow's config: `artifacts/.hydra/config.yaml` when present.
/// - The artifacts folder is always `<run folder>/artifacts`, never the (often stale) `artifact_uri`.
///
/// Runs load in parallel. The natural order is MLflow's: `start_time` descending, then `run_id`.
/// A corrupt run (unreadable or invalid `meta.yaml`, a run recording another experiment's id) is
/// skipped with a `LoadWarning`; a malformed metric line, a bad `config.yaml` or a bad entry of
/// `params/`, `tags/`, `metrics/` (a symbolic link out of the run folder, `ConfinedFolder`) gives a
/// warning and the rest of the run still loads. A run still being written (a folder without
/// `meta.yaml`, an empty or unterminated one) is skipped with a warning saying so, and a metric
/// line still being appended is left out.
public struct MLflowFileStore: RunStoreReader {
    public var kind: StoreKind { .mlflowFile }
    /// The `mlruns` folder, as given.
    public let path: String
    /// The `mlruns` folder made absolute, without a trailing `/`.
    let root: String

    /// Folders at the top of `mlruns` that are not experiments.
    static let reservedRootFolders: Set<String> = [".trash", "models"]

    /// Opens the `mlruns` folder at `mlrunsPath`. Nothing is read until asked.
    public init(mlrunsPath: String) {
        self.path = mlrunsPath
        self.root = PosixFileSystem.absolute(mlrunsPath)
    }

    /// The store's experiments, deleted ones (in `.trash`) included, by experiment id.
    public func experiments() throws -> [Experiment] {
        try scanExperiments().folders.map(\.experiment)
    }

    /// The selected runs, `start_time` descending then `run_id`, with a warning for each run or
    /// file skipped. Only the selected runs' params, tags and metrics are read; with
    /// `options.bound`, only those of the runs inside it (`MLflowBoundCheck`: the files its tests
    /// name are read first), always (no sample: a run outside costs a fraction of a full read, and
    /// a run inside reads nothing twice; docs/speed.md).
    public func loadRuns(_ options: LoadOptions = LoadOptions()) throws -> LoadResult {
        var warnings: [LoadWarning] = []
        let candidates = try runFolders(options, warnings: &warnings)
        let filter = MLflowRunFolder.Filter(view: options.view, runIDs: options.runIDs, bound: options.bound.map(MLflowBoundCheck.init),
                                            projection: options.projection)
        let sharing = ConfigValueSharing()
        let outcomes = ParallelSlots.map(candidates.count) { index in
            MLflowRunFolder.load(folder: candidates[index].folder, experiment: candidates[index].experiment, filter: filter,
                                 sharing: sharing)
        }
        var runs: [Run] = []
        runs.reserveCapacity(outcomes.count)
        for outcome in outcomes {
            if let run = outcome.run { runs.append(run) }
            warnings.append(contentsOf: outcome.warnings)
        }
        runs.sort(by: Self.naturalOrder)
        var result = LoadResult(runs: runs, warnings: warnings)
        result.pushed = options.bound?.description
        result.projected = !options.projection.isEverything
        return result
    }

    /// The run folders the options may select, each with its experiment, in experiment then
    /// folder-name order; experiments and folders that cannot be read become warnings.
    func runFolders(_ options: LoadOptions, warnings: inout [LoadWarning]) throws -> [(folder: String, experiment: Experiment)] {
        let scan = try scanExperiments()
        warnings += scan.warnings
        var candidates: [(folder: String, experiment: Experiment)] = []
        for experiment in scan.folders where Self.lists(experiment.experiment, options) {
            let entries: [PosixFileSystem.Entry]
            do {
                entries = try PosixFileSystem.entries(experiment.folder) ?? []
            } catch {
                warnings.append(LoadWarning.from(error, path: experiment.folder))
                continue
            }
            for entry in entries.sorted(by: { $0.name < $1.name }) where entry.isDirectory {
                if entry.name.hasPrefix(".") || MLflowExperimentFolder.reservedFolders.contains(entry.name) { continue }
                if !Self.reads(folderNamed: entry.name, options) { continue }
                candidates.append((experiment.folder + "/" + entry.name, experiment.experiment))
            }
        }
        return candidates
    }

    /// True when `options` list the run folders of `experiment`. Every run of a deleted
    /// experiment is deleted: its folders are not even listed when deleted runs can't show.
    static func lists(_ experiment: Experiment, _ options: LoadOptions) -> Bool {
        options.experiments.matches(experiment.name)
            && (experiment.lifecycleStage != "deleted" || options.view.includes(lifecycleStage: "deleted"))
    }

    /// True when `options` read the run folder named `name`: its name is the run id MLflow finds
    /// it by, so an unwanted run is skipped unread (a folder not named like a run id is read).
    static func reads(folderNamed name: String, _ options: LoadOptions) -> Bool {
        guard let wanted = options.runIDs else { return true }
        return wanted.contains(name) || !MLflowExperimentFolder.looksLikeRunID(name)
    }

    /// Loads run folders named directly (`mlruns/<experiment_id>/<run_id>`, or in
    /// `mlruns/.trash/<experiment_id>/`), whatever their lifecycle stage, in the order given.
    /// The experiment is read from the parent folder's `meta.yaml`.
    ///
    /// ```swift
    /// let result = try MLflowFileStore.loadRunFolders(["mlruns/0/5cae461ef63e4408a9223926a42ac3ab"])
    /// ```
    ///
    /// Throws `storeNotFound` when a folder does not exist; a folder that is not a run gives a warning.
    public static func loadRunFolders(_ paths: [String]) throws -> LoadResult {
        var warnings: [LoadWarning] = []
        var experiments: [String: Experiment] = [:]
        var candidates: [(folder: String, experiment: Experiment)] = []
        for given in paths {
            let folder = PosixFileSystem.absolute(given)
            guard PosixFileSystem.fileKind(folder) == .directory else {
                throw RunKitError(.storeNotFound, PosixFileSystem.fileKind(folder) == .missing
                                  ? "\(given) does not exist." : "\(given) is not a run folder.", path: given)
            }
            let parent = URL(fileURLWithPath: folder).deletingLastPathComponent().path
            if experiments[parent] == nil {
                let id = URL(fileURLWithPath: parent).lastPathComponent
                let inTrash = URL(fileURLWithPath: parent).deletingLastPathComponent().lastPathComponent == ".trash"
                let fallback = Experiment(id: id, name: id, lifecycleStage: inTrash ? "deleted" : "active")
                do {
                    if let read = try MLflowExperimentFolder.read(folder: parent, id: id, inTrash: inTrash) {
                        experiments[parent] = read.experiment
                        warnings.append(contentsOf: read.warnings)
                    } else {
                        warnings.append(LoadWarning(path: parent, message: "\(parent) has no meta.yaml; the run's experiment is named by its id."))
                        experiments[parent] = fallback
                    }
                } catch {
                    warnings.append(LoadWarning.from(error, path: parent + "/meta.yaml"))
                    experiments[parent] = fallback
                }
            }
            candidates.append((folder, experiments[parent]!))
        }
        let jobs = candidates
        let sharing = ConfigValueSharing()
        let outcomes = ParallelSlots.map(jobs.count) { index in
            MLflowRunFolder.load(folder: jobs[index].folder, experiment: jobs[index].experiment,
                                 filter: MLflowRunFolder.Filter(view: .all), explicit: true, sharing: sharing)
        }
        var runs: [Run] = []
        for outcome in outcomes {
            if let run = outcome.run { runs.append(run) }
            warnings.append(contentsOf: outcome.warnings)
        }
        return LoadResult(runs: runs, warnings: warnings)
    }

    /// MLflow's default order: `start_time` descending (runs without one last), then `run_id` ascending.
    static func naturalOrder(_ lhs: Run, _ rhs: Run) -> Bool {
        let (l, r) = (lhs.info.startTime ?? Int64.min, rhs.info.startTime ?? Int64.min)
        if l != r { return l > r }
        return lhs.info.runID < rhs.info.runID
    }

    /// The experiment folders (active, then those in `.trash`), sorted by id, and the folders skipped.
    func scanExperiments() throws -> (folders: [MLflowExperimentFolder], warnings: [LoadWarning]) {
        guard PosixFileSystem.fileKind(root) == .directory else {
            if PosixFileSystem.fileKind(root) == .missing {
                throw RunKitError(.storeNotFound, "\(path) does not exist.", path: path)
            }
            throw RunKitError(.storeNotFound, "\(path) is not an mlruns folder.", path: path)
        }
        var folders: [MLflowExperimentFolder] = []
        var warnings: [LoadWarning] = []
        var seen: Set<String> = []
        for (parent, inTrash) in [(root, false), (root + "/.trash", true)] {
            let entries: [PosixFileSystem.Entry]
            do {
                guard let listed = try PosixFileSystem.entries(parent) else { continue }
                entries = listed
            } catch {
                guard !inTrash else { warnings.append(LoadWarning.from(error, path: parent)); continue }
                throw RunKitError(.storeNotFound, (error as? RunKitError)?.description ?? "Cannot read \(path).", path: path)
            }
            for entry in entries.sorted(by: { $0.name < $1.name }) where entry.isDirectory {
                if entry.name.hasPrefix(".") || (!inTrash && Self.reservedRootFolders.contains(entry.name)) { continue }
                let folder = parent + "/" + entry.name
                do {
                    guard let read = try MLflowExperimentFolder.read(folder: folder, id: entry.name, inTrash: inTrash) else {
                        // Not an experiment; worth a word only when it is named like one.
                        if entry.name.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
                            warnings.append(LoadWarning(path: folder, message: "\(folder) has no meta.yaml; it is not an MLflow experiment and was skipped."))
                        }
                        continue
                    }
                    if seen.contains(read.experiment.id) {
                        warnings.append(LoadWarning(path: folder, message: "\(folder) repeats experiment \(entry.name), already read outside .trash; it was skipped."))
                        continue
                    }
                    seen.insert(read.experiment.id)
                    folders.append(read)
                    warnings.append(contentsOf: read.warnings)
                } catch {
                    var warning = LoadWarning.from(error, path: folder + "/meta.yaml")
                    warning.message += " The experiment was skipped."
                    warnings.append(warning)
                }
            }
        }
        folders.sort { Self.experimentIDOrder($0.experiment.id, $1.experiment.id) }
        return (folders, warnings)
    }

    /// Numeric ids in numeric order (`0` first), others after, by text.
    static func experimentIDOrder(_ lhs: String, _ rhs: String) -> Bool {
        let lNumeric = !lhs.isEmpty && lhs.utf8.allSatisfy { (0x30...0x39).contains($0) }
        let rNumeric = !rhs.isEmpty && rhs.utf8.allSatisfy { (0x30...0x39).contains($0) }
        if lNumeric != rNumeric { return lNumeric }
        if lNumeric, lhs.utf8.count != rhs.utf8.count { return lhs.utf8.count < rhs.utf8.count }
        return lhs < rhs
    }
}
