import Foundation
import OrderedCollections
import Testing
@testable import RunKit
@testable import RunKitStores

@Suite("MLXP store")
struct MLXPStoreTests {
    let root = Fixtures.path("mlxp-logs")
    var logs: String { root + "/logs" }

    func load(_ options: LoadOptions = LoadOptions(), at path: String? = nil) throws -> LoadResult {
        try MLXPStore(logsPath: path ?? logs).loadRuns(options)
    }

    func expectedRuns() throws -> OrderedDictionary<String, ConfigValue> {
        Conformance.decoded(try Fixtures.expected("mlxp-logs", "runs.json")).mapValue ?? [:]
    }

    // MARK: Conformance with MLXP's Reader

    @Test("the 21 runs MLXP's Reader indexes load, with config, info, metric series and artifacts equal")
    func conformance() throws {
        let result = try load()
        let expected = try expectedRuns()
        #expect(expected.count == 21)
        #expect(result.runs.map(\.id) == expected.keys.sorted { Int($0)! < Int($1)! })
        let byID = Dictionary(uniqueKeysWithValues: result.runs.map { ($0.id, $0) })
        for (id, record) in expected {
            guard let run = byID[id] else { Issue.record("run \(id) not loaded"); continue }
            for (key, value) in record["config"]?.mapValue ?? [:] {
                let actual = run.flatConfig[String(key.dropFirst("config.".count))]
                #expect(actual.map { Conformance.same($0, value) } == true, "run \(id) \(key): \(String(describing: actual)) vs \(value)")
            }
            #expect(run.flatConfig.count == record["config"]?.mapValue?.count)
            for (key, value) in record["info"]?.mapValue ?? [:] {
                let actual = run.info.raw[String(key.dropFirst("info.".count))]
                #expect(actual.map { Conformance.same($0, value) } == true, "run \(id) \(key): \(String(describing: actual)) vs \(value)")
            }
            let history = try run.metricHistory()
            let series = record["metrics"]?.mapValue ?? [:]
            #expect(Set(history.keys) == Set(series.keys), "run \(id) metric keys")
            for (key, values) in series {
                let points = history[key] ?? []
                #expect(Conformance.same(.list(points.map(\.typedValue)), values), "run \(id) \(key) history")
                #expect(points.map(\.step) == (0..<Int64(points.count)).map { $0 })
                #expect(points.allSatisfy { $0.timestamp == nil })
                // Latest = the last value, typed as written.
                #expect(Conformance.same(run.metric(key) ?? .null, values.listValue?.last ?? .null), "run \(id) \(key) latest")
                #expect(Conformance.same(try run.requiredValue(for: "history." + key), values))
            }
            for (key, files) in record["artifacts"]?.mapValue ?? [:] {
                let listed = run.info.raw[key]?.mapValue ?? [:]
                #expect(listed.keys.sorted() == (files.mapValue?.keys.sorted() ?? []), "run \(id) \(key)")
                for (name, file) in files.mapValue ?? [:] {
                    #expect(listed[name] == file["relpath"], "run \(id) \(key) \(name)")
                    #expect(FileManager.default.fileExists(atPath: run.info.runDirectory! + "/" + (file["relpath"]?.stringValue ?? "")))
                }
            }
            #expect(run.info.raw.keys.filter { $0.hasPrefix("artifact.") }.count == (record["artifacts"]?.mapValue?.count ?? 0))
        }
    }

    @Test("every field of MLXP's reader.fields is a field of the runs (metrics under metrics., artifacts under info.)")
    func fields() throws {
        let runs = try load().runs
        let names = Set(FieldSummary.summarize(runs).map(\.key))
        let expected = try Fixtures.expected("mlxp-logs", "fields.json")["fields"]?.mapValue ?? [:]
        #expect(expected.count > 40)
        for (field, type) in expected {
            let ours: String
            if field.hasPrefix("config.") || field.hasPrefix("info.") { ours = field }
            else if type == "Artifact" { ours = "info." + field }
            else { ours = "metrics." + field }
            #expect(names.contains(ours), "\(field) is missing")
        }
    }

    @Test("folders MLXP leaves out by design (never started, bare logger) are skipped with a note naming the missing file")
    func skippedFolders() throws {
        let result = try load()
        #expect(result.warnings.count == 2)
        #expect(result.warnings.allSatisfy { $0.kind == .note } && !result.skippedDamage)
        #expect(result.warnings.contains { $0.path == logs + "/22/metadata/config.yaml" && $0.message.contains("STARTING") && $0.message.contains("run 22") })
        #expect(result.warnings.contains { $0.path == logs + "/23/metadata/info.yaml" && $0.message.contains("run 23") })
        #expect(!result.runs.contains { ["22", "23"].contains($0.id) })
    }

    // MARK: Attributes

    @Test("status, times, names and folders of the unified attributes")
    func attributes() throws {
        let runs = Dictionary(uniqueKeysWithValues: try load().runs.map { ($0.id, $0) })
        #expect(runs["1"]?.info.status == .finished)
        #expect(runs["19"]?.info.status == .failed)
        #expect(runs["20"]?.info.status == .running)
        #expect(MLXPRunFolder.status("STARTING") == .scheduled)
        #expect(MLXPRunFolder.status("COMPLETE") == .finished)
        let run = try #require(runs["19"])
        #expect(run.info.experimentName == "logs" && run.info.experimentID == "logs")
        #expect(run.info.runDirectory == logs + "/19")
        #expect(run.info.artifactsDirectory == logs + "/19/artifacts")
        // 21/11/2026 18:35:03, local time, as MLXP wrote it.
        var parts = DateComponents(calendar: Calendar.current, timeZone: TimeZone.current,
                                   year: 2026, month: 11, day: 21, hour: 18, minute: 35, second: 3)
        parts.nanosecond = 0
        let expected = Int64(parts.date!.timeIntervalSince1970 * 1000)
        #expect(run.info.startTime == expected && run.info.endTime == expected)
        // A killed run: empty end date and time, no end.
        #expect(runs["20"]?.info.endTime == nil && runs["20"]?.info.startTime != nil)
        #expect(MLXPRunFolder.time(date: "31/02/2026x", time: "10:00:00") == nil)
        #expect(MLXPRunFolder.time(date: "", time: "") == nil)
    }

    @Test("natural order is run id ascending as numbers, not as strings")
    func naturalOrder() throws {
        let ids = try load().runs.map(\.id)
        #expect(ids == (1...21).map(String.init))
    }

    @Test("metric values keep their JSON type; get, metrics. and history. reach them")
    func typedMetrics() throws {
        let runs = Dictionary(uniqueKeysWithValues: try load().runs.map { ($0.id, $0) })
        let run = try #require(runs["1"])
        #expect(try run.requiredValue(for: "test.status_msg") == .string("converged"))
        #expect(try run.requiredValue(for: "metrics.train.epoch") == .int(9))
        #expect(run.metrics["train.epoch"] == 9)
        #expect(run.metrics["test.status_msg"] == nil)
        #expect(try run.requiredValue(for: "history.train.epoch") == .list((0...9).map { .int($0) }))
        #expect(run.fieldNames().contains("metrics.test.status_msg"))
        // Run 19 logged Infinity and NaN before failing.
        let failed = try #require(runs["19"])
        #expect(failed.metrics["train.loss"] == .infinity)
        #expect(failed.metrics["test.gap"]?.isNaN == true)
        // Run 21 was killed and resumed: the epochs after its checkpoint are logged twice.
        #expect(try runs["21"]?.history("train.loss")?.count ?? 0 > 10)
    }

    @Test("selection: experiment name, run ids, deleted view")
    func selection() throws {
        #expect(try load(LoadOptions(runIDs: ["3", "12"])).runs.map(\.id) == ["3", "12"])
        #expect(try load(LoadOptions(experiments: .name("other"))).runs.isEmpty)
        #expect(try load(LoadOptions(experiments: .name("lo*"))).runs.count == 21)
        #expect(try load(LoadOptions(view: .deletedOnly)).runs.isEmpty)
        #expect(try MLXPStore(logsPath: logs).experiments().map(\.name) == ["logs"])
    }

    // MARK: Bad input

    @Test("a truncated last metrics line is a warning naming file and line; the good lines are kept")
    func truncatedMetrics() throws {
        let copy = try TemporaryCopy(of: logs)
        let file = copy.path + "/2/metrics/train.json"
        var text = try String(contentsOfFile: file, encoding: .utf8)
        let lines = text.split(separator: "\n").count
        text = String(text.dropLast(20))
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try load(at: copy.path)
        #expect(result.runs.count == 21)
        let warning = try #require(result.warnings.first { $0.path == file })
        #expect(warning.message.contains("line \(lines)"))
        let run = try #require(result.runs.first { $0.id == "2" })
        #expect(try run.history("train.loss")?.count == lines - 1)
        #expect(run.metrics["train.loss"] != nil)
    }

    @Test("a corrupt info.yaml skips that run with a warning; a missing log folder is an error")
    func corruptFiles() throws {
        let copy = try TemporaryCopy(of: logs)
        try "status: [unclosed\n".write(toFile: copy.path + "/5/metadata/info.yaml", atomically: true, encoding: .utf8)
        let result = try load(at: copy.path)
        #expect(result.runs.count == 20)
        #expect(result.warnings.contains { $0.message.contains("5/metadata/info.yaml") && $0.message.contains("Run 5 was skipped") && $0.isDamage })
        #expect(throws: RunKitError.self) { try load(at: root + "/no-such-logs") }
    }

    @Test("a started run that lost config.yaml or info.yaml is damage, not a note")
    func lostMetadata() throws {
        let copy = try TemporaryCopy(of: logs)
        try FileManager.default.removeItem(atPath: copy.path + "/5/metadata/config.yaml")   // info.yaml says COMPLETE
        try FileManager.default.removeItem(atPath: copy.path + "/6/metadata/info.yaml")     // config.yaml is still there
        let result = try load(at: copy.path)
        #expect(result.runs.count == 19 && result.skippedDamage)
        let lostConfig = try #require(result.warnings.first { $0.path == copy.path + "/5/metadata/config.yaml" })
        #expect(lostConfig.kind == .damage && lostConfig.message.contains("COMPLETE") && !lostConfig.message.contains("never started"))
        #expect(result.warnings.first { $0.path == copy.path + "/6/metadata/info.yaml" }?.kind == .damage)
        #expect(result.warnings.filter { $0.kind == .note }.count == 2)   // 22 and 23 are still notes
    }

    @Test("metadata/mlxp.yaml, written by some MLXP versions, is read into info as mlxp.… keys")
    func mlxpSettings() throws {
        let copy = try TemporaryCopy(of: logs)
        try "logger:\n  name: DefaultLogger\n  parent_log_dir: ./logs\nuse_version_manager: false\n"
            .write(toFile: copy.path + "/4/metadata/mlxp.yaml", atomically: true, encoding: .utf8)
        let result = try load(at: copy.path)
        let run = try #require(result.runs.first { $0.id == "4" })
        #expect(run.info.raw["mlxp.logger.name"] == .string("DefaultLogger"))
        #expect(try run.requiredValue(for: "mlxp.use_version_manager") == .bool(false))
        #expect(result.runs.first { $0.id == "5" }?.info.raw["mlxp.logger.name"] == nil)
        #expect(result.warnings.count == 2)
    }

    @Test("detection: the log folder, its parent, and a relative path with ..")
    func detection() throws {
        #expect(try RunStore.open(logs).kind == .mlxp)
        #expect(try RunStore.open(root).kind == .mlxp)
        #expect((try RunStore.open(root) as? MLXPStore)?.path == logs)
        let relative = URL(fileURLWithPath: logs).path.replacingOccurrences(of: FileManager.default.currentDirectoryPath, with: ".")
        #expect(try RunStore.open(relative).loadRuns(LoadOptions()).runs.count == 21)
    }
}
