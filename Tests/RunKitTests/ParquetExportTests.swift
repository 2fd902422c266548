import Foundation
import Testing
@testable import RunKit

/// Parquet export (`ParquetEncoder`): pyarrow, polars, pandas and DuckDB read every table back
/// with the promised types and every value (Tests/Scripts/parquet_roundtrip.py), using the python
/// of `RUNKIT_TEST_PYTHON` (the venv `.ci/run` makes, with those four installed) or `python3`.
@Suite("Parquet export")
struct ParquetExportTests {
    /// A python that imports pyarrow, polars, pandas and duckdb, or nil.
    static let python: String? = [ProcessInfo.processInfo.environment["RUNKIT_TEST_PYTHON"], "python3"]
        .compactMap(\.self).filter { !$0.isEmpty }
        .first { PythonScript.imports("pyarrow, polars, pandas, duckdb", python: $0) }

    /// Every kind of cell: ints with nulls and extremes, NaN, ±inf, -0.0, empty and non-ASCII
    /// text, bools, timestamps, lists of each scalar kind with null and empty lists and null
    /// elements, a mixed column and a column of nulls only.
    static func awkward() throws -> RunKit.Table {
        try RunKit.Table([
            TableColumn("i", storage: .int([1, nil, .max, .min, 0])),
            TableColumn("start_time", storage: .int([1_795_285_956_967, nil, 0, -1, 86_400_000])),
            TableColumn("d", storage: .double([.nan, .infinity, -.infinity, nil, -0.0])),
            TableColumn("s", storage: .string(["", nil, "naïve ✓ 日本", "a,b\n\"c\"", "\u{0}x"])),
            TableColumn("b", storage: .bool([true, false, nil, true, false])),
            TableColumn("ints", values: [.list([1, 2]), .null, .list([]), .list([.null, 3]), .list([4])]),
            TableColumn("doubles", values: [.list([1, 2.5]), .list([.double(.nan), .double(.infinity)]), .null, .list([]), .list([.null])]),
            TableColumn("strings", values: [.list(["a", ""]), .null, .list(["✓"]), .list([.null]), .list([])]),
            TableColumn("bools", values: [.list([true]), .list([false, .null]), .null, .list([]), .list([true, true])]),
            TableColumn("mixed", values: ["a", 1, .map(["k": "v"]), .null, .list([.list([1])])]),
            TableColumn("nothing", values: [.null, .null, .null, .null, .null]),
        ])
    }

    @Test("pyarrow, polars, pandas and DuckDB read every table back: types and every value",
          .enabled(if: ParquetExportTests.python != nil, "skipped: no python with pyarrow, polars, pandas and duckdb (pip install them; .ci/run does, into its venv)"))
    func roundTrip() throws {
        let folder = try TemporaryFolder.make("runkit-parquet")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var manifest: [ConfigValue] = []
        for (name, table) in try ExportTests.tables() + [("awkward", try Self.awkward())] {
            try table.export(to: folder + "/\(name).parquet", format: .parquet)
            try AtomicFile.write(table.rendered(as: .jsonl), to: folder + "/\(name).reference.jsonl")
            manifest.append(["name": .string(name), "kinds": .list(table.columns.map { .string($0.kind.rawValue) })])
        }
        try AtomicFile.write(JSONWriter.string(.list(manifest)), to: folder + "/manifest.json")
        let (status, text) = try PythonScript.run(script: "parquet_roundtrip.py", [folder], python: Self.python!)
        #expect(status == 0, "\(text)")
        #expect(text.contains("checked"), "\(text)")
    }

    @Test("the file is framed as Parquet: PAR1, the footer's length, PAR1")
    func framing() throws {
        let bytes = ParquetEncoder.encode(try Self.awkward())
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8) && Array(bytes.suffix(4)) == Array("PAR1".utf8))
        let footer = bytes[bytes.count - 8..<bytes.count - 4].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(footer > 0 && footer < bytes.count - 12)
    }
}
