import OrderedCollections
import RunKitModel

/// A `QueryBound` (`LoadOptions.bound`) tested on each run folder of MLflow's file store before
/// the run is read whole: only the files its tests name are read first — the listing of each
/// folder they test (`params/`, `tags/`, `metrics/`, walked as a full load walks it, so a key with
/// `/` is a nested file), the files of the tested keys (a metric's file whole: its latest value is
/// MLflow's largest (step, timestamp, value), not its last line) and, for run columns (`info.`),
/// the `meta.yaml` already read. The bound is evaluated on the values a full load would give the
/// run (`QueryBound.holds`).
///
/// A run is inside when the bound holds, and also when one of those files cannot be read cleanly
/// (its folder's listing warns, the file is unreadable or gone, a metric file has a malformed or
/// unfinished line or no value): the run is then read whole, which reports it as a full load does.
/// What was read cleanly is handed to that read (`Reads`), so a run inside reads nothing twice.
///
/// ```swift
/// let check = MLflowBoundCheck(try Query("metrics.loss < 0.5").bound)
/// let reads = check.read(files, runName: nil) { runName in info(runName) }   // nil: outside
/// ```
struct MLflowBoundCheck: Sendable {
    let bound: QueryBound
    /// The keys the bound tests in each folder of the run (`params`, `tags`, `metrics`).
    let keys: [(folder: String, names: [String])]
    /// True when the bound tests run columns (`info.`), which need the run's `RunInfo`.
    let testsInfo: Bool

    /// What was read cleanly for the check: listings by folder, and file contents by path
    /// relative to the run folder (params and tags as text, metrics as their points).
    struct Reads: Sendable {
        var listings: [String: [MLflowKeyedFiles.Entry]] = [:]
        var texts: [String: String] = [:]
        var points: [String: [MetricPoint]] = [:]
    }

    init(_ bound: QueryBound) {
        self.bound = bound
        let tests = bound.tests
        keys = [FieldKey.Namespace.params, .tags, .metrics].compactMap { namespace in
            var names: [String] = []
            for test in tests where test.namespace == namespace && !names.contains(test.name) { names.append(test.name) }
            return names.isEmpty ? nil : (namespace.rawValue, names)
        }
        testsInfo = tests.contains { $0.namespace == .info }
    }

    /// The files the bound needs, read in `files`, and the bound tested on them: nil when the run
    /// is outside, else what was read cleanly (nothing when a file could not be). `runName` is the
    /// run name `meta.yaml` gives (nil: none, so the `mlflow.runName` tag names the run, and is read
    /// when the bound tests run columns); `info` makes the run's `RunInfo` from the final run name.
    func read(_ files: ConfinedFolder, runName: String?, info: (String) -> RunInfo) -> Reads? {
        var reads = Reads()
        var texts: [String: [String: String]] = [:]
        var metrics: [String: Double] = [:]
        var keys = self.keys
        if testsInfo && runName == nil {
            if let index = keys.firstIndex(where: { $0.folder == "tags" }) {
                keys[index].names.append("mlflow.runName")
            } else {
                keys.append(("tags", ["mlflow.runName"]))
            }
        }
        for (folder, names) in keys {
            var warnings: [LoadWarning] = []
            let entries = MLflowKeyedFiles.list(files, folder, warnings: &warnings)
            guard warnings.isEmpty else { return Reads() }
            reads.listings[folder] = entries
            // In listing order, as the full read fills its dictionaries: of keys Swift counts
            // equal (`K`, U+212A), the same one wins.
            for entry in entries where names.contains(entry.key) {
                guard let bytes = try? files.bytes(entry.path) else { return Reads() }
                if folder == "metrics" {
                    let parsed = MLflowMetricFile.parse(bytes, path: entry.path)
                    guard parsed.warning == nil, parsed.partialLine == nil, let latest = MetricPoint.latest(of: parsed.points) else { return Reads() }
                    reads.points[entry.path] = parsed.points
                    metrics[entry.key] = latest.value
                } else {
                    let text = String(decoding: bytes, as: UTF8.self)
                    reads.texts[entry.path] = text
                    texts[folder, default: [:]][entry.key] = text
                }
            }
        }
        let infoRun = testsInfo ? Run(info: info(runName ?? texts["tags"]?["mlflow.runName"] ?? "")) : nil
        let inside = bound.holds { test in
            switch test.namespace {
            case .metrics: return test.holds(for: metrics[test.name].map(ConfigValue.double))
            case .params, .tags: return test.holds(for: texts[test.namespace.rawValue]?[test.name].map(ConfigValue.string))
            default: return test.holds(for: infoRun?.value(for: FieldKey(namespace: test.namespace, name: test.name)))
            }
        }
        return inside ? reads : nil
    }
}
