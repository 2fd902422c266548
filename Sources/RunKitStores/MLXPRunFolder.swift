#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RunKitFormats
import RunKitModel
import RunKitSupport
import OrderedCollections

/// Loads one MLXP run folder (`logs/<id>/`): `metadata/config.yaml`, `metadata/info.yaml`
/// (and `metadata/mlxp.yaml` where an MLXP version writes it), every `metrics/<log>.json`, and the
/// listing of `artifacts/`. Each file is read once; the metric lines give both the latest values
/// and the history. Files are read inside the run folder (`ConfinedFolder`). A metadata file
/// still being written (empty, or without its last newline) skips the run with a note.
enum MLXPRunFolder {
    /// Loads the run numbered `id` in `folder`. A folder without `config.yaml` or `info.yaml` is
    /// skipped with a warning naming the missing file: a note for what MLXP leaves out by design
    /// (a bare logger folder with neither file, a job whose info.yaml says STARTING), damage
    /// otherwise; a bad metric line is a damage warning and the rest of the run loads.
    static func load(folder: String, id: Int, experiment: String) -> RunLoadOutcome {
        var warnings: [LoadWarning] = []
        let infoPath = folder + "/metadata/info.yaml", configPath = folder + "/metadata/config.yaml"
        let files: ConfinedFolder
        let info: ConfigValue?, config: ConfigValue?
        do {
            guard let opened = try ConfinedFolder(folder) else { return RunLoadOutcome() }   // gone since listed
            files = opened
            info = try readYAML(files, "metadata/info.yaml")
            config = try readYAML(files, "metadata/config.yaml")
        } catch let partial as PartialFile {
            return RunLoadOutcome(warnings: [LoadWarning(path: partial.path, message:
                "\(partial.path) \(partial.state): run \(id) is still being written, and was skipped.", kind: partial.kind)])
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
            if let settings = try readYAML(files, "metadata/mlxp.yaml") {
                for (key, value) in settings.flattened(prefix: "mlxp") { raw[key] = value }
            }
        } catch let partial as PartialFile {
            warnings.append(LoadWarning(path: partial.path, message: "\(partial.path) \(partial.state): it is still being written, and was not read.", kind: partial.kind))
        } catch {
            warnings.append(LoadWarning.from(error, path: mlxpPath))
        }
        let (history, metrics, metricValues) = readMetrics(files, warnings: &warnings)
        let artifactsFolder = folder + "/artifacts"
        for (key, names) in listArtifacts(files, warnings: &warnings) { raw[key] = .map(names) }

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
        guard let files = try? ConfinedFolder(folder) else { return [:] }   // gone, or unreadable
        return readMetrics(files, warnings: &ignored).history
    }

    /// Every `metrics/<log>.json` file of the run parsed: the series by `<log>.<key>`, the latest
    /// numeric values, and the latest values of other types.
    private static func readMetrics(_ files: ConfinedFolder, warnings: inout [LoadWarning])
        -> (history: OrderedDictionary<String, [MetricPoint]>, metrics: [String: Double], metricValues: [String: ConfigValue]) {
        var metrics: [String: Double] = [:]
        var metricValues: [String: ConfigValue] = [:]
        var history = OrderedDictionary<String, [MetricPoint]>()
        do {
            let names = (try files.entries("metrics") ?? [])
                .filter { !$0.isDirectory && $0.name.hasSuffix(".json") && !$0.name.hasPrefix(".") }
                .map(\.name).sorted()
            for name in names {
                let relative = "metrics/" + name
                let path = files.absolute(relative)
                do {
                    guard let bytes = try files.bytes(relative) else { continue }
                    let parsed = MLXPMetricsFile.parse(bytes, path: path, logName: String(name.dropLast(".json".count)))
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
            warnings.append(LoadWarning.from(error, path: files.absolute("metrics")))
        }
        return (history, metrics, metricValues)
    }

    /// A file that is still being written: empty, or its last line without a newline (MLXP
    /// writes its YAML with PyYAML, which ends every line with one).
    private struct PartialFile: Error {
        var path: String
        var state: String
        /// An empty file is damage (exit status 2); one cut inside its last line a note.
        var kind: LoadWarning.Kind
    }

    /// A YAML file's value, nil when the file does not exist. Throws `PartialFile` for a file
    /// still being written.
    private static func readYAML(_ files: ConfinedFolder, _ relative: String) throws -> ConfigValue? {
        guard let bytes = try files.bytes(relative) else { return nil }
        guard bytes.last == UInt8(ascii: "\n") else {
            throw PartialFile(path: files.absolute(relative), state: bytes.isEmpty ? "is empty" : "has no newline at its end yet",
                              kind: bytes.isEmpty ? .damage : .note)
        }
        let value = try YAMLReader.parse(String(decoding: bytes, as: UTF8.self), file: files.absolute(relative))
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
    /// relative to the run folder. Hidden entries (`.keys/`) are left out. Only names are listed
    /// (artifacts are not read); a linked folder is not entered, as `os.walk` does not.
    static func listArtifacts(_ files: ConfinedFolder, warnings: inout [LoadWarning]) -> OrderedDictionary<String, OrderedDictionary<String, ConfigValue>> {
        var result = OrderedDictionary<String, OrderedDictionary<String, ConfigValue>>()
        func walk(_ relative: String, key: String) {
            let entries: [PosixFileSystem.Entry]
            do { entries = try files.entries(relative) ?? [] } catch {
                warnings.append(LoadWarning.from(error, path: files.absolute(relative)))
                return
            }
            let visible = entries.filter { !$0.name.hasPrefix(".") }.sorted { $0.name < $1.name }
            var names = OrderedDictionary<String, ConfigValue>()
            for entry in visible where entry.isFile { names[entry.name] = .string(relative + "/" + entry.name) }
            if !names.isEmpty { result[key] = names }
            for entry in visible where entry.isDirectory && !entry.isSymbolicLink {
                walk(relative + "/" + entry.name, key: key + "." + entry.name)
            }
        }
        let types = ((try? files.entries("artifacts")) ?? nil) ?? []
        for type in types.sorted(by: { $0.name < $1.name }) where type.isDirectory && !type.isSymbolicLink && !type.name.hasPrefix(".") {
            walk("artifacts/" + type.name, key: "artifact." + type.name + ".")
        }
        return result
    }
}
