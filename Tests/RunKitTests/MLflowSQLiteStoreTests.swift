import Foundation
import Testing
@testable import RunKit
@testable import RunKitModel

@Suite("MLflow SQLite store")
struct MLflowSQLiteStoreTests {
    let root = Fixtures.path("hydraflow-sqlite")

    func load(_ options: LoadOptions = LoadOptions(view: .all)) throws -> LoadResult {
        try MLflowSQLiteStore(databasePath: root + "/mlflow.db").loadRuns(options)
    }

    @Test("every run of expected/runs.json loads with every field equal")
    func conformance() throws {
        let result = try load()
        #expect(result.warnings.isEmpty)
        let expectedRuns = try Fixtures.expected("hydraflow-sqlite", "runs.json")["runs"]?.listValue ?? []
        #expect(expectedRuns.count == 29)
        #expect(result.runs.count == expectedRuns.count)
        let byID = Dictionary(uniqueKeysWithValues: result.runs.map { ($0.id, $0) })
        for expected in expectedRuns {
            let id = expected["run_id"]!.stringValue!
            guard let run = byID[id] else { Issue.record("run \(id) not loaded"); continue }
            let problems = try Conformance.differences(run, expected, fixtureRoot: root)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test("deleted runs are left out by default and alone with .deletedOnly")
    func lifecycle() throws {
        let active = try load(LoadOptions())
        #expect(active.runs.count == 28)
        #expect(!active.runs.contains { $0.id == "6d2e1562acc84297a5b5d7f2a0d7c5f9" })
        let deleted = try load(LoadOptions(view: .deletedOnly))
        #expect(deleted.runs.map(\.id) == ["6d2e1562acc84297a5b5d7f2a0d7c5f9"])
    }

    @Test("natural order is start_time descending, then run_id")
    func naturalOrder() throws {
        let runs = try load().runs
        for (a, b) in zip(runs, runs.dropFirst()) {
            let ordered = (a.info.startTime ?? 0) > (b.info.startTime ?? 0)
                || ((a.info.startTime ?? 0) == (b.info.startTime ?? 0) && a.id < b.id)
            #expect(ordered)
        }
    }

    @Test("experiments by name, glob and predicate")
    func experimentSelection() throws {
        #expect(try load(LoadOptions(experiments: .name("train"), view: .all)).runs.count == 13)
        #expect(try load(LoadOptions(experiments: .names(["*tune"]), view: .all)).runs.count == 16)
        #expect(try load(LoadOptions(experiments: .names(["[ft]*"]), view: .all)).runs.count == 29)
        #expect(try load(LoadOptions(experiments: .predicate { $0.hasPrefix("fine") })).runs.count == 16)
        #expect(try load(LoadOptions(experiments: .name("nope"))).runs.isEmpty)
    }

    @Test("a name or glob that selects no experiment is found by check(among:), with the closest names")
    func experimentSelectionCheck() throws {
        let names = try MLflowSQLiteStore(databasePath: root + "/mlflow.db").experiments().map(\.name)
        #expect(ExperimentSelection.names(["train", "fintune", "x*"]).unmatched(among: names) == ["fintune", "x*"])
        #expect(ExperimentSelection.all.unmatched(among: names).isEmpty)
        try ExperimentSelection.names(["train", "*tune"]).check(among: names)
        let error = #expect(throws: RunKitError.self) { try ExperimentSelection.name("trian").check(among: names) }
        #expect(error?.kind == .noMatch)
        #expect(error?.description == "No experiment is named 'trian' (did you mean 'train'?); the store's experiments: \(names.joined(separator: ", ")).")
        let glob = #expect(throws: RunKitError.self) { try ExperimentSelection.name("x*").check(among: names) }
        #expect(glob?.description.hasPrefix("No experiment matches 'x*'; the store's experiments: ") == true)
    }

    @Test("non-finite metrics read as MLflow reads them")
    func nonFinite() throws {
        let failed = try load().runs.first { $0.info.status == .failed }!
        let loss = try failed.history("loss")!
        #expect(loss.contains { $0.value.isNaN })
        #expect(try failed.history("grad_norm")!.contains { $0.value == 1.7976931348623157e308 })
    }

    @Test("history is read once and cached")
    func historyCached() throws {
        let run = try load().runs[0]
        let first = try run.metricHistory()
        let second = try run.metricHistory()
        #expect(first == second)
        #expect(!first.isEmpty)
    }

    @Test("a missing database is a clear error")
    func missingDatabase() {
        #expect(throws: RunKitError.self) { try MLflowSQLiteStore(databasePath: "/nonexistent/mlflow.db") }
        do { _ = try MLflowSQLiteStore(databasePath: "/nonexistent/mlflow.db") } catch let error as RunKitError {
            #expect(error.kind == .storeNotFound)
            #expect(error.description.contains("/nonexistent/mlflow.db"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test("a file that is not a database is a clear error")
    func notADatabase() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("runkit-not-a-db-\(UUID()).db").path
        try "hello".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        do { _ = try MLflowSQLiteStore(databasePath: file); Issue.record("no error") } catch let error as RunKitError {
            #expect(error.description.contains(file))
        }
    }

    @Test("a bad config is a warning naming the file; the other runs still load")
    func badConfig() throws {
        let copy = try TemporaryCopy(of: root)
        let victim = try load().runs[0]
        let configPath = copy.path + "/" + victim.info.artifactsDirectory!.dropFirst(root.count + 1) + "/.hydra/config.yaml"
        try "model: [unclosed\n  : : :".write(toFile: configPath, atomically: true, encoding: .utf8)
        let result = try MLflowSQLiteStore(databasePath: copy.path + "/mlflow.db").loadRuns(LoadOptions(view: .all))
        #expect(result.runs.count == 29)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.message.contains(configPath) == true)
    }

    @Test("the by-field layout of params, metrics and tags answers as each run's own dictionaries")
    func fieldLayout() throws {
        for options in [LoadOptions(view: .all), LoadOptions(), LoadOptions(view: .deletedOnly)] {
            let runs = try load(options).runs
            #expect(runs.allSatisfy { $0.laidOut != nil })
            var keys = Set<String>()
            for run in runs {
                keys.formUnion(run.params.keys.map { "params." + $0 })
                keys.formUnion(run.metrics.keys.map { "metrics." + $0 })
                keys.formUnion(run.tags.keys.map { "tags." + $0 })
            }
            #expect(keys.contains { $0.hasPrefix("params.") } && keys.contains { $0.hasPrefix("metrics.") })
            let texts = keys.sorted() + keys.sorted().map { $0.replacingOccurrences(of: ".", with: "__") }
                + ["params.nope", "metrics.nope", "tags.nope", "status", "config.seed", "info.run_name"]
            let fields = texts.map { QueryField(FieldKey($0), text: $0) }
            // One load, a reordered subset, and a mix with another load's runs and a run without a layout.
            let other = try load(LoadOptions(view: .all)).runs
            let plainRun = Run(info: RunInfo(runID: "plain"), params: ["lr": "1"], metrics: ["loss": 2])
            for collection in [runs, runs.reversed().enumerated().filter { $0.offset % 3 != 1 }.map(\.element),
                               Array(runs.prefix(5)) + other.suffix(5) + [plainRun] + runs.suffix(3)] {
                let columns = Run.values(of: fields, in: collection[...])
                for (field, column) in zip(fields, columns) {
                    let plain = collection.map { $0.value(for: field) }
                    #expect(zip(column, plain).allSatisfy { "\(String(describing: $0))" == "\(String(describing: $1))" }, "\(field)")
                }
                // Filters read the layout too: the runs a run-by-run evaluation keeps.
                let options = QueryOptions(allowMissing: true)
                let quoted = keys.sorted().map { key in
                    let dot = key.firstIndex(of: ".")!
                    return key[..<dot] + ".`" + key[key.index(after: dot)...] + "`"
                }
                // (A metric compared with quoted text is refused: metrics get the number unquoted.)
                for text in quoted.map({ "\($0) IS NULL" }) + quoted.map({ "\($0) > \($0.hasPrefix("metrics.") ? "0" : "'0'") or \($0) >= 0.5" })
                    + ["params.nope = 1 or metrics.nope < 1 or tags.nope LIKE '%'"] {
                    let query = try Query(text)
                    let plain = collection.filter { run in query.root.matches({ run.value(for: $0) }, like: options.like) }
                    #expect(try RunCollection(collection).filter(query, options: options).map(\.id) == plain.map(\.id), "\(text)")
                }
            }
        }
    }
}
