import Foundation
import OrderedCollections
import Testing
@testable import RunKit

@Suite("malet store")
struct MaletStoreTests {
    let root = Fixtures.path("malet")

    typealias ExpectedRow = OrderedDictionary<String, (value: ConfigValue, isTuple: Bool)>

    // MARK: Conformance: each row a run, every column reachable and typed as malet intends

    @Test("each experiment folder loads every row of its logs as a run equal to logs.json",
          arguments: ["exp_checkpoint", "exp_edge_values", "exp_group_resume", "exp_no_grid", "exp_splits"])
    func experimentFolder(_ name: String) throws {
        let cases = try MaletExpected.cases()
        // Natural order: log.tsv, then the splits by index; rows in file order.
        let files = cases.filter { $0.file == name + "/log.tsv" || $0.file.hasPrefix(name + "/log_splits/") }
            .sorted { $0.file < $1.file }
        #expect(!files.isEmpty)
        var expected: [(id: String, row: ExpectedRow, log: MaletExpected.Case)] = []
        for file in files {
            let prefix = file.file.contains("/log_splits/") ? URL(fileURLWithPath: file.file).deletingPathExtension().lastPathComponent + "/" : ""
            for (index, row) in file.rows.enumerated() { expected.append((prefix + String(index), row, file)) }
        }

        let store = try MaletStore(path: Fixtures.path("malet/" + name))
        #expect(try store.experiments().map(\.name) == [name])
        let result = try store.loadRuns()
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(result.runs.map(\.id) == expected.map(\.id))
        for (run, wanted) in zip(result.runs, expected) {
            let problems = try differences(run, wanted.row, wanted.log)
            #expect(problems.isEmpty, "\(name) run \(run.id):\n\(problems.joined(separator: "\n"))")
            #expect(run.info.experimentName == name && run.info.experimentID == name)
            #expect(run.info.runDirectory == root + "/" + name)
        }
    }

    @Test("a snapshot .tsv is a store of its own; its experiment is the folder holding exp_config.yaml")
    func snapshotFiles() throws {
        let snapshots = try MaletExpected.cases().filter { $0.file.contains("/snapshots/") }
        #expect(snapshots.count == 4)
        for snapshot in snapshots {
            let result = try MaletStore(path: Fixtures.path("malet/" + snapshot.file)).loadRuns()
            #expect(result.runs.count == snapshot.rows.count)
            for (run, row) in zip(result.runs, snapshot.rows) {
                let problems = try differences(run, row, snapshot)
                #expect(problems.isEmpty, "\(snapshot.file) run \(run.id):\n\(problems.joined(separator: "\n"))")
                #expect(run.info.experimentName == String(snapshot.file.prefix { $0 != "/" }))
            }
        }
    }

    /// Every difference between a run and its logs.json row.
    func differences(_ run: Run, _ row: ExpectedRow, _ log: MaletExpected.Case) throws -> [String] {
        var problems: [String] = []
        func check(_ what: String, _ actual: ConfigValue?, _ wanted: ConfigValue) {
            guard let actual, MaletExpected.identical(actual, wanted) else {
                problems.append("\(what): got \(actual.map { JSONWriter.string($0) } ?? "nothing"), expected \(JSONWriter.string(wanted))")
                return
            }
        }
        for (key, value) in log.staticConfigs.mapValue ?? [:] { check("config \(key)", run.config.mapValue?[key], value) }
        #expect(run.config.mapValue?.count == (log.staticConfigs.mapValue?.count ?? 0) + log.gridFields.count)
        for field in log.gridFields {
            check("config \(field)", run.config.mapValue?[field], row[field]!.value)
            check("get \(field)", run.value(for: field), row[field]!.value)
        }
        for field in log.metricFields {
            let (value, isTuple) = row[field]!
            if MaletLog.infoFields.contains(field) {
                check("info \(field)", run.info.raw[field], value)
                // malet's own status word stays at info.status; a bare `status` is the unified one (below).
                check("get \(field)", run.value(for: field == "status" ? "info.status" : field), value)
                continue
            }
            let history = try run.history(field)
            if !isTuple, case .list(let items) = value, !items.isEmpty,
               items.allSatisfy({ $0.isNumber || $0.isNull }), items.contains(where: \.isNumber) {
                // A list of numbers is a history, step 1…n; the latest value is the last element.
                check("history \(field)", history.map { .list($0.map(\.typedValue)) }, value)
                if history?.map(\.step) != (1...Int64(items.count)).map({ $0 }) { problems.append("history \(field): steps") }
                if history?.contains(where: { $0.timestamp != nil }) == true { problems.append("history \(field): timestamps") }
                let last = items.last!.isNull ? ConfigValue.double(.nan) : items.last!
                check("metric \(field)", run.metric(field), last)
                check("get history.\(field)", run.value(for: "history." + field), value)
            } else {
                if history != nil { problems.append("\(field) has a history") }
                check("metric \(field)", run.metric(field), value)
            }
            check("get \(field)", run.value(for: field), run.metric(field) ?? .null)
            // The numeric view: doubles and ints in `metrics`, other types only in `metricValues`.
            let latest = run.metric(field)
            switch latest {
            case .double(let d)?:
                if !MaletExpected.identical(.double(run.metrics[field] ?? 0), .double(d)) || run.metricValues[field] != nil {
                    problems.append("metrics \(field)")
                }
            case .int(let i)?:
                if run.metrics[field] != Double(i) { problems.append("metrics \(field) as a double") }
            default:
                if run.metrics[field] != nil { problems.append("\(field) is not a number but is in metrics") }
            }
        }
        // Unified attributes.
        let status: RunStatus
        switch row["status"]?.value {
        case .string("F")?: status = .failed
        case .string("R")?: status = .running
        default: status = .finished
        }
        if run.info.status != status { problems.append("status \(run.info.status)") }
        check("get status", run.value(for: "status"), .string(status.rawValue))
        let name = log.gridFields.map { "\($0)=\(pythonString(row[$0]!.value, isTuple: row[$0]!.isTuple))" }.joined(separator: ",")
        if run.info.runName != name { problems.append("run_name \(run.info.runName), expected \(name)") }
        if let end = row["datetime"]?.value.stringValue.flatMap(Self.localMicroseconds),
           let duration = row["duration"]?.value.stringValue.flatMap(Self.durationMicroseconds) {
            let wantedEnd = status == .running ? nil : Int64((Double(end) / 1000).rounded(.down))
            let wantedStart = Int64((Double(end - duration) / 1000).rounded(.down))
            if run.info.endTime != wantedEnd { problems.append("end_time \(String(describing: run.info.endTime)), expected \(String(describing: wantedEnd))") }
            if run.info.startTime != wantedStart { problems.append("start_time \(String(describing: run.info.startTime)), expected \(wantedStart)") }
        } else {
            problems.append("the expected row has no datetime/duration")
        }
        return problems
    }

    /// Python's `str()` of a grid value, as `to_csv` writes it.
    func pythonString(_ value: ConfigValue, isTuple: Bool) -> String {
        switch value {
        case .double(let d) where d.isNaN: return "nan"
        case .string(let s): return s
        case .list(let items) where isTuple:
            let inner = items.map { pythonString($0, isTuple: false) }.joined(separator: ", ")
            return items.count == 1 ? "(\(inner),)" : "(\(inner))"
        default: return JSONWriter.string(value)
        }
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff` in the local time zone, in µs, through Foundation's calendar.
    static func localMicroseconds(_ text: String) -> Int64? {
        let numbers = text.split(whereSeparator: { " -:.".contains($0) }).compactMap { Int($0) }
        guard numbers.count == 7 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let components = DateComponents(year: numbers[0], month: numbers[1], day: numbers[2],
                                        hour: numbers[3], minute: numbers[4], second: numbers[5])
        guard let date = calendar.date(from: components) else { return nil }
        return Int64(date.timeIntervalSince1970) * 1_000_000 + Int64(numbers[6])
    }

    /// `D days HH:MM:SS.ffffff` in µs.
    static func durationMicroseconds(_ text: String) -> Int64? {
        let numbers = text.split(whereSeparator: { " :.".contains($0) }).compactMap { Int64($0) }
        guard numbers.count == 5, text.contains(" days ") else { return nil }
        return ((numbers[0] * 24 + numbers[1]) * 60 + numbers[2]) * 60_000_000 + numbers[3] * 1_000_000 + numbers[4]
    }

    // MARK: Reaching columns by name

    @Test("every kind of column answers by its bare name, typed as malet intends")
    func bareNames() throws {
        let edge = try MaletStore(path: Fixtures.path("malet/exp_edge_values")).loadRuns().runs[1]
        #expect(try edge.requiredValue(for: "layers") == .list([64, 64]))                  // a tuple grid value
        #expect(try edge.requiredValue(for: "dropout") == .double(0.1))
        #expect(try edge.requiredValue(for: "opts.betas") == .list([0.9, 0.99]))           // nested statics
        #expect(try edge.requiredValue(for: "mapping") == .map(["a": 1, "b": [1.5, .null]]))
        #expect(try edge.requiredValue(for: "pair") == .list(["x", 1]))                    // a tuple result: one value
        #expect(try edge.history("pair") == nil)
        #expect(try edge.requiredValue(for: "flag") == .bool(true))
        #expect(try edge.requiredValue(for: "big") == .int(9_007_199_254_740_993))
        #expect(try edge.requiredValue(for: "pos_inf") == .double(.infinity))
        #expect(try edge.requiredValue(for: "nothing").doubleValue?.isNaN == true)
        #expect(try edge.requiredValue(for: "empty") == .list([]))
        #expect(try edge.requiredValue(for: "nested") == .list([[1, 2], [3]]))
        #expect(try edge.requiredValue(for: "true_str") == .bool(true))
        #expect(try edge.requiredValue(for: "hexish") == .int(31))
        #expect(try edge.requiredValue(for: "text") == .string("tab\there \"quoted\" line1\nline2 (1)"))
        #expect(try edge.requiredValue(for: "status") == .string("FINISHED"))               // the unified word…
        #expect(try edge.requiredValue(for: "info.status") == .string("C"))                // …malet's own at info.status
        #expect(try edge.requiredValue(for: "info.commit_hash") == .string("dd374b2d96485f2cb05d3695b1537503bc51364f"))
        #expect(edge.metricNames.count == 17)

        let resume = try MaletStore(path: Fixtures.path("malet/exp_group_resume")).loadRuns().runs[0]
        #expect(try resume.requiredValue(for: "train_loss") == .double(0.6654957834691143))
        #expect(try resume.requiredValue(for: "history.train_loss").listValue?.count == 5)
        #expect(try resume.requiredValue(for: "metrics.n_params") == .double(561))
        #expect(try resume.requiredValue(for: "config.batch_size") == .int(32))
        #expect(try resume.requiredValue(for: "log_msg") == .string("2e+308o: best val_acc 0.8928 at epoch 4"))
        #expect(resume.info.runName == "optimizer=sgd,lr=0.1,width=16,seed=1")
    }

    @Test("statuses: R is RUNNING without an end, F is FAILED with every metric NaN")
    func statuses() throws {
        let killed = try MaletStore(path: Fixtures.path("malet/exp_checkpoint/snapshots/log.after_kill.tsv")).loadRuns().runs
        #expect(killed.map(\.info.status) == [.finished, .finished, .finished, .running])
        #expect(killed[3].info.endTime == nil && killed[3].info.startTime != nil)
        #expect(try killed[3].history("loss")?.count == 3)
        let marked = try MaletStore(path: Fixtures.path("malet/exp_checkpoint/snapshots/log.after_mark_failed.tsv")).loadRuns().runs
        #expect(marked[3].info.status == .failed && marked[3].info.endTime != nil)

        let failed = try MaletStore(path: Fixtures.path("malet/exp_group_resume/snapshots/log.after_failed_run.tsv")).loadRuns().runs
            .filter { $0.info.status == .failed }
        #expect(failed.count == 1)
        #expect(failed[0].metrics.count == 9 && failed[0].metrics.values.allSatisfy(\.isNaN))
        #expect(try failed[0].metricHistory().isEmpty)
    }

    @Test("times: Python's datetime text with or without microseconds, pandas Timedelta text")
    func times() {
        var times = MaletTimes()
        for text in ["2026-11-21 18:35:25.299771", "2026-11-21 18:35:25", "2026-03-29 02:30:00.500000", "1999-12-31 23:59:59.000001"] {
            #expect(times.microseconds(datetime: text) == Self.localMicroseconds(text.contains(".") ? text : text + ".0"), "\(text)")
        }
        #expect(times.microseconds(datetime: "2026-11-21 18:35:25.2") == times.microseconds(datetime: "2026-11-21 18:35:25.200000"))
        for bad in ["2026-11-21", "2026-13-01 00:00:00", "2026-11-21T18:35:25", "2026-11-21 18:35:25.", "nan"] {
            #expect(times.microseconds(datetime: bad) == nil, "\(bad)")
        }
        #expect(MaletTimes.microseconds(duration: "0 days 00:00:00.013936") == 13_936)
        let twoDays: Int64 = (2 * 86_400 + 3_600 + 2 * 60 + 3) * 1_000_000
        #expect(MaletTimes.microseconds(duration: "2 days 01:02:03") == twoDays)
        #expect(MaletTimes.microseconds(duration: "-1 days +23:59:59.500000") == -500_000)
        #expect(MaletTimes.microseconds(duration: "00:00:01") == nil)
        #expect(MaletTimes.milliseconds(-1) == -1 && MaletTimes.milliseconds(1999) == 1)
    }

    // MARK: Layouts and selection

    @Test("a folder of experiments: one experiment per folder, ids unique in the store, selection by name and run id")
    func experimentsFolder() throws {
        let store = try MaletStore(path: root)
        #expect(store.kind == .malet)
        #expect(try store.experiments().map(\.name) == ["exp_checkpoint", "exp_edge_values", "exp_group_resume", "exp_no_grid", "exp_splits"])
        let all = try store.loadRuns()
        #expect(all.warnings.isEmpty)
        #expect(all.runs.count == 6 + 4 + 12 + 1 + 12)
        #expect(Set(all.runs.map(\.id)).count == all.runs.count)
        #expect(all.runs.allSatisfy { $0.id.hasPrefix($0.info.experimentName + "/") })
        let splits = try store.loadRuns(LoadOptions(experiments: .name("exp_s*")))
        #expect(splits.runs.map(\.id) == (0..<3).flatMap { split in (0..<4).map { "exp_splits/split_\(split)/\($0)" } })
        let one = try store.loadRuns(LoadOptions(runIDs: ["exp_splits/split_2/3"]))
        #expect(one.runs.map(\.info.runName) == ["optimizer=adam,lr=0.003,width=64,seed=2"])
        #expect(try store.loadRuns(LoadOptions(view: .deletedOnly)).runs.isEmpty)
        #expect(try store.loadRuns(LoadOptions(view: .all)).runs.count == all.runs.count)
    }

    @Test("a split file opened alone keeps its split in the run ids")
    func splitFile() throws {
        let runs = try MaletStore(path: Fixtures.path("malet/exp_splits/log_splits/split_1.tsv")).loadRuns().runs
        #expect(runs.map(\.id) == ["split_1/0", "split_1/1", "split_1/2", "split_1/3"])
        #expect(runs.allSatisfy { $0.info.experimentName == "exp_splits" })
    }

    @Test("detection: experiment folders, folders of them and logs are malet stores; other things are not")
    func detection() throws {
        for path in ["", "/exp_splits", "/exp_no_grid", "/exp_splits/log_splits/split_0.tsv", "/exp_group_resume/snapshots/log.after_failed_run.tsv"] {
            #expect(MaletStore.isMaletStore(root + path), "\(path)")
        }
        for path in ["/grids", "/expected", "/exp_splits/exp_config.yaml", "/expected/logs.json", "/missing"] {
            #expect(!MaletStore.isMaletStore(root + path), "\(path)")
        }
        #expect(!MaletStore.isMaletStore(Fixtures.path("mlflow-file")))
        #expect(throws: RunKitError.self) { try MaletStore(path: root + "/missing") }
        do {
            _ = try MaletStore(path: root + "/grids")
            Issue.record("grids/ opened as a malet store")
        } catch let error as RunKitError {
            #expect(error.kind == .unknownStoreKind && error.description.contains(root + "/grids"))
        }
    }

    // MARK: Bad input in a store

    @Test("in a multi-file store a bad file or row is a warning naming file and line, and the rest loads")
    func multiFileWarnings() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("malet/exp_splits"))
        let split1 = copy.path + "/log_splits/split_1.tsv"
        let split2 = copy.path + "/log_splits/split_2.tsv"
        var lines = try String(contentsOfFile: split1, encoding: .utf8).components(separatedBy: "\n")
        lines[9] += "\tan extra field"                                    // line 10: the row of id 1
        try lines.joined(separator: "\n").write(toFile: split1, atomically: true, encoding: .utf8)
        let text2 = try String(contentsOfFile: split2, encoding: .utf8)
        try text2.replacingOccurrences(of: String(repeating: "-", count: 45) + "\n", with: "").write(toFile: split2, atomically: true, encoding: .utf8)

        let result = try MaletStore(path: copy.path).loadRuns()
        #expect(result.runs.map(\.id) == ["split_0/0", "split_0/1", "split_0/2", "split_0/3", "split_1/0", "split_1/2", "split_1/3"])
        #expect(result.warnings.count == 2)
        #expect(result.warnings.map(\.path) == [split1, split2])
        #expect(result.warnings[0].message.hasPrefix(split1 + ", line 10: ") && result.warnings[0].message.hasSuffix("the row was skipped."), "\(result.warnings[0])")
        #expect(result.warnings[1].message.hasPrefix(split2 + ", line 2: ") && result.warnings[1].message.hasSuffix("the file was skipped."), "\(result.warnings[1])")
    }

    @Test("in a one-file store a bad row is an error naming the file and line")
    func singleFileError() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("malet/exp_checkpoint"))
        let log = copy.path + "/log.tsv"
        var lines = try String(contentsOfFile: log, encoding: .utf8).components(separatedBy: "\n")
        lines[9] += "\t0.5"                                               // line 10: the row of id 3
        try lines.joined(separator: "\n").write(toFile: log, atomically: true, encoding: .utf8)
        for store in [try MaletStore(path: copy.path), try MaletStore(path: log)] {
            do {
                _ = try store.loadRuns()
                Issue.record("a bad row loaded")
            } catch let error as RunKitError {
                #expect(error.kind == .malformedFile)
                #expect(error.description == "\(log), line 10: the row has 11 fields but the column names give 10 (id and 9 columns).")
            }
        }
    }

    @Test("reading never writes: the store is unchanged and loads read-only")
    func readOnly() throws {
        let copy = try TemporaryCopy(of: root)
        func snapshot() throws -> [String: Data] {
            var files: [String: Data] = [:]
            let enumerator = FileManager.default.enumerator(atPath: copy.path)
            while let item = enumerator?.nextObject() as? String {
                let path = copy.path + "/" + item
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                let stamp = "\(attributes[.modificationDate] ?? "")|\(attributes[.size] ?? "")"
                files[item] = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data(stamp.utf8)
                files[item + "#stamp"] = Data(stamp.utf8)
            }
            return files
        }
        let before = try snapshot()
        func setWritable(_ writable: Bool) throws {
            let enumerator = FileManager.default.enumerator(atPath: copy.path)
            var items = [""]
            while let item = enumerator?.nextObject() as? String { items.append(item) }
            for item in items.reversed() {
                let path = copy.path + (item.isEmpty ? "" : "/" + item)
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                let mode = isDirectory.boolValue ? (writable ? 0o755 : 0o555) : (writable ? 0o644 : 0o444)
                try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            }
        }
        try setWritable(false)
        defer { try? setWritable(true) }
        let store = try MaletStore(path: copy.path)
        _ = try store.experiments()
        let result = try store.loadRuns(LoadOptions(view: .all))
        #expect(result.runs.count == 35 && result.warnings.isEmpty)
        for run in result.runs { _ = try run.metricHistory() }
        try setWritable(true)
        #expect(try snapshot() == before)
    }
}
