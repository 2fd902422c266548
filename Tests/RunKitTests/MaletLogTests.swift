import Foundation
import OrderedCollections
import Testing
@testable import RunKit

@Suite("malet log (ExperimentLog.from_tsv)")
struct MaletLogTests {
    // MARK: Conformance with malet

    @Test("every case of expected/logs.json loads identically, field by field")
    func conformance() throws {
        let cases = try MaletExpected.cases()
        #expect(cases.count == 11)
        #expect(cases.reduce(0) { $0 + $1.corrections } == 9)
        for expected in cases {
            let log = try MaletLog.read(Fixtures.path("malet/" + expected.file))
            #expect(log.rowErrors.isEmpty, "\(expected.file): \(log.rowErrors)")
            #expect(MaletExpected.identical(.map(log.staticConfigs), expected.staticConfigs),
                    "\(expected.file) static configs: \(JSONWriter.string(.map(log.staticConfigs)))")
            #expect(log.gridFields == expected.gridFields, "\(expected.file)")
            #expect(log.metricFields == expected.metricFields, "\(expected.file)")
            #expect(log.rows.count == expected.rows.count, "\(expected.file)")
            for (index, (row, wanted)) in zip(log.rows, expected.rows).enumerated() {
                #expect(row.id == String(index), "\(expected.file) row \(index)")
                #expect(Array(wanted.keys) == log.columns, "\(expected.file) row \(index) columns")
                for (column, name) in log.columns.enumerated() {
                    guard let cell = wanted[name] else { continue }
                    #expect(MaletExpected.identical(row.values[column], cell.value),
                            "\(expected.file) row \(index) \(name): got \(JSONWriter.string(row.values[column])), expected \(JSONWriter.string(cell.value))")
                    #expect(row.isTuple(column: column) == cell.isTuple, "\(expected.file) row \(index) \(name) tuple")
                }
            }
        }
    }

    @Test("malet's corruptions are not repeated: info, nan_skipped_step and nan in a list read as written")
    func corrections() throws {
        let log = try MaletLog.read(Fixtures.path("malet/exp_group_resume/snapshots/log.after_failed_run.tsv"))
        let last = log.rows.count - 1
        #expect(log.value("log_msg", row: last) == .string("info: best val_acc 0.5317 at epoch 4"))
        #expect(log.value("stop_reason", row: last) == .string("nan_skipped_step"))
        #expect(log.value("grad_norm", row: last)?.listValue?[2].doubleValue?.isNaN == true)
        // Text malet already corrupted in earlier rows is that text.
        #expect(log.value("log_msg", row: 0)?.stringValue?.hasPrefix("2e+308o:") == true)
    }

    @Test("column types follow pandas: an int column with an empty cell is float, bool and text columns keep their cells")
    func columnTypes() throws {
        let split1 = try MaletLog.read(Fixtures.path("malet/exp_splits/log_splits/split_1.tsv"))
        #expect(split1.value("n_params", row: 0) == .int(561))
        #expect(split1.value("n_params", row: 0).map { MaletExpected.identical($0, .int(561)) } == true)
        let split0 = try MaletLog.read(Fixtures.path("malet/exp_splits/log_splits/split_0.tsv"))
        #expect(split0.value("n_params", row: 0).map { MaletExpected.identical($0, .double(561)) } == true)
        let snapshot = try MaletLog.read(Fixtures.path("malet/exp_group_resume/snapshots/log.after_failed_run.tsv"))
        let failed = snapshot.rows.firstIndex { $0.values[snapshot.columns.firstIndex(of: "status")!] == .string("F") }!
        #expect(snapshot.value("converged", row: 0) == .bool(false))
        #expect(snapshot.value("converged", row: failed)?.doubleValue?.isNaN == true)
        #expect(snapshot.value("train_loss", row: failed)?.doubleValue?.isNaN == true)
    }

    @Test("pandas' cell readers", arguments: [
        (["1", "-2", " 3 "], MaletColumnType.int),
        (["1", ""], .float),
        (["1", "NA"], .float),
        (["", "nan", "None"], .float),
        (["1.5", "2", "inf", "-Infinity", "1e-10"], .float),
        (["True", "false", ""], .bool),
        (["1", "x"], .text),
        (["0x1F", "31"], .text),
        (["1e", "2"], .text),
        (["9223372036854775808"], .float),
    ])
    func columnInference(cells: [String], type: MaletColumnType) {
        let buffers = cells.map { Array($0.utf8) }
        var flat: [UInt8] = []
        var ranges: [Range<Int>] = []
        for cell in buffers {
            ranges.append(flat.count..<flat.count + cell.count)
            flat += cell
        }
        let result = flat.withUnsafeBufferPointer { all in MaletColumnType.infer(ranges.map { UnsafeBufferPointer(rebasing: all[$0]) }) }
        #expect(result == type, "\(cells)")
    }

    @Test("a quoted cell keeps TAB, line breaks and doubled quotes; its row keeps its first line")
    func quotedCells() throws {
        let log = try MaletLog.read(Fixtures.path("malet/exp_edge_values/log.tsv"))
        #expect(log.value("text", row: 3) == .string("tab\there \"quoted\" line1\nline2 (1)"))
        #expect(log.rows.map(\.line) == [11, 13, 15, 17])
        #expect(log.value("unicode", row: 0) == .string("μ-law café"))
    }

    // MARK: Bad input

    /// A temporary folder for bad logs, removed when released.
    final class Scratch {
        let folder: String
        init() throws {
            folder = try TemporaryFolder.make("runkit-malet")
        }
        func write(_ name: String, _ text: String) throws -> String {
            let path = folder + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        deinit { try? FileManager.default.removeItem(atPath: folder) }
    }

    static let good = """
        [Static Configs]
        model: x
        ---------------------------------------------
          \t  \tdatetime\tduration\tcommit_hash\tstatus\tloss
        id\tlr\t        \t        \t           \t      \t    
        0\t0.1\t2026-11-21 18:35:25.299771\t0 days 00:00:00.073950\t\tC\t[0.5, 0.25]

        """

    func error(_ text: String) throws -> RunKitError? {
        let scratch = try Scratch()
        let path = try scratch.write("log.tsv", text)
        do {
            let log = try MaletLog.read(path)
            return log.rowErrors.first
        } catch let error as RunKitError {
            #expect(error.description.hasPrefix(path + ", line "), "\(error.description)")
            #expect(error.description.hasSuffix("."))
            #expect(!error.description.dropLast().contains(". "), "one sentence: \(error.description)")
            return error
        }
    }

    @Test("a good log reads (the base of the bad ones below)")
    func goodLog() throws {
        #expect(try error(Self.good) == nil)
        let scratch = try Scratch()
        let log = try MaletLog.read(try scratch.write("log.tsv", Self.good))
        #expect(log.rows.count == 1)
        #expect(log.value("loss", row: 0) == .list([0.5, 0.25]))
        #expect(log.value("commit_hash", row: 0)?.doubleValue?.isNaN == true)
    }

    @Test("a missing separator line is an error naming the file and line")
    func missingSeparator() throws {
        let text = Self.good.replacingOccurrences(of: "---------------------------------------------\n", with: "")
        let failure = try #require(try error(text))
        #expect(failure.kind == .malformedFile)
        #expect(failure.description.contains("line 2:") && failure.description.contains("45 '-'"), "\(failure.description)")
    }

    @Test("a row with too many fields is an error naming its line")
    func tooManyFields() throws {
        let text = Self.good + "1\t0.2\t2026-11-21 18:35:26.0\t0 days 00:00:01\t\tC\t[0.5]\textra\n"
        let failure = try #require(try error(text))
        #expect(failure.description.contains("line 7:") && failure.description.contains("8 fields"), "\(failure.description)")
    }

    @Test("column names that do not match the body are an error")
    func headerMismatch() throws {
        let text = Self.good.replacingOccurrences(of: "\tstatus\tloss\n", with: "\tstatus\n")
        let failure = try #require(try error(text))
        #expect(failure.description.contains("line 6:") && failure.description.contains("give 6"), "\(failure.description)")
    }

    @Test("other broken logs: no [Static Configs], no id column, a column named twice, bad YAML, an open quote, no column names")
    func otherBrokenLogs() throws {
        let cases: [(String, String)] = [
            (Self.good.replacingOccurrences(of: "[Static Configs]\n", with: ""), "line 1:"),
            (Self.good.replacingOccurrences(of: "id\tlr", with: "row\tlr"), "line 5:"),
            (Self.good.replacingOccurrences(of: "status\tloss", with: "status\tlr"), "line 5:"),
            (Self.good.replacingOccurrences(of: "model: x", with: "model: [x"), "YAML"),
            (Self.good + "1\t0.2\t\"open\t\t\t\t\n", "line 7:"),
            (String(Self.good.prefix(while: { $0 != "-" })) + String(repeating: "-", count: 45) + "\n", "line 4:"),
        ]
        for (text, line) in cases {
            let failure = try #require(try error(text))
            #expect(failure.description.contains(line), "\(failure.description)")
        }
    }
}
