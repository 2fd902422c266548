import Foundation
import Testing
@testable import RunKit

@Suite("AtomicFile")
struct AtomicFileTests {
    @Test("a write that fails half way leaves the old file and no temporary file")
    func failedWriteLeavesTheOldFile() throws {
        let folder = try TemporaryFolder.make("runkit-atomic")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/runs.csv"
        try AtomicFile.write("old\n", to: path)
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try AtomicFile.replace(path) { temporary in
                try Data("half a ne".utf8).write(to: URL(fileURLWithPath: temporary))
                throw Interrupted()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["runs.csv"])
        try AtomicFile.write([0x6E, 0x65, 0x77], to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["runs.csv"])
    }

    @Test("a table export that cannot be written names the file and leaves nothing")
    func exportIntoAMissingFolder() throws {
        let folder = try TemporaryFolder.make("runkit-atomic")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let table = try Table([TableColumn("x", values: [.int(1)])])
        for format in [ExportFormat.csv, .sqlite] {
            let path = folder + "/missing/out.\(format.rawValue)"
            #expect {
                try table.export(to: path, format: format)
            } throws: { error in
                (error as? RunKitError)?.description.contains(folder + "/missing") == true
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("JSON exports write NaN and ±infinity as null, everywhere in a cell; CSV keeps them")
    func nonFiniteExports() throws {
        let table = try Table([
            TableColumn("loss", values: [.double(.nan), .double(.infinity), .double(-.infinity), .double(0.5), .null]),
            TableColumn("curve", values: [.list([.double(1), .double(.nan)]), .null, .null, .null, .null]),
        ])
        #expect(table.exported(as: .jsonl)?.split(separator: "\n").first == #"{"loss":null,"curve":[1.0,null]}"#)
        #expect(table.exported(as: .json)?.contains("NaN") == false)
        #expect(table.exported(as: .jsonl)?.contains("Infinity") == false)
        #expect(table.exported(as: .csv)?.contains("NaN,\"[1.0,\"\"NaN\"\"]\"") == true)
        #expect(table.exported(as: .csv)?.contains("\r\ninf,") == true)
        #expect(table.exported(as: .sqlite) == nil)
    }
}
