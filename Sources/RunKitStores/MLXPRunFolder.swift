#if canImport(Glibc)
import Glibc
import RunKitFormats
import RunKitModel
import RunKitSupport
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import OrderedCollections

/// Loads one MLXP run folder (`logs/<id>/`): `metadata/config.yaml`, `metadata/info.yaml`
/// (and `metadata/mlxp.yaml` where an MLXP version writes it), every `metrics/<log>.json`, and the listing of `artifacts/`. Each file is read once; the
/// metric lines give both the latest values and the history.
enum MLXPRunFolder {
    /// Loads the run numbered `id` in `folder`. A folder without `config.yaml` or `info.yaml` is
    /// skipped with a warning naming the missing file: a note for what MLXP leaves out by design
    /// (a bare logger folder with neither file, a job whose info.yaml says STARTING), damage
    /// otherwise; a bad metric line is a damage warning and the rest of the run loads.
    static func load(folder: String, id: Int, experiment: String) -> RunLoadOutcome {
        var warnings: [LoadWarning] = []
        let infoPath = folder + "/metadata/info.yaml", configPath = folder + "/metadata/config.yaml"
        let info: ConfigValue?, config: ConfigValue?
        do {
            info = try readYAML(infoPath)
            config = try readYAML(configPath)
        } catch {
            var warning = LoadWarning.from(error, path: folder)
            warning.message += " Run \(id) was skipped."
            return RunLoadOutcome(warnings: [warning])
        }
        guard let info else {
            // Neither file: a bare `DefaultLogger` folder, which MLXP's Reader passes over by design.
            // config.yaml without info.yaml is no folder MLXP writes: damage.
            let message = "\(infoPath) is missing (MLXP writes it when a run starts; this folder holds no run MLXP would read); run \(id) was skipped."
            return RunLoadOutcome(warnings: [config == nil ? .note(path: infoPath, message: message) : LoadWarning(path: infoPath, message: message)])
        }
        guard let config else {
            // A job submitted but never started (info.yaml says STARTING) has no config.yaml yet:
            // by design. Any other status means config.yaml was lost: damage.
            let status = info.value(at: "status")?.stringValue
            let message = "\(configPath) is missing: run \(id)\(status.map { " (its info.yaml says \($0))" } ?? "") "
                + (status == "STARTING" ? "never started, and was skipped." : "was skipped.")
            return RunLoadOutcome(warnings: [status == "STARTING" ? .note(path: configPath, message: message) : LoadWarning(path: configPath, message: message)])
        }

        var raw = info.flattened()
        // Some MLXP versions also save their own settings as metadata/mlxp.yaml; MLXP's Reader
        // lists them as `mlxp.…` fields. Optional: 1.0.5 does not write it.
        let mlxpPath = folder + "/metadata/mlxp.yaml"
        do {
            if let settings = try readYAML(mlxpPath) {
                for (key, value) in settings.flattened(prefix: "mlxp") { raw[key] = value }
            }
        } catch {
            warnings.append(LoadWarning.from(error, path: mlxpPath))
        }
        let (history, metrics, metricValues) = readMetrics(folder + "/metrics", warnings: &warnings)
        let artifactsFolder = folder + "/artifacts"
        for (key, files) in listArtifacts(artifactsFolder, warnings: &warnings) { raw[key] = .map(files) }

        let runID = String(id)
        let runInfo = RunInfo(
            runID: runID, runName: "", experimentID: experiment, experimentName: experiment,
            status: status(info.value(at: "status")?.stringValue),
            startTime: time(date: info.value(at: "start_date"), time: info.value(at: "start_time")),
            endTime: time(date: info.value(at: "end_date"), time: info.value(at: "end_time")),
            userID: nil, runDirectory: folder, artifactsDirectory: artifactsFolder, raw: raw)
        let loaded = history
        return RunLoadOutcome(run: Run(info: runInfo, config: config, metrics: metrics, metricValues: metricValues,
                                       history: { loaded }), warnings: warnings)
    }

    /// The run folder's metric history read again, for a run the index holds (such a run loaded
    /// without warnings, and the index re-reads any run whose files changed since).
    static func history(folder: String) -> OrderedDictionary<String, [MetricPoint]> {
        var ignored: [LoadWarning] = []
        return readMetrics(folder + "/metrics", warnings: &ignored).history
    }

    /// Every `<log>.json` file of `metricsFolder` parsed: the series by `<log>.<key>`, the latest
    /// numeric values, and the latest values of other types.
    private static func readMetrics(_ metricsFolder: String, warnings: inout [LoadWarning])
        -> (history: OrderedDictionary<String, [MetricPoint]>, metrics: [String: Double], metricValues: [String: ConfigValue]) {
        var metrics: [String: Double] = [:]
        var metricValues: [String: ConfigValue] = [:]
        var history = OrderedDictionary<String, [MetricPoint]>()
        do {
            let files = (try PosixFileSystem.entries(metricsFolder) ?? [])
                .filter { $0.isFile && $0.name.hasSuffix(".json") && !$0.name.hasPrefix(".") }
                .map(\.name).sorted()
            for file in files {
                let path = metricsFolder + "/" + file
                do {
                    guard let bytes = try PosixFileSystem.bytes(path) else { continue }
                    let parsed = MLXPMetricsFile.parse(bytes, path: path, logName: String(file.dropLast(".json".count)))
                    warnings.append(contentsOf: parsed.warnings)
                    for (key, points) in parsed.series {
                        history[key] = points
                        guard let last = points.last else { continue }
                        if let raw = last.raw { metricValues[key] = raw }
                        if last.raw == nil || last.raw?.doubleValue != nil { metrics[key] = last.value }
                    }
                } catch {
                    warnings.append(LoadWarning.from(error, path: path))
                }
            }
        } catch {
            warnings.append(LoadWarning.from(error, path: metricsFolder))
        }
        return (history, metrics, metricValues)
    }

    /// A YAML file's value, nil when the file does not exist.
    private static func readYAML(_ path: String) throws -> ConfigValue? {
        guard let bytes = try PosixFileSystem.bytes(path) else { return nil }
        let value = try YAMLReader.parse(String(decoding: bytes, as: UTF8.self), file: path)
        return value.isNull ? .map([:]) : value
    }

    /// MLXP's status names in MLflow's vocabulary; an unknown or missing one is `RUNNING`.
    static func status(_ name: String?) -> RunStatus {
        switch name?.uppercased() {
        case "STARTING"?: return .scheduled
        case "COMPLETE"?: return .finished
        case "FAILED"?: return .failed
        default: return .running
        }
    }

    /// Milliseconds since the epoch of MLXP's `%d/%m/%Y` date and `%H:%M:%S` time, in the local
    /// time zone; nil when either is missing, empty or malformed.
    static func time(date: ConfigValue?, time: ConfigValue?) -> Int64? {
        guard let date = date?.stringValue, let clock = time?.stringValue else { return nil }
        let d = date.split(separator: "/").compactMap { Int32($0) }
        let t = clock.split(separator: ":").compactMap { Int32($0) }
        guard d.count == 3, t.count == 3, (1...31).contains(d[0]), (1...12).contains(d[1]) else { return nil }
        var parts = tm()
        parts.tm_mday = d[0]
        parts.tm_mon = d[1] - 1
        parts.tm_year = d[2] - 1900
        parts.tm_hour = t[0]
        parts.tm_min = t[1]
        parts.tm_sec = t[2]
        parts.tm_isdst = -1
        let seconds = mktime(&parts)
        return seconds == -1 ? nil : Int64(seconds) * 1000
    }

    /// The files under `artifacts/<type>/`, keyed as MLXP keys them: `artifact.<type>.` for the
    /// type's top folder, `artifact.<type>..<sub>.<dirs>` below it; each maps file name → path
    /// relative to the run folder. Hidden entries (`.keys/`) are left out.
    static func listArtifacts(_ folder: String, warnings: inout [LoadWarning]) -> OrderedDictionary<String, OrderedDictionary<String, ConfigValue>> {
        var result = OrderedDictionary<String, OrderedDictionary<String, ConfigValue>>()
        func walk(_ path: String, key: String, relative: String) {
            let entries: [PosixFileSystem.Entry]
            do { entries = try PosixFileSystem.entries(path) ?? [] } catch {
                warnings.append(LoadWarning.from(error, path: path))
                return
            }
            let visible = entries.filter { !$0.name.hasPrefix(".") }.sorted { $0.name < $1.name }
            var files = OrderedDictionary<String, ConfigValue>()
            for entry in visible where entry.isFile { files[entry.name] = .string(relative + "/" + entry.name) }
            if !files.isEmpty { result[key] = files }
            for entry in visible where entry.isDirectory {
                walk(path + "/" + entry.name, key: key + "." + entry.name, relative: relative + "/" + entry.name)
            }
        }
        let types = ((try? PosixFileSystem.entries(folder)) ?? nil) ?? []
        for type in types.sorted(by: { $0.name < $1.name }) where type.isDirectory && !type.name.hasPrefix(".") {
            walk(folder + "/" + type.name, key: "artifact." + type.name + ".", relative: "artifacts/" + type.name)
        }
        return result
    }
}
