import RunKitModel

/// A `QueryBound` (`LoadOptions.bound`) tested on each run folder of MLflow's file store before
/// the run is read whole: only the files its tests name are read first — the listing of each
/// folder they test (`params/`, `tags/`, `metrics/`, walked as a full load walks it, so a key with
/// `/` is a nested file), the files of the tested keys (a metric's file whole: its latest value is
/// MLflow's largest (step, timestamp, value), not its last line) and, for run columns (`info.`),
/// the `meta.yaml` already read. The bound is evaluated on the values a full load would give the
/// run (`QueryBound.holds`), cheapest tests first (run columns, then params and tags, then
/// metrics), each key's files read when a test first needs them: a run that fails a param test
/// reads no metric file.
///
/// A run is inside when the bound holds, and also when a file it needed cannot be read cleanly
/// (its folder's listing warns, the file is unreadable or gone, a metric file has a malformed or
/// unfinished line or no value): the run is then read whole, which reports it as a full load does.
/// What was read cleanly is handed to that read (`Reads`), so a run inside reads nothing twice.
///
/// ```swift
/// let check = MLflowBoundCheck(try Query("metrics.loss < 0.5").bound)
/// let reads = check.read(files, runName: nil) { runName in info(runName) }   // nil: outside
/// ```
struct MLflowBoundCheck: Sendable {
    /// The bound, each AND's terms cheapest first.
    let bound: QueryBound

    /// What was read cleanly for the check: listings by folder, and file contents by path
    /// relative to the run folder (params and tags as text, metrics as their points).
    struct Reads: Sendable {
        var listings: [String: [MLflowKeyedFiles.Entry]] = [:]
        var texts: [String: String] = [:]
        var points: [String: [MetricPoint]] = [:]
    }

    init(_ bound: QueryBound) {
        self.bound = Self.cheapestFirst(bound)
    }

    /// The bound with each AND's terms in the order they are cheapest to test on a run folder:
    /// run columns (read already), params and tags (one small file), metrics (a whole history).
    private static func cheapestFirst(_ bound: QueryBound) -> QueryBound {
        func cost(_ bound: QueryBound) -> Int {
            switch bound {
            case .unbounded: return 0
            case .stored(let test): return test.namespace == .info ? 0 : [.metrics, .history].contains(test.namespace) ? 2 : 1
            case .all(let bounds), .any(let bounds): return bounds.map(cost).max() ?? 0
            }
        }
        switch bound {
        case .unbounded, .stored: return bound
        case .any(let bounds): return .any(bounds.map(cheapestFirst))
        case .all(let bounds):
            let ordered = bounds.map(cheapestFirst).enumerated().sorted { (cost($0.element), $0.offset) < (cost($1.element), $1.offset) }
            return .all(ordered.map(\.element))
        }
    }

    /// The bound tested on the files of `files` it needs: nil when the run is outside, else what
    /// was read cleanly (nothing when a file could not be). `runName` is the run name `meta.yaml`
    /// gives (nil: none, so the `mlflow.runName` tag names the run, read when a run column is
    /// tested); `info` makes the run's `RunInfo` from the final run name.
    func read(_ files: ConfinedFolder, runName: String?, info: (String) -> RunInfo) -> Reads? {
        var reads = Reads()
        var clean = true
        /// Each key's value as a full load gives it, by folder and key (nil inside: no value).
        var values: [String: [String: ConfigValue?]] = [:]
        var infoRun: Run?

        func value(_ folder: String, _ name: String) -> ConfigValue? {
            if let known = values[folder]?[name] { return known }
            var found: ConfigValue?
            defer { values[folder, default: [:]][name] = .some(found) }
            let entries: [MLflowKeyedFiles.Entry]
            if let listed = reads.listings[folder] {
                entries = listed
            } else {
                var warnings: [LoadWarning] = []
                entries = MLflowKeyedFiles.list(files, folder, warnings: &warnings)
                guard warnings.isEmpty else { clean = false; return nil }
                reads.listings[folder] = entries
            }
            // In listing order, as the full read fills its dictionaries: of keys Swift counts
            // equal (`K`, U+212A), the last one wins there and here.
            for entry in entries where entry.key == name {
                guard let bytes = try? files.bytes(entry.path) else { clean = false; return nil }
                if folder == "metrics" {
                    let parsed = MLflowMetricFile.parse(bytes, path: entry.path)
                    guard parsed.warning == nil, parsed.partialLine == nil, let latest = MetricPoint.latest(of: parsed.points) else {
                        clean = false
                        return nil
                    }
                    reads.points[entry.path] = parsed.points
                    found = .double(latest.value)
                } else {
                    let text = String(decoding: bytes, as: UTF8.self)
                    reads.texts[entry.path] = text
                    found = .string(text)
                }
            }
            return found
        }

        let inside = bound.holds { test in
            guard clean else { return true }
            let found: ConfigValue?
            switch test.namespace {
            case .params, .tags, .metrics:
                found = value(test.namespace.rawValue, test.name)
            case .history:
                // A point of the metric: its file read (and kept) as for `metrics.`; any further
                // test of the points is left to the query (a superset).
                let present = value("metrics", test.name) != nil
                return present || !clean
            default:
                if infoRun == nil {
                    let name = runName ?? value("tags", "mlflow.runName")?.stringForm ?? ""
                    infoRun = Run(info: info(name))
                }
                found = infoRun?.value(for: FieldKey(namespace: test.namespace, name: test.name))
            }
            return !clean || test.holds(for: found)
        }
        guard clean else { return Reads() }
        return inside ? reads : nil
    }
}
