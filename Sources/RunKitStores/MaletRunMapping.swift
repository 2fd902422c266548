import OrderedCollections
import RunKitFormats
import RunKitModel

/// Turns the rows of a `MaletLog` into `Run`s. The choices (docs/stores.md: malet):
///
/// - `run_id`: the row's `id` after `Source.idPrefix`: in a split log `<file stem>/<id>`
///   (`split_0/3`) so ids stay unique across the splits of one experiment; in a folder of
///   experiments the experiment's name comes first (`exp_splits/split_0/3`). malet renumbers ids
///   on every write, so an id names a row of the current file, not a config forever.
/// - `run_name`: the grid values as written, `optimizer=sgd,lr=0.1,width=16,seed=1` (an empty
///   cell shows as `nan`); empty without grid fields.
/// - `experiment_id` = `experiment_name`: the experiment folder's name. `run_dir`: that folder.
/// - `config`: the static configs (nested, as in the header) plus each grid field at the top,
///   typed as malet reads it back: a tuple grid value (`(64, 64)`) is a list, an empty cell
///   (a `null` grid value) is NaN.
/// - `info.raw`: malet's info columns `datetime`, `duration`, `commit_hash`, `status` as
///   written (an empty `commit_hash` is NaN, as malet reads it).
/// - `status`: `C` → FINISHED, `F` → FAILED, `R` → RUNNING; a log without a status column or
///   an empty status (older malet wrote rows only for finished results) → FINISHED; any other
///   text → RUNNING with a warning.
/// - `end_time`: `datetime`, malet's time of the row's last write (the end of a finished or
///   failed run), read in the local time zone as malet wrote it with `datetime.now()`; none
///   while the status is RUNNING. `start_time`: `datetime − duration`. `duration` sums every
///   attempt of a resumed config, so for a resumed run this is when an uninterrupted run would
///   have started.
/// - Every other column is a metric, typed as malet intends:
///   - a list of numbers (None allowed) is a history: step 1…n as malet's `melt` explodes it,
///     no timestamp, the latest value the last element;
///   - a float is `metrics[k]`; an int is `metricValues[k] = .int` and `metrics[k]` its double;
///   - a string, bool, dict, tuple, empty list or list of other values is `metricValues[k]`, one
///     value without history (malet explodes lists, never tuples);
///   - an empty cell is NaN (`metrics[k] = .nan`), as malet reads it: the key stays there, so a
///     failed row shows every metric as NaN and a column of NaNs is not dropped.
enum MaletRunMapping {
    /// The experiment a log belongs to, and how its run ids are prefixed.
    struct Source: Sendable {
        var experiment: Experiment
        var folder: String
        /// What comes before the row's id: `split_0/` for a split log, `<experiment>/` in a folder
        /// of experiments, both or neither.
        var idPrefix: String
    }

    /// The runs of `log` (only those in `runIDs` when given), and warnings for rows with an unknown status.
    static func runs(of log: MaletLog, source: Source, runIDs: Set<String>? = nil) -> (runs: [Run], warnings: [LoadWarning]) {
        let grid = log.gridFields.count
        let infoIndex = Dictionary(uniqueKeysWithValues: log.metricFields.enumerated()
            .filter { MaletLog.infoFields.contains($0.element) }.map { ($0.element, grid + $0.offset) })
        let metricColumns = log.metricFields.indices.map { grid + $0 }.filter { !infoIndex.values.contains($0) }
        let infoColumns = infoIndex.values.sorted()
        let columns = log.columns
        var runs: [Run] = []
        var warnings: [LoadWarning] = []
        var clock = MaletTimes()
        runs.reserveCapacity(log.rows.count)
        for row in log.rows {
            let runID = source.idPrefix + row.id
            if let runIDs, !runIDs.contains(runID) { continue }

            var config = log.staticConfigs
            config.reserveCapacity(config.count + grid)
            for (index, field) in log.gridFields.enumerated() { config[field] = row.values[index] }

            var raw = OrderedDictionary<String, ConfigValue>(minimumCapacity: infoColumns.count)
            for column in infoColumns { raw[columns[column]] = row.values[column] }
            var metrics: [String: Double] = Dictionary(minimumCapacity: metricColumns.count)
            var metricValues: [String: ConfigValue] = [:]
            var series: [(String, [ConfigValue])] = []
            for column in metricColumns {
                let name = log.metricFields[column - grid]
                let value = row.values[column]
                if !row.isTuple(column: column), case .list(let items) = value, isHistory(items) {
                    series.append((name, items))
                    assign(items[items.count - 1], to: name, metrics: &metrics, metricValues: &metricValues)
                } else {
                    assign(value, to: name, metrics: &metrics, metricValues: &metricValues)
                }
            }

            let statusText = infoIndex["status"].map { row.values[$0] }
            let status: RunStatus
            switch statusText {
            case .string("C")?, nil: status = .finished
            case .string("F")?: status = .failed
            case .string("R")?: status = .running
            case .double(let d)? where d.isNaN: status = .finished
            case let other?:
                status = .running
                warnings.append(LoadWarning(path: log.path, message: "\(log.path), line \(row.line): the status \(JSONWriter.string(other)) is not one of malet's C, F or R; the run is shown as RUNNING."))
            }
            let end = infoIndex["datetime"].flatMap { row.values[$0].stringValue }.flatMap { clock.microseconds(datetime: $0) }
            let duration = infoIndex["duration"].flatMap { row.values[$0].stringValue }.flatMap(MaletTimes.microseconds(duration:))
            let startTime = end.flatMap { end in duration.map { MaletTimes.milliseconds(end - $0) } }
            let endTime = status == .running ? nil : end.map(MaletTimes.milliseconds)

            var runName = ""
            for (field, text) in zip(log.gridFields, row.gridTexts) {
                if !runName.isEmpty { runName += "," }
                runName += field + "=" + (text.isEmpty ? "nan" : text)
            }
            let info = RunInfo(
                runID: runID, runName: runName,
                experimentID: source.experiment.id, experimentName: source.experiment.name,
                status: status, startTime: startTime, endTime: endTime,
                runDirectory: source.folder, raw: raw)
            let history = series
            runs.append(Run(info: info, config: .map(config), metrics: metrics, metricValues: metricValues, history: {
                var result = OrderedDictionary<String, [MetricPoint]>(minimumCapacity: history.count)
                for (name, items) in history {
                    result[name] = items.enumerated().map { MetricPoint(step: Int64($0.offset + 1), timestamp: nil, typed: $0.element) }
                }
                return result
            }))
        }
        return (runs, warnings)
    }

    /// A list malet's `melt` explodes into a numeric curve: not empty, numbers or None only, one number at least.
    static func isHistory(_ items: [ConfigValue]) -> Bool {
        var anyNumber = false
        for item in items {
            switch item {
            case .int, .double: anyNumber = true
            case .null: continue
            default: return false
            }
        }
        return anyNumber
    }

    /// Stores a latest value: doubles in `metrics`, ints in both, None as NaN, anything else in `metricValues`.
    private static func assign(_ value: ConfigValue, to name: String, metrics: inout [String: Double],
                               metricValues: inout [String: ConfigValue]) {
        switch value {
        case .double(let d): metrics[name] = d
        case .null: metrics[name] = .nan
        case .int(let i):
            metrics[name] = Double(i)
            metricValues[name] = value
        default:
            metricValues[name] = value
        }
    }
}
