import Foundation
import OrderedCollections
import Testing
@testable import RunKit
@testable import RunKitStores

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("MLflow file store")
struct MLflowFileStoreTests {
    let root = Fixtures.path("mlflow-file")
    var mlruns: String { root + "/mlruns" }

    func load(_ options: LoadOptions = LoadOptions(view: .all), at path: String? = nil) throws -> LoadResult {
        try MLflowFileStore(mlrunsPath: path ?? mlruns).loadRuns(options)
    }

    func expectedRuns() throws -> [ConfigValue] {
        try Fixtures.expected("mlflow-file", "runs.json")["runs"]?.listValue ?? []
    }

    // MARK: Conformance with MLflow

    @Test("every run of expected/runs.json loads with every field equal")
    func conformance() throws {
        let result = try load()
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        let expected = try expectedRuns()
        #expect(expected.count == 34)
        #expect(result.runs.count == expected.count)
        let byID = Dictionary(uniqueKeysWithValues: result.runs.map { ($0.id, $0) })
        for record in expected {
            let id = record["run_id"]!.stringValue!
            guard let run = byID[id] else { Issue.record("run \(id) not loaded"); continue }
            let problems = try Conformance.differences(run, record, fixtureRoot: root)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            #expect(run.info.runDirectory == root + "/" + record["artifact_dir"]!.stringValue!.dropLast("/artifacts".count))
            #expect(run.config == .map([:]))
        }
    }

    @Test("experiments: meta.yaml, tags, and .trash as deleted")
    func experiments() throws {
        let experiments = try MLflowFileStore(mlrunsPath: mlruns).experiments()
        let expected = try Fixtures.expected("mlflow-file", "runs.json")["experiments"]?.listValue ?? []
        #expect(experiments.map(\.id) == expected.map { $0["experiment_id"]!.stringValue! })
        for (experiment, record) in zip(experiments, expected) {
            #expect(experiment.name == record["name"]?.stringValue)
            #expect(experiment.lifecycleStage == record["lifecycle_stage"]?.stringValue)
            #expect(experiment.artifactLocation == record["artifact_location"]?.stringValue)
            #expect(experiment.creationTime.map { Int($0) } == record["creation_time"]?.intValue)
            #expect(experiment.lastUpdateTime.map { Int($0) } == record["last_update_time"]?.intValue)
            let tags = record["tags"]?.mapValue?.mapValues { $0.stringValue ?? "" } ?? [:]
            #expect(experiment.tags == Dictionary(uniqueKeysWithValues: tags.map { ($0.key, $0.value) }))
        }
    }

    @Test("raw info is meta.yaml as MLflow's RunInfo presents it")
    func rawInfo() throws {
        let runs = try load().runs
        let deleted = runs.first { $0.id == "556d324679844db98a7d738aabe42e7f" }!
        #expect(deleted.info.raw["status"] == .string("FINISHED"))
        #expect(deleted.info.raw["source_type"] == .int(4))
        #expect(deleted.info.raw["deleted_time"] == .int(1_795_285_956_871))
        #expect(deleted.info.raw["entry_point_name"] == .string(""))
        #expect(deleted.info.raw["experiment_id"] == .string("438572781195232465"))
        #expect(deleted.info.raw["artifact_uri"] == .string("file:///home/researcher/mlflow-a/mlruns/438572781195232465/556d324679844db98a7d738aabe42e7f/artifacts"))
        #expect(deleted.info.raw["tags"] == .list([]))
        let running = runs.first { $0.id == "0df6c282f23b42eead15ed77dfdaed2f" }!
        #expect(running.info.status == .running)
        #expect(running.info.raw["status"] == .string("RUNNING"))
        #expect(running.info.endTime == nil)
        #expect(running.info.raw["end_time"] == .null)
        // The artifacts folder is found by directory, never through the stale URI.
        #expect(running.info.artifactsDirectory == mlruns + "/438572781195232465/0df6c282f23b42eead15ed77dfdaed2f/artifacts")
    }

    // MARK: Selection and order

    @Test("deleted runs are left out by default and alone with .deletedOnly")
    func lifecycle() throws {
        let active = try load(LoadOptions())
        #expect(active.runs.count == 31)
        #expect(active.runs.allSatisfy { !$0.info.isDeleted })
        let deleted = try load(LoadOptions(view: .deletedOnly))
        #expect(Set(deleted.runs.map(\.info.runName)) == ["to-be-deleted", "old-1", "old-2"])
        let old = deleted.runs.filter { $0.info.experimentName == "old-exp" }
        #expect(old.count == 2)
        #expect(old.allSatisfy { $0.info.runDirectory!.contains("/.trash/806090910252687484/") })
    }

    @Test("natural order is start_time descending, then run_id, over all experiments")
    func naturalOrder() throws {
        let runs = try load().runs
        let expected = try expectedRuns().sorted { a, b in
            let (sa, sb) = (a["start_time"]!.intValue!, b["start_time"]!.intValue!)
            return sa != sb ? sa > sb : a["run_id"]!.stringValue! < b["run_id"]!.stringValue!
        }
        #expect(runs.map(\.id) == expected.map { $0["run_id"]!.stringValue! })
        let ties = runs.filter { $0.info.runName.hasPrefix("tie-") }.map(\.info.runName)
        #expect(ties == ["tie-a", "tie-b"])
    }

    @Test("experiments by name, glob and predicate; runs by id")
    func selection() throws {
        #expect(try load(LoadOptions(experiments: .name("vision"))).runs.count == 22)
        #expect(try load(LoadOptions(experiments: .name("vision"), view: .all)).runs.count == 23)
        #expect(try load(LoadOptions(experiments: .names(["nlp*", "Default"]))).runs.count == 9)
        #expect(try load(LoadOptions(experiments: .predicate { $0.hasPrefix("old") })).runs.isEmpty)
        #expect(try load(LoadOptions(experiments: .predicate { $0.hasPrefix("old") }, view: .all)).runs.count == 2)
        #expect(try load(LoadOptions(experiments: .name("nope"))).runs.isEmpty)
        let ids: Set = ["5cae461ef63e4408a9223926a42ac3ab", "36162c2b89e04480bff58417d31830da"]
        #expect(Set(try load(LoadOptions(view: .all, runIDs: ids)).runs.map(\.id)) == ids)
        #expect(try load(LoadOptions(runIDs: ids)).runs.map(\.id) == ["5cae461ef63e4408a9223926a42ac3ab"])
    }

    @Test("single run folders load by path, .trash ones as deleted")
    func runFolders() throws {
        let result = try MLflowFileStore.loadRunFolders([
            mlruns + "/0/5cae461ef63e4408a9223926a42ac3ab",
            mlruns + "/.trash/806090910252687484/36162c2b89e04480bff58417d31830da/",
        ])
        #expect(result.warnings.isEmpty)
        #expect(result.runs.map(\.info.runName) == ["scratch", "old-2"])
        #expect(result.runs[0].info.experimentName == "Default")
        #expect(result.runs[0].metrics == ["x": 1.0])
        #expect(result.runs[1].info.experimentName == "old-exp")
        #expect(result.runs[1].info.lifecycleStage == "deleted")
        #expect(result.runs[1].info.artifactsDirectory == mlruns + "/.trash/806090910252687484/36162c2b89e04480bff58417d31830da/artifacts")
        #expect(throws: RunKitError.self) { try MLflowFileStore.loadRunFolders([mlruns + "/0/nope"]) }
    }

    // MARK: Metrics

    @Test("history is the parsed points, kept: metric files are not read again")
    func historyKept() throws {
        let copy = try TemporaryCopy(of: mlruns)
        let run = try load(LoadOptions(runIDs: ["650d7f6de97e4887bb0f7ebda139dbf1"]), at: copy.path).runs[0]
        try FileManager.default.removeItem(atPath: copy.path + "/438572781195232465/650d7f6de97e4887bb0f7ebda139dbf1/metrics")
        let history = try run.history("relogged")!
        #expect(history.map(\.step) == [0, 1, 2, 1])
        #expect(run.metrics["relogged"] == 0.25)
    }

    @Test("metric lines: 2, 3 and 5 fields, Python's non-finite spellings, blank lines")
    func metricLines() {
        let text = """
        100 0.5
        101 NaN 1
        102 Infinity 2 train abc123
        103 -inf 3
        104 +INF 4

        105 1.5e+20 -5\r
        106 -0.0 7

        """   // MLflow ends every line with a newline (a last line without one is still being written)
        let parsed = MLflowMetricFile.parse(Array(text.utf8), path: "m")
        #expect(parsed.warning == nil)
        #expect(parsed.points.map(\.step) == [0, 1, 2, 3, 4, -5, 7])
        #expect(parsed.points.map(\.timestamp) == [100, 101, 102, 103, 104, 105, 106])
        #expect(parsed.points[1].value.isNaN)
        #expect(parsed.points[2].value == .infinity)
        #expect(parsed.points[3].value == -.infinity)
        #expect(parsed.points[4].value == .infinity)
        #expect(parsed.points[5].value == 1.5e20)
    }

    @Test("malformed metric lines are skipped with a warning naming file and line")
    func malformedMetricLines() {
        let parsed = MLflowMetricFile.parse(Array("100 0.5 0\n1795\n102 abc 2\n103 0.25 3\n".utf8), path: "/x/metrics/loss")
        #expect(parsed.points.map(\.value) == [0.5, 0.25])
        let message = parsed.warning?.message ?? ""
        #expect(message.contains("/x/metrics/loss line 2"))
        #expect(message.contains("2 malformed lines"))
        #expect(parsed.warning?.path == "/x/metrics/loss")
    }

    // MARK: meta.yaml

    @Test("the flat meta.yaml reader agrees with Yams on every meta.yaml of the fixture")
    func metaFastPath() throws {
        let files = FileManager.default.enumerator(atPath: mlruns)!.compactMap { $0 as? String }.filter { $0.hasSuffix("meta.yaml") }
        #expect(files.count == 38)
        for file in files {
            let text = try String(contentsOfFile: mlruns + "/" + file, encoding: .utf8)
            let fast = try #require(MLflowMetaFile.parseFlat(text), "\(file) fell back to Yams")
            #expect(ConfigValue.map(fast) == (try YAMLReader.parseWithYams(text)), "\(file)")
        }
        // PyYAML writes `run_name: 1e-3` unquoted and reads it back as a string.
        #expect(MLflowMetaFile.parseFlat("run_name: 1e-3\nstart_time: 5\n") == ["run_name": "1e-3", "start_time": 5])
        #expect(MLflowMetaFile.parseFlat("run_name: 'it''s'\ntags: []\n") == ["run_name": "it's", "tags": .list([])])
        #expect(MLflowMetaFile.parseFlat("run_name: a long name that PyYAML\n  folds onto the next line\n") == nil)
        #expect(try MLflowMetaFile.parse("run_name: a long name that PyYAML\n  folds onto the next line\n", path: "m")["run_name"]
                == "a long name that PyYAML folds onto the next line")
    }

    @Test("missing meta.yaml fields take MLflow's defaults")
    func metaDefaults() throws {
        let copy = try TemporaryCopy(of: mlruns)
        let run = "/438572781195232465/a6b0f7e001ac4e949b71ed7dd896b39e"
        try "run_id: a6b0f7e001ac4e949b71ed7dd896b39e\nexperiment_id: '438572781195232465'\nstart_time: 12\nrun_name: ''\n"
            .write(toFile: copy.path + run + "/meta.yaml", atomically: true, encoding: .utf8)
        let loaded = try load(LoadOptions(runIDs: ["a6b0f7e001ac4e949b71ed7dd896b39e"]), at: copy.path)
        #expect(loaded.warnings.isEmpty)
        let info = try #require(loaded.runs.first).info
        #expect(info.runName == "odd-values")   // from the mlflow.runName tag
        #expect(info.status == .running)
        #expect(info.lifecycleStage == "active")
        #expect(info.endTime == nil)
        #expect(info.userID == nil)
        #expect(info.startTime == 12)
    }

    // MARK: Bad input

    @Test("a non-existent mlruns path is a clear error")
    func missingStore() {
        do {
            _ = try MLflowFileStore(mlrunsPath: "/nonexistent/mlruns").loadRuns()
            Issue.record("no error")
        } catch let error as RunKitError {
            #expect(error.kind == .storeNotFound)
            #expect(error.description == "/nonexistent/mlruns does not exist.")
        } catch { Issue.record("unexpected \(error)") }
        #expect(throws: RunKitError.self) { try MLflowFileStore(mlrunsPath: "/nonexistent/mlruns").experiments() }
    }

    @Test("a truncated metric line is a warning naming the file; the run and the other runs load")
    func truncatedMetricLine() throws {
        let copy = try TemporaryCopy(of: mlruns)
        let file = copy.path + "/438572781195232465/650d7f6de97e4887bb0f7ebda139dbf1/metrics/relogged"
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        try (lines.dropLast().joined(separator: "\n") + "\n" + lines.last!.prefix(7)).write(toFile: file, atomically: true, encoding: .utf8)
        let result = try load(at: copy.path)
        #expect(result.runs.count == 34)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.path == file)
        #expect(result.warnings.first?.message.contains("\(file) line 4") == true)
        let run = result.runs.first { $0.id == "650d7f6de97e4887bb0f7ebda139dbf1" }!
        #expect(try run.history("relogged")!.count == 3)
        #expect(run.metrics["relogged"] == 0.25)
    }

    @Test("a run folder without meta.yaml is a warning naming the folder; the others load")
    func folderWithoutMeta() throws {
        let copy = try TemporaryCopy(of: mlruns)
        let folder = copy.path + "/0/0123456789abcdef0123456789abcdef"
        try FileManager.default.createDirectory(atPath: folder + "/metrics", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: copy.path + "/0/not-a-run", withIntermediateDirectories: true)
        let result = try load(at: copy.path)
        #expect(result.runs.count == 34)
        #expect(result.warnings.map(\.path) == [folder])
        #expect(result.warnings.first?.message.contains(folder) == true)
    }

    @Test("a corrupt meta.yaml is a warning naming the file; every other run loads")
    func corruptMeta() throws {
        let copy = try TemporaryCopy(of: mlruns)
        let meta = copy.path + "/791738911723262344/8da53ebe836d4dbca89fbba18ed78c0b/meta.yaml"
        try "run_id: [unclosed\n  : : :\n".write(toFile: meta, atomically: true, encoding: .utf8)
        let other = copy.path + "/791738911723262344/f553b2b7017347ddbc4a50a01fdb5af4/meta.yaml"
        try "- just\n- a list\n".write(toFile: other, atomically: true, encoding: .utf8)
        let result = try load(at: copy.path)
        #expect(result.runs.count == 32)
        #expect(Set(result.warnings.map(\.path)) == [meta, other])
        #expect(result.warnings.allSatisfy { $0.message.contains($0.path) })
    }

    @Test("invalid YAML in artifacts/.hydra/config.yaml: a warning, an empty config, the run loads")
    func badConfig() throws {
        let copy = try TemporaryCopy(of: mlruns)
        let run = copy.path + "/438572781195232465/b769b159ae9e4fa98c28b42903ec2336"
        let good = copy.path + "/438572781195232465/073e3c1f863846029b7f26eac93f1fc2"
        for folder in [run, good] {
            try FileManager.default.createDirectory(atPath: folder + "/artifacts/.hydra", withIntermediateDirectories: true)
        }
        let bad = run + "/artifacts/.hydra/config.yaml"
        try "model: [unclosed\n  : : :\n".write(toFile: bad, atomically: true, encoding: .utf8)
        try "model:\n  type: mlp\n  hidden: 128\nlr: 0.001\n".write(toFile: good + "/artifacts/.hydra/config.yaml", atomically: true, encoding: .utf8)
        let result = try load(at: copy.path)
        #expect(result.runs.count == 34)
        #expect(result.warnings.map(\.path) == [bad])
        #expect(result.warnings.first?.message.contains(bad) == true)
        let badRun = result.runs.first { $0.id == "b769b159ae9e4fa98c28b42903ec2336" }!
        #expect(badRun.config == .map([:]))
        #expect(badRun.params["lr"] == "0.1")
        let goodRun = result.runs.first { $0.id == "073e3c1f863846029b7f26eac93f1fc2" }!
        #expect(goodRun.config == ["model": ["type": "mlp", "hidden": 128], "lr": 0.001])
    }

    @Test("unreadable files are warnings naming them (skipped as root, where chmod does not block reads)")
    func unreadableFiles() throws {
        guard getuid() != 0 else { return }
        let copy = try TemporaryCopy(of: mlruns)
        let meta = copy.path + "/0/5cae461ef63e4408a9223926a42ac3ab/meta.yaml"
        let params = copy.path + "/0/89c1276ac7e44089b26c680ac0033034/params"
        chmod(meta, 0)
        chmod(params, 0)
        defer { chmod(meta, 0o644); chmod(params, 0o755) }
        let result = try load(at: copy.path)
        #expect(result.runs.count == 33)
        #expect(Set(result.warnings.map(\.path)) == [meta, params])
        #expect(result.warnings.allSatisfy { $0.message.contains($0.path) && $0.message.contains("permission denied") })
    }

    @Test("a run recording another experiment's id is skipped as MLflow skips it")
    func experimentMismatch() throws {
        let copy = try TemporaryCopy(of: mlruns)
        let meta = copy.path + "/0/5cae461ef63e4408a9223926a42ac3ab/meta.yaml"
        let text = try String(contentsOfFile: meta, encoding: .utf8).replacingOccurrences(of: "experiment_id: '0'", with: "experiment_id: '7'")
        try text.write(toFile: meta, atomically: true, encoding: .utf8)
        let result = try load(at: copy.path)
        #expect(result.runs.count == 33)
        #expect(result.warnings.map(\.path) == [meta])
    }
}
