import Foundation
import Testing
@testable import RunKit

@Suite("Table")
struct TableTests {
    func trainRuns() throws -> RunCollection {
        try loadHydraFlowRuns(experiments: .name("train"))
    }

    @Test("columns are typed as pandas would type them; null is not NaN")
    func typing() throws {
        let table = try Table(columns: ["i", "d", "s", "b", "mixed", "list", "nulls"], rows: [
            [1, 0.5, "a", true, 1, [1, 2], .null],
            [.null, .double(.nan), .null, false, "x", .null, .null],
            [3, 2, "c", .null, .null, [3], .null],
        ])
        #expect(table.columns.map(\.kind) == [.int, .double, .string, .bool, .value, .value, .value])
        #expect(table.rowCount == 3)
        let d = try #require(table.column("d")?.doubles)
        #expect(d[0] == 0.5 && d[1]!.isNaN && d[2] == 2.0)
        #expect(table.column("i")?[1] == .null)
        #expect(table.column("d")?[1].doubleValue?.isNaN == true)
        #expect(table.column("d")?[1].isNull == false)
        #expect(table.row(2)["s"] == "c")
        #expect(table.row(2)["nope"] == nil)
    }

    @Test("lengths and names are checked")
    func invariants() throws {
        #expect(throws: RunKitError.self) { try Table([TableColumn("a", values: [1]), TableColumn("b", values: [1, 2])]) }
        #expect(throws: RunKitError.self) { try Table([TableColumn("a", values: [1]), TableColumn("a", values: [2])]) }
        #expect(throws: RunKitError.self) { try Table(columns: ["a", "b"], rows: [[1]]) }
        #expect(throws: RunKitError.self) { try Table(columns: ["a"], rows: [[1]]).select("b") }
        let empty = try Table([])
        #expect(empty.rowCount == 0 && empty.columns.isEmpty)
    }

    @Test("runs.table: one row per run, values as get gives them, defaults by value or closure")
    func fromRuns() throws {
        let runs = try trainRuns()
        let table = try runs.table(["run_id", "model.type", "optimizer.lr", "metrics.accuracy", "comment"], defaults: [
            "comment": .compute { run in .string("lr=\(run.value(for: "optimizer.lr", default: 0))") },
        ])
        #expect(table.rowCount == runs.count)
        #expect(table.columnNames == ["run_id", "model.type", "optimizer.lr", "metrics.accuracy", "comment"])
        #expect(table.column("run_id")?.values == runs.map { .string($0.id) })
        #expect(table.column("optimizer.lr")?.kind == .double)
        for (index, run) in runs.enumerated() {
            #expect(table.row(index)["metrics.accuracy"] == (run.value(for: "metrics.accuracy") ?? .null))
            #expect(table.row(index)["comment"] == .string("lr=\(try run.requiredValue(for: "optimizer.lr"))"), "\(table.row(index)["comment"] ?? .null)")
        }
        // The FAILED run has no accuracy: a null cell, not NaN.
        let failed = try #require(runs.firstIndex { $0.info.status == .failed })
        #expect(table.row(failed)["metrics.accuracy"] == .null)
        let filled = try runs.table(["metrics.accuracy"], defaults: ["metrics.accuracy": -1.0])
        #expect(filled.row(failed)["metrics.accuracy"] == .double(-1))
        #expect(throws: RunKitError.self) { try runs.table("no.such.key") }
    }

    @Test("select, filter and sort keep the columns typed and the order stable, nulls last")
    func operations() throws {
        let table = try trainRuns().table("run_name", "model.type", "seed", "metrics.accuracy")
        let cnn = table.filter { $0["model.type"] == "cnn" }
        #expect(cnn.rowCount == 7)
        #expect(cnn.column("seed")?.kind == .int)
        let ranked = try cnn.sorted(by: "metrics.accuracy", descending: true)
        let accuracies = ranked.column("metrics.accuracy")!.values
        #expect(accuracies.last == .null)   // the FAILED run: last in both directions
        let numbers = accuracies.compactMap(\.doubleValue)
        #expect(numbers == numbers.sorted(by: >))
        let ascending = try cnn.sorted(by: "metrics.accuracy")
        #expect(ascending.column("metrics.accuracy")!.values.last == .null)
        let bySeed = try table.sorted(by: "seed", "run_name")
        let pairs = bySeed.rows.map { ($0[2].intValue!, $0[0].stringValue!) }
        #expect(pairs.map(\.0) == pairs.map(\.0).sorted())
        let narrow = try table.select("seed", "run_name")
        #expect(narrow.columnNames == ["seed", "run_name"])
        #expect(narrow.rows.map { $0[1] } == table.column("run_name")!.values)
        let wider = try narrow.appending(TableColumn("n", values: Array(repeating: 1, count: narrow.rowCount)))
        #expect(wider.columnNames == ["seed", "run_name", "n"])
    }

    @Test("concat: a per-run history table with run keys in front, stacked")
    func concat() throws {
        let runs = try trainRuns()
        let long = try runs.concatenatedTables("run_id", "optimizer.lr") { run in try run.historyTable("loss") }
        #expect(long.columnNames == ["run_id", "optimizer.lr", "key", "step", "timestamp", "value"])
        var expectedRows = 0
        for run in runs { expectedRows += try run.history("loss")?.count ?? 0 }
        #expect(long.rowCount == expectedRows)
        let first = try #require(runs.first)
        let points = try #require(try first.history("loss"))
        let mine = long.filter { $0["run_id"] == .string(first.id) }
        #expect(mine.column("value")?.doubles == points.map(\.value))
        #expect(mine.column("step")?.values == points.map { .int(Int($0.step)) })
        #expect(mine.column("optimizer.lr")?.values.allSatisfy { $0 == (first.value(for: "optimizer.lr") ?? .null) } == true)
        let mixed = Table.concatenating([try Table(columns: ["a"], rows: [[1]]), try Table(columns: ["a", "b"], rows: [[0.5, "x"]])])
        #expect(mixed.columns.map(\.kind) == [.double, .string])
        #expect(mixed.rows == [[1.0, .null], [0.5, "x"]])
    }
}

@Suite("varyingKeys")
struct VaryingKeysTests {
    @Test("the keys that differ, by namespace or dotted start, as runkit diff lists them")
    func varying() throws {
        let runs = try loadHydraFlowRuns(experiments: .name("finetune")).filter(where: "lifecycle_stage = 'active'")
        #expect(runs.varyingKeys(prefix: "config") == ["config.model.type", "config.model.dropout", "config.data.augment", "config.seed"])
        #expect(runs.varyingKeys(prefix: "cfg.model") == ["config.model.type", "config.model.dropout"])
        #expect(runs.varyingKeys(prefix: "params") == ["params.augment", "params.dropout", "params.model.type", "params.seed"])
        #expect(runs.varyingKeys() == runs.varyingKeys(prefix: "config") + runs.varyingKeys(prefix: "params"))
        #expect(runs.varyingKeys(prefix: "model").contains("config.model.type"))
        let one = RunCollection([runs[0]])
        #expect(one.varyingKeys().isEmpty)
    }
}
