import Foundation
import GRDB
import Testing
@testable import RunKit

/// Exports written, read back, and compared cell by cell; pandas and polars read them when they are installed.
@Suite("Export")
struct ExportTests {
    /// The tables exported: MLXP runs (NaN, Infinity, ints, strings, lists, nulls), MLflow file-store
    /// runs (tags with line breaks, commas and quotes), and a long-format history.
    static func tables() throws -> [(String, RunKit.Table)] {
        let mlxp = RunCollection(try MLXPStore(logsPath: Fixtures.path("mlxp-logs/logs")).loadRuns().runs)
        let file = RunCollection(try MLflowFileStore(mlrunsPath: Fixtures.path("mlflow-file/mlruns")).loadRuns(LoadOptions(view: .all)).runs)
        let history = try loadHydraFlowRuns(experiments: .all).historyTable()
        return [("mlxp", try mlxp.recordTable()), ("mlflow_file", try file.recordTable()), ("history", history)]
    }

    @Test("the tables hold what the round trips must survive")
    func coverage() throws {
        let tables = try Self.tables()
        let cells = tables.flatMap { $0.1.columns.flatMap(\.values) }
        #expect(cells.contains { $0.doubleValue?.isNaN == true })
        #expect(cells.contains { $0 == .double(.infinity) })
        #expect(cells.contains { $0.stringValue?.contains("\n") == true })
        #expect(cells.contains { $0.stringValue?.contains(",") == true })
        #expect(cells.contains { $0.listValue != nil })
        #expect(cells.contains(.null))
        #expect(tables[2].1.columnNames == ["run_id", "key", "step", "timestamp", "value"])
        #expect(tables[2].1.columns.map(\.kind) == [.string, .string, .int, .int, .double])
    }

    @Test("CSV (RFC 4180): every cell reads back as written, typed by its column")
    func csv() throws {
        let folder = try TemporaryFolder.make("runkit-export")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, table) in try Self.tables() {
            let path = folder + "/\(name).csv"
            try table.export(to: path, format: .csv)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.hasSuffix("\r\n"))
            let records = RFC4180.parse(text)
            #expect(records.first == table.columnNames)
            #expect(records.count == table.rowCount + 1)
            for (row, record) in records.dropFirst().enumerated() {
                for (column, field) in zip(table.columns, record) {
                    let cell = column[row]
                    #expect(Self.read(field, as: column.kind, like: cell), "\(name) row \(row) \(column.name): \(field) vs \(cell)")
                }
            }
        }
    }

    /// A CSV field read back as its column's kind equals the cell (null ⇔ empty field).
    static func read(_ field: String, as kind: RunKit.TableColumn.Kind, like cell: ConfigValue) -> Bool {
        if cell.isNull { return field.isEmpty }
        switch kind {
        case .int: return Int(field).map(ConfigValue.int) == cell
        case .double:
            guard let number = Double(field), let wanted = cell.doubleValue else { return false }
            return number == wanted || (number.isNaN && wanted.isNaN)
        case .bool: return (field == "true" ? ConfigValue.bool(true) : field == "false" ? .bool(false) : .null) == cell
        case .string: return field == cell.stringValue
        case .value:
            if case .string(let s) = cell { return field == s }
            return (try? JSONParser.parse(field)).map { Conformance.same($0, cell) } ?? false
        }
    }

    @Test("JSON lines and JSON: every cell reads back (NaN and ±infinity as null, so that data frames read float columns)")
    func json() throws {
        let folder = try TemporaryFolder.make("runkit-export")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, table) in try Self.tables() {
            try table.export(to: folder + "/\(name).jsonl", format: .jsonl)
            try table.export(to: folder + "/\(name).json", format: .json)
            let lines = try String(contentsOfFile: folder + "/\(name).jsonl", encoding: .utf8).split(separator: "\n")
            let array = try JSONParser.parse(String(contentsOfFile: folder + "/\(name).json", encoding: .utf8)).listValue ?? []
            #expect(lines.count == table.rowCount && array.count == table.rowCount)
            for (row, line) in lines.enumerated() {
                let object = try JSONParser.parse(String(line))
                #expect(object == array[row])
                #expect(object.mapValue.map { Array($0.keys) } == table.columnNames)
                for column in table.columns {
                    #expect(Conformance.same(object[column.name] ?? .string("absent"), RunKit.Table.nonFiniteAsNull(column[row])), "\(name) \(row) \(column.name)")
                }
            }
        }
    }

    @Test("SQLite: typed columns, every cell reads back (NaN becomes NULL, as SQLite stores it)")
    func sqlite() throws {
        let folder = try TemporaryFolder.make("runkit-export")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, table) in try Self.tables() {
            let path = folder + "/\(name).db"
            try table.export(to: path, format: .sqlite, tableName: name)
            try table.export(to: path, format: .sqlite, tableName: name)   // replaces the file
            let database = try DatabaseQueue(path: path)
            let rows = try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM \"\(name)\" ORDER BY rowid") }
            #expect(rows.count == table.rowCount)
            for (index, row) in rows.enumerated() {
                for column in table.columns {
                    let stored = row[column.name] as DatabaseValue
                    let cell = column[index]
                    switch (cell, stored.storage) {
                    case (.null, .null): break
                    case (.double(let d), .null) where d.isNaN: break
                    case (.double(let d), .double(let s)): #expect(d == s)
                    case (.int(let i), .int64(let s)): #expect(Int64(i) == s)
                    case (.bool(let b), .int64(let s)): #expect((b ? 1 : 0) == s)
                    case (.string(let t), .string(let s)): #expect(t == s)
                    case (.list, .string(let s)), (.map, .string(let s)): #expect(Conformance.same(try JSONParser.parse(s), cell))
                    default: Issue.record("\(name) \(index) \(column.name): \(cell) stored as \(stored)")
                    }
                }
            }
            let types = try database.read { db in try Row.fetchAll(db, sql: "SELECT type FROM pragma_table_info('\(name)')").map { $0["type"] as String } }
            #expect(types == table.columns.map { [.int: "INTEGER", .bool: "INTEGER", .double: "REAL"][$0.kind] ?? "TEXT" })
        }
    }

    @Test("long-format history equals malet's melt_and_explode_metric (melt.json)")
    func maletMelt() throws {
        let runs = RunCollection(try MaletStore(path: Fixtures.path("malet/exp_group_resume")).loadRuns().runs)
        let long = try runs.historyTable()
        let melt = try Fixtures.expected("malet", "melt.json")
        let variant = try #require(melt["variants"]?.listValue?.first { $0["kwargs"]?.mapValue?.isEmpty == true })
        let grid = melt["grid_fields"]?.listValue?.compactMap(\.stringValue) ?? []
        let rows = variant["rows"]?.listValue ?? []
        #expect(rows.count == variant["len"]?.intValue)
        var index: [String: Double] = [:]
        for row in 0..<long.rowCount {
            let r = long.row(row)
            index["\(r["run_id"]!.stringValue!)|\(r["key"]!.stringValue!)|\(r["step"]!.intValue!)"] = r["value"]!.doubleValue
        }
        for want in rows {
            let run = runs.first { run in grid.allSatisfy { run.config.value(at: $0) == want[$0] } }
            let id = try #require(run?.id, "no run for \(JSONWriter.string(want))")
            let metric = want["metric"]!.stringValue!
            let wanted = Conformance.decoded(want["metric_value"]!).doubleValue
            // malet melts a scalar result as a one-step series; RunKit keeps it a metric (no history).
            let value = try run!.history(metric) == nil && want["total_steps"] == 1
                ? run!.metric(metric)?.doubleValue
                : index["\(id)|\(metric)|\(want["step"]!.intValue!)"]
            #expect(value == wanted || (value?.isNaN == true && wanted?.isNaN == true), "\(JSONWriter.string(want))")
        }
        let listRows = rows.filter { (try? runs.first!.history($0["metric"]!.stringValue!)) != nil }.count
        #expect(listRows > 0)
    }

    /// python3 with pandas and polars importable (`pip install pandas polars`).
    static let pythonHasDataFrames = PythonScript.imports("pandas, polars")

    @Test("pandas and polars read every export with the numbers and dtypes expected",
          .enabled(if: ExportTests.pythonHasDataFrames, "skipped: python3 with pandas and polars is not installed (pip install pandas polars)"))
    func pandasAndPolars() throws {
        let folder = try TemporaryFolder.make("runkit-export")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var manifest: [ConfigValue] = []
        for (name, table) in try Self.tables() {
            for format in [ExportFormat.csv, .jsonl, .sqlite] {
                try table.export(to: folder + "/\(name).\(format.rawValue)", format: format, tableName: name)
            }
            // Every cell as RunKit's JSON contract writes it (NaN and ±infinity as strings): the reference.
            try AtomicFile.write(table.rendered(as: .jsonl), to: folder + "/\(name).reference.jsonl")
            manifest.append(["name": .string(name), "kinds": .list(table.columns.map { .string($0.kind.rawValue) })])
        }
        try Data(JSONWriter.string(.list(manifest)).utf8).write(to: URL(fileURLWithPath: folder + "/manifest.json"))
        let (status, text) = try PythonScript.run(script: "export_roundtrip.py", [folder])
        #expect(status == 0, "\(text)")
        #expect(text.contains("checked"), "\(text)")
    }
}

/// A small RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF records.
enum RFC4180 {
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, afterQuote = false
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append(c); scalars.removeFirst() } else { quoted = false; afterQuote = true }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": record.append(field); field = ""; afterQuote = false
            case "\r" where scalars.first == "\n":
                scalars.removeFirst()
                record.append(field); records.append(record); record = []; field = ""; afterQuote = false
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
