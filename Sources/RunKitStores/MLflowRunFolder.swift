import OrderedCollections
import RunKitModel
import RunKitSupport

/// Loads one run folder of MLflow's file store: `meta.yaml`, `params/`, `tags/`, `metrics/` and,
/// for HydraFlow runs, `artifacts/.hydra/config.yaml`.
///
/// Each file is read once. `meta.yaml` comes first and decides whether the run is selected; only a
/// selected run's other files are read. The metric files must be read for the latest values anyway,
/// so their parsed points are kept and handed to the run as its history.
///
/// Files are read inside the run folder (`ConfinedFolder`): a symbolic link out of it, to a
/// folder, or to nothing is a warning naming it, and the run's other files are still read.
enum MLflowRunFolder {
    /// Which runs to keep, decided from `meta.yaml` and, with a bound, the files its tests name.
    struct Filter: Sendable {
        var view: RunView = .all
        var runIDs: Set<String>?
        /// When set, only runs inside it are read whole (`MLflowBoundCheck`).
        var bound: MLflowBoundCheck?
        /// The parts of a selected run to read (`RunProjection`): only the params, tags and metric
        /// files of its keys, the config only when asked (parsed only when its text may hold a
        /// bare key asked); the metric history is then read again when first asked for.
        var projection = RunProjection.everything
        /// `projection.configTextNeedles`, as bytes, computed once per load.
        var configNeedles: [[UInt8]]?

        init(view: RunView = .all, runIDs: Set<String>? = nil, bound: MLflowBoundCheck? = nil,
             projection: RunProjection = .everything) {
            self.view = view
            self.runIDs = runIDs
            self.bound = bound
            self.projection = projection
            configNeedles = projection.configTextNeedles.map { $0.map { Array($0.utf8) } }
        }
    }

    /// Loads the run in `folder` of `experiment`. `explicit` is true when the user named this folder:
    /// a folder without `meta.yaml` is then always reported, not only when its name looks like a run id.
    /// With `sharing`, the run's config shares its equal parts with the load's other configs.
    static func load(folder: String, experiment: Experiment, filter: Filter, explicit: Bool = false,
                     sharing: ConfigValueSharing? = nil) -> RunLoadOutcome {
        let folderName = folder.split(separator: "/").last.map(String.init) ?? folder
        let metaPath = folder + "/meta.yaml"
        let files: ConfinedFolder
        let meta: OrderedDictionary<String, ConfigValue>
        do {
            guard let opened = try ConfinedFolder(folder) else { return RunLoadOutcome() }   // gone since it was listed
            guard let bytes = try opened.bytes("meta.yaml") else {
                guard explicit || MLflowExperimentFolder.looksLikeRunID(folderName) else { return RunLoadOutcome() }
                // MLflow creates a run's folder, then its meta.yaml; its own listing skips such a folder.
                return RunLoadOutcome(warnings: [.note(path: folder, message: "\(folder) has no meta.yaml: it is not an MLflow run, or one still being created; it was skipped.")])
            }
            files = opened
            // MLflow creates meta.yaml in place (PyYAML, every line ending with `\n`) and rewrites
            // it atomically: an empty file, or one without its last newline, is a run being created.
            guard bytes.last == UInt8(ascii: "\n") else {
                let state = bytes.isEmpty ? "is empty" : "has no newline at its end yet"
                return RunLoadOutcome(warnings: [LoadWarning(path: metaPath, message: "\(metaPath) \(state): the run is still being created, and was skipped.", kind: bytes.isEmpty ? .damage : .note)])
            }
            meta = try MLflowMetaFile.parse(bytes, path: metaPath)
        } catch {
            var warning = LoadWarning.from(error, path: metaPath)
            warning.message += " The run was skipped."
            return RunLoadOutcome(warnings: [warning])
        }
        func skip(_ message: String) -> RunLoadOutcome {
            RunLoadOutcome(warnings: [LoadWarning(path: metaPath, message: "\(metaPath) \(message); the run was skipped.")])
        }

        let runID = nonEmpty(MLflowMetaFile.text(meta["run_id"])) ?? nonEmpty(MLflowMetaFile.text(meta["run_uuid"])) ?? folderName
        let experimentID = MLflowMetaFile.text(meta["experiment_id"]) ?? experiment.id
        guard experimentID == experiment.id else {
            return skip("records experiment_id \(experimentID) but lies in the folder of experiment \(experiment.id) (MLflow ignores such runs)")
        }
        // Runs of a deleted experiment are deleted, whatever their own meta says.
        let lifecycleStage = experiment.lifecycleStage == "deleted" ? "deleted" : (MLflowMetaFile.text(meta["lifecycle_stage"]) ?? "active")
        guard filter.view.includes(lifecycleStage: lifecycleStage) else { return RunLoadOutcome() }
        if let wanted = filter.runIDs, !wanted.contains(runID), !wanted.contains(folderName) { return RunLoadOutcome() }

        let status: RunStatus
        switch meta["status"] {
        case nil, .null?: status = .running   // MLflow's default when the file has none
        case .int(let code)?:
            guard let known = RunStatus(mlflowCode: code) else { return skip("has an unknown status code \(code)") }
            status = known
        case .string(let name)?:
            guard let known = RunStatus(rawValue: name.uppercased()) ?? Int(name).flatMap(RunStatus.init(mlflowCode:)) else {
                return skip("has an unknown status '\(name)'")
            }
            status = known
        case let other?:
            return skip("has a status that is not a code: \(JSONWriter.string(other))")
        }

        let metaRunName = nonEmpty(MLflowMetaFile.text(meta["run_name"]))
        let artifacts = folder + "/artifacts"
        func info(runName: String) -> RunInfo {
            // The raw record as MLflow's RunInfo presents it: status by name, defaults filled in.
            var raw = meta
            raw["run_id"] = .string(runID)
            raw["experiment_id"] = .string(experimentID)
            raw["run_name"] = .string(runName)
            raw["status"] = .string(status.rawValue)
            raw["lifecycle_stage"] = .string(lifecycleStage)
            if raw["end_time"] == nil { raw["end_time"] = .null }
            return RunInfo(
                runID: runID,
                runName: runName,
                experimentID: experimentID,
                experimentName: experiment.name,
                status: status,
                lifecycleStage: lifecycleStage,
                startTime: MLflowMetaFile.int64(meta["start_time"]),
                endTime: MLflowMetaFile.int64(meta["end_time"]),
                userID: MLflowMetaFile.text(meta["user_id"]),
                runDirectory: folder,
                artifactsDirectory: artifacts,
                raw: ConfigValue.map(raw).flattened())
        }
        var reads: MLflowBoundCheck.Reads?
        if let check = filter.bound {
            guard let inside = check.read(files, runName: metaRunName, info: info(runName:)) else { return RunLoadOutcome() }
            reads = inside
        }

        var warnings: [LoadWarning] = []
        let projection = filter.projection
        let params = MLflowKeyedFiles.readStrings(files, "params", keys: projection.params, reads: reads, warnings: &warnings)
        // The run's name falls back to its `mlflow.runName` tag: read that tag too.
        let tags = MLflowKeyedFiles.readStrings(files, "tags", keys: projection.tags.map { $0.union(["mlflow.runName"]) },
                                                reads: reads, warnings: &warnings)
        let history = readMetrics(files, keys: projection.metrics, reads: reads, warnings: &warnings)
        var metrics: [String: Double] = [:]
        metrics.reserveCapacity(history.count)
        for (key, points) in history {
            if let latest = MetricPoint.latest(of: points) { metrics[key] = latest.value }
        }
        var config = ConfigValue.map([:])
        if projection.config {
            let (read, configWarning) = HydraConfigFile.read(in: files, sharing: sharing, needles: filter.configNeedles)
            config = read
            if let configWarning { warnings.append(configWarning) }
        }

        let runInfo = info(runName: metaRunName ?? tags["mlflow.runName"] ?? "")
        // Projected, the history holds only the metrics asked: read every one again when asked,
        // and one metric alone (its one file) when only it is asked. The points read for the
        // latest values are not kept: at 10,000 runs they would be ~20 MB more for the run's life.
        let loader: @Sendable () throws -> OrderedDictionary<String, [MetricPoint]>
        var reader: MetricHistoryReader?
        if projection.metrics != nil {
            loader = { try Self.history(folder: folder) }
            reader = MetricHistoryReader(answering: nil) { key in try Self.history(folder: folder, keys: [key])[key] }
        } else {
            loader = { history }
        }
        let run = Run(info: runInfo, config: config, params: params, metrics: metrics,
                      tags: projection.tags == nil ? tags : tags.filter { projection.tags!.contains($0.key) },
                      history: loader, reading: reader)
        return RunLoadOutcome(run: run, warnings: warnings)
    }

    /// The run folder's metric history read again (only the metrics `keys`, when given: the
    /// `metrics/` folder is listed, and only their files read), for a run the index holds (such a
    /// run loaded without warnings, and the index re-reads any run whose files changed since) or a
    /// projected run. A folder gone or unreadable since is an error of `metricHistory()`, not an
    /// empty history.
    static func history(folder: String, keys: Set<String>? = nil) throws -> OrderedDictionary<String, [MetricPoint]> {
        guard let run = try ConfinedFolder(folder) else {
            throw RunKitError(.unreadableFile, "\(folder) no longer exists: the run's metric history cannot be read.", path: folder)
        }
        var ignored: [LoadWarning] = []
        return readMetrics(run, keys: keys, reads: nil, warnings: &ignored)
    }

    /// Every metric file parsed (only those of `keys` when given), by key in key order (the
    /// listing and files in `reads` taken from there). Files without a single good line are left out.
    private static func readMetrics(_ run: ConfinedFolder, keys: Set<String>?, reads: MLflowBoundCheck.Reads?,
                                    warnings: inout [LoadWarning]) -> OrderedDictionary<String, [MetricPoint]> {
        if keys?.isEmpty == true { return [:] }
        let entries = reads?.listings["metrics"] ?? MLflowKeyedFiles.list(run, "metrics", warnings: &warnings)
        var history = OrderedDictionary<String, [MetricPoint]>(minimumCapacity: entries.count)
        for entry in entries where keys?.contains(entry.key) ?? true {
            if let points = reads?.points[entry.path] {
                history[entry.key] = points
                continue
            }
            let path = run.absolute(entry.path)
            do {
                guard let bytes = try run.bytes(entry.path) else { continue }
                let parsed = MLflowMetricFile.parse(bytes, path: path)
                if let warning = parsed.warning { warnings.append(warning) }
                if let note = parsed.partialLine { warnings.append(note) }
                if parsed.points.isEmpty {
                    if parsed.warning == nil && parsed.partialLine == nil {
                        warnings.append(LoadWarning(path: path, message: "\(path) holds no metric values; the metric was skipped."))
                    }
                    continue
                }
                history[entry.key] = parsed.points
            } catch {
                warnings.append(LoadWarning.from(error, path: path))
            }
        }
        return history
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
