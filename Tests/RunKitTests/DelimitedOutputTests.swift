import Foundation
import Testing
@testable import RunKit

/// CSV and TSV output read back by Python's `csv` module: exactly the rows written, whatever the
/// values hold (CR, LF, CR LF, quotes, separators, a quote before a combining mark).
@Suite("CSV and TSV output")
struct DelimitedOutputTests {
    static let python3: String? = {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = String(folder) + "/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static let tricky: [String] = [
        "plain", "", "a,b", "tab\there", "say \"hi\"", "\"", "line1\nline2", "line1\r\nINJECTED,row",
        "cr\ronly", "\r\n", "\n", "\r", "ends with CR LF\r\n", "\"\u{301}quote before a combining mark",
        " spaces around ", "µ-law café", "=1+1", "back\\slash",
    ]

    /// The rows Python's `csv.reader` reads from `text` (`delimiter` "," or "\t").
    func pythonRows(_ text: String, delimiter: String, python: String) throws -> [[String]] {
        let folder = try TemporaryFolder.make("runkit-csv")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/out"))
        let script = """
        import csv, json, sys
        with open(sys.argv[1], newline="", encoding="utf-8") as f:
            print(json.dumps(list(csv.reader(f, delimiter=sys.argv[2]))))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, folder + "/out", delimiter]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let parsed = try JSONParser.parse(String(decoding: data, as: UTF8.self))
        return (parsed.listValue ?? []).map { ($0.listValue ?? []).map { $0.stringValue ?? "?" } }
    }

    @Test("Python's csv module reads back exactly the rows written, as CSV and as TSV",
          .enabled(if: DelimitedOutputTests.python3 != nil, "skipped: python3 is not on PATH"))
    func pythonReadsBack() throws {
        let python = try #require(Self.python3)
        let columns = ["name", "value, with comma", "multi\nline header"]
        var rows: [[ConfigValue]] = Self.tricky.map { [.string($0), .string($0 + "|"), .string("x")] }
        rows.append([.null, 1.5, .double(.nan)])
        rows.append([["a": "b\r\n"], .list([1, "two"]), true])
        let written = [columns] + rows.map { $0.map(RowsRenderer.plainText) }
        for (format, delimiter) in [(OutputFormat.csv, ","), (.tsv, "\t")] {
            let text = RowsRenderer.render(columns: columns, rows: rows, format: format)
            #expect(try pythonRows(text, delimiter: delimiter, python: python) == written, "\(format)")
            // One column whose only value is empty: a line `""`, not an empty line Python skips.
            let single = RowsRenderer.render(columns: ["only"], rows: [[.string("")], [.null], ["x"]], format: format)
            #expect(try pythonRows(single, delimiter: delimiter, python: python) == [["only"], [""], [""], ["x"]], "\(format)")
        }
    }

    @Test("a value holding CR LF cannot add a record: each row stays one record")
    func crlfStaysInItsField() {
        let text = RowsRenderer.render(columns: ["tag"], rows: [["ok\r\nINJECTED"]], format: .csv)
        #expect(text == "tag\r\n\"ok\r\nINJECTED\"\r\n")
        let tsv = RowsRenderer.render(columns: ["tag"], rows: [["ok\r\nINJECTED"]], format: .tsv)
        #expect(tsv == "tag\n\"ok\r\nINJECTED\"\n")
        #expect(RFC4180.parse(text) == [["tag"], ["ok\r\nINJECTED"]])
    }

    @Test("table and Markdown cells keep a value on its line and send no control codes")
    func terminalCells() {
        let value: ConfigValue = "a\r\nb\rc\nd\u{1B}]0;title\u{07}e|f"
        let table = RowsRenderer.render(columns: ["v"], rows: [[value]], format: .table)
        #expect(table.split(separator: "\n").count == 3)
        #expect(!table.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(table.contains("a⏎b⏎c⏎d\u{FFFD}]0;title\u{FFFD}e|f"))
        let markdown = RowsRenderer.render(columns: ["v"], rows: [[value]], format: .markdown)
        #expect(markdown.split(separator: "\n").count == 3)
        #expect(markdown.contains("| a b c d\u{FFFD}]0;title\u{FFFD}e\\|f |"))
    }
}
