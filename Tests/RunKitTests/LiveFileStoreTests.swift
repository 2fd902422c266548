import Foundation
import Testing
@testable import RunKit

/// File stores, MLXP folders and malet logs caught while a tool writes them: a half-written file
/// or line is a run still being written (skipped, or read up to its last whole line, with a note),
/// never an error for the rest.
@Suite("Live file stores")
struct LiveFileStoreTests {
    let runID = "650d7f6de97e4887bb0f7ebda139dbf1"
    let experiment = "438572781195232465"

    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    // MARK: MLflow file store

    @Test("a metric line being appended: the points before it are read, the line is a note")
    func metricBeingAppended() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("mlflow-file/mlruns"))
        let file = copy.path + "/\(experiment)/\(runID)/metrics/relogged"
        let before = try MLflowFileStore(mlrunsPath: copy.path).loadRuns(LoadOptions(runIDs: [runID])).runs[0]
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count
        try append("1795285956999 0.125 1", to: file)   // step 1 of "… 0.125 12", cut
        let result = try MLflowFileStore(mlrunsPath: copy.path).loadRuns(LoadOptions(view: .all))
        #expect(result.runs.count == 34)
        #expect(result.warnings.map(\.path) == [file])
        #expect(result.warnings.first?.message == "\(file) line \(lines + 1) has no newline yet: it is still being written, and was not read.")
        let run = try #require(result.runs.first { $0.id == runID })
        #expect(try run.history("relogged")?.map(\.step) == before.history("relogged")?.map(\.step))
        #expect(run.metrics["relogged"] == before.metrics["relogged"])

        try append("2\n", to: file)   // the line is finished
        let finished = try MLflowFileStore(mlrunsPath: copy.path).loadRuns(LoadOptions(runIDs: [runID]))
        #expect(finished.warnings.isEmpty)
        #expect(try finished.runs[0].history("relogged")?.last?.step == 12)
    }

    @Test("a meta.yaml being created (empty, or without its last newline): the run is skipped with a note")
    func metaBeingCreated() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("mlflow-file/mlruns"))
        let meta = copy.path + "/\(experiment)/\(runID)/meta.yaml"
        let text = try String(contentsOfFile: meta, encoding: .utf8)
        for (partial, words) in [("", "is empty"), (String(text.dropLast(9)), "has no newline at its end yet")] {
            try write(partial, to: meta)
            let result = try MLflowFileStore(mlrunsPath: copy.path).loadRuns(LoadOptions(view: .all))
            #expect(result.runs.count == 33)
            #expect(!result.runs.contains { $0.id == runID })
            #expect(result.warnings.map(\.message) == ["\(meta) \(words): the run is still being created, and was skipped."])
        }
    }

    @Test("an experiment meta.yaml being created: that experiment is skipped with a warning, the others load")
    func experimentBeingCreated() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("mlflow-file/mlruns"))
        let meta = copy.path + "/0/meta.yaml"
        try write("", to: meta)
        let result = try MLflowFileStore(mlrunsPath: copy.path).loadRuns(LoadOptions(view: .all))
        #expect(result.runs.count == 32)
        #expect(result.warnings.map(\.path) == [meta])
        #expect(result.warnings.first?.message.contains("still being created") == true)
    }

    @Test("a config.yaml being written: the run loads with an empty config and a note")
    func configBeingWritten() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("mlflow-file/mlruns"))
        let config = copy.path + "/\(experiment)/\(runID)/artifacts/.hydra/config.yaml"
        try write("model:\n  type: mlp\n  hidden: 12", to: config)
        let result = try MLflowFileStore(mlrunsPath: copy.path).loadRuns(LoadOptions(runIDs: [runID]))
        #expect(result.runs.first?.config == .map([:]))
        #expect(result.warnings.map(\.message) == ["\(config) is still being written (its last line has no newline yet); the run's config was left empty."])
        try append("8\n", to: config)
        let finished = try MLflowFileStore(mlrunsPath: copy.path).loadRuns(LoadOptions(runIDs: [runID]))
        #expect(finished.warnings.isEmpty)
        #expect(finished.runs.first?.config.value(at: "model.hidden") == 128)
    }

    // MARK: MLXP

    @Test("MLXP metrics being appended: a cut last line is a note, a whole one without its newline is read")
    func mlxpMetricsBeingAppended() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("mlxp-logs/logs"))
        let file = copy.path + "/1/metrics/train.json"
        let before = try MLXPStore(logsPath: copy.path).loadRuns(LoadOptions(runIDs: ["1"])).runs[0]
        let count = try before.history("train.loss")!.count
        try append("{\"loss\": 0.5, \"epo", to: file)
        var result = try MLXPStore(logsPath: copy.path).loadRuns(LoadOptions(runIDs: ["1"]))
        #expect(try result.runs[0].history("train.loss")?.count == count)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.message == "\(file) line \(count + 1) has no newline yet: it is still being written, and was not read.")

        try append("ch\": 10}", to: file)   // whole, the newline not yet written
        result = try MLXPStore(logsPath: copy.path).loadRuns(LoadOptions(runIDs: ["1"]))
        #expect(result.warnings.isEmpty)
        #expect(try result.runs[0].history("train.loss")?.count == count + 1)
        #expect(result.runs[0].metrics["train.loss"] == 0.5)
    }

    @Test("MLXP metadata being written (empty, or without its last newline): the run is skipped with a note")
    func mlxpMetadataBeingWritten() throws {
        let copy = try TemporaryCopy(of: Fixtures.path("mlxp-logs/logs"))
        let all = try MLXPStore(logsPath: copy.path).loadRuns()
        let info = copy.path + "/2/metadata/info.yaml", config = copy.path + "/3/metadata/config.yaml"
        try write("", to: info)
        try write(String(try String(contentsOfFile: config, encoding: .utf8).dropLast(3)), to: config)
        let result = try MLXPStore(logsPath: copy.path).loadRuns()
        #expect(result.runs.count == all.runs.count - 2)
        let new = result.warnings.filter { !all.warnings.contains($0) }.map(\.message)
        #expect(new == ["\(info) is empty: run 2 is still being written, and was skipped.",
                        "\(config) has no newline at its end yet: run 3 is still being written, and was skipped."])
    }

    // MARK: malet

    var maletLog: String { Fixtures.path("malet/exp_group_resume/log.tsv") }

    @Test("a malet log cut in its last row: the row is a note, not a good row, even in a one-file store")
    func maletLastRowBeingWritten() throws {
        let folder = try TemporaryFolder.make("runkit-live")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = try String(contentsOfFile: maletLog, encoding: .utf8)
        #expect(text.hasSuffix("max_epochs\n"))
        let whole = try MaletStore(path: maletLog).loadRuns()
        for (name, cut) in [("lf.tsv", String(text.dropLast(5))),
                            ("crlf.tsv", String(Self.crlf(text).dropLast(6)))] {
            let path = folder + "/" + name
            try write(cut, to: path)
            let result = try MaletStore(path: path).loadRuns()
            #expect(result.runs.count == whole.runs.count - 1)
            #expect(!result.runs.contains { $0.metric("stop_reason") == .string("max_ep") })
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
            #expect(result.warnings.map(\.message) == ["\(path), line \(line): the last row has no newline yet: it is still being written, and was not read."])
        }
    }

    /// `text` with CR LF line ends, as pandas writes it with `lineterminator="\\r\\n"`: line breaks
    /// inside quoted cells stay as they are.
    static func crlf(_ text: String) -> String {
        var result = "", quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            result += character == "\n" && !quoted ? "\r\n" : String(character)
        }
        return result
    }

    @Test("a CRLF malet log reads as its LF original")
    func maletCRLF() throws {
        let folder = try TemporaryFolder.make("runkit-crlf")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for original in ["exp_group_resume/log.tsv", "exp_edge_values/log.tsv", "exp_splits/log_splits/split_0.tsv"].map({ Fixtures.path("malet/" + $0) }) {
            let path = folder + "/crlf.tsv"
            try write(Self.crlf(try String(contentsOfFile: original, encoding: .utf8)), to: path)
            let lf = try MaletStore(path: original).loadRuns(), crlf = try MaletStore(path: path).loadRuns()
            #expect(crlf.warnings.isEmpty)
            #expect(crlf.runs.count == lf.runs.count)
            func comparable(_ run: Run) -> String {   // the record without the places and folder names
                guard case .map(var record) = run.record() else { return "" }
                for key in ["run_id", "run_dir", "artifacts_dir", "experiment_id", "experiment_name"] { record[key] = nil }
                return JSONWriter.string(.map(record))
            }
            #expect(crlf.runs.map(comparable) == lf.runs.map(comparable))
            // The sweep runner reads its log's rows back the same way.
            let sweepLF = try #require(try ExperimentLogFile.read(original)), sweepCRLF = try #require(try ExperimentLogFile.read(path))
            #expect(sweepCRLF.rows.count == sweepLF.rows.count)
        }
    }

    @Test("a malet log being rewritten (empty, or cut in its header): a note, no runs, no error")
    func maletBeingRewritten() throws {
        let folder = try TemporaryFolder.make("runkit-live")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: Fixtures.path("malet/exp_group_resume/exp_config.yaml"), toPath: folder + "/exp_config.yaml")
        let text = try String(contentsOfFile: maletLog, encoding: .utf8)
        let path = folder + "/log.tsv"
        for (cut, words) in [("", "is empty"), (String(text.prefix(40)), "ends inside its header, without a final newline")] {
            try write(cut, to: path)
            let result = try MaletStore(path: folder).loadRuns()   // one log: a broken one would be an error
            #expect(result.runs.isEmpty)
            #expect(result.warnings.map(\.message) == ["\(path) \(words): it is still being written, and was skipped."])
        }
        try write(String(text.prefix(40)) + "\n", to: path)   // cut at a line's end: damaged, not being written
        #expect(throws: RunKitError.self) { try MaletStore(path: folder).loadRuns() }
    }
}
