import Foundation
import Testing
@testable import RunKit

/// Statistics against values computed by hand, NaN, nulls and missing values included.
@Suite("Aggregation")
struct AggregationTests {
    /// Plain maps in a generic collection: group `g`, value `x`, curve `h`.
    static let items: [ConfigValue] = [
        ["g": "a", "x": 1], ["g": "a", "x": 2], ["g": "a", "x": 4], ["g": "a"], ["g": "a", "x": .null],
        ["g": "b", "x": 3], ["g": "b", "x": .double(.nan)],
        ["g": "d", "x": 5.0],
        ["g": "e"],
        ["x": 10],
    ]
    let collection = ItemCollection(AggregationTests.items) { $0.mapValue?[$1] }

    func cell(_ table: Table, _ group: ConfigValue, _ column: String) throws -> ConfigValue {
        let row = try #require((0..<table.rowCount).first { table.row($0)["g"] == group })
        return try #require(table.row(row)[column])
    }

    @Test("every built-in on a group of 1, 2, 4 with a missing and a null value")
    func builtIns() throws {
        let specs = ["count()", "count(x)", "mean(x)", "std(x)", "sem(x)", "min(x)", "max(x)", "median(x)",
                     "quantile(x, 0.9)", "quantile(x,0.25)", "sum(x)", "first(x)", "last(x)", "nunique(x)", "list(x)", "x"]
        let table = try collection.aggregated(by: ["g"], specs.map { try Aggregation($0) })
        #expect(table.columnNames == ["g"] + specs)
        #expect(table.column("g")?.values == ["a", "b", "d", "e", .null])   // first-appearance order, missing last here
        #expect(try cell(table, "a", "count()") == .int(5))
        #expect(try cell(table, "a", "count(x)") == .int(3))
        #expect(try cell(table, "a", "mean(x)") == .double(7.0 / 3.0))
        let std = try #require(try cell(table, "a", "std(x)").doubleValue)
        #expect(abs(std - 1.5275252316519468) < 1e-15)   // sqrt(((1-7/3)² + (2-7/3)² + (4-7/3)²) / 2) = sqrt(7/3)
        let sem = try #require(try cell(table, "a", "sem(x)").doubleValue)
        #expect(abs(sem - 0.8819171036881969) < 1e-15)   // sqrt(7/3) / sqrt(3)
        #expect(try cell(table, "a", "min(x)") == .int(1))
        #expect(try cell(table, "a", "max(x)") == .int(4))
        #expect(try cell(table, "a", "median(x)") == .double(2))
        #expect(try cell(table, "a", "quantile(x, 0.9)") == .double(3.6))    // 2 + 0.8 * (4 - 2)
        #expect(try cell(table, "a", "quantile(x,0.25)") == .double(1.5))    // 1 + 0.5 * (2 - 1)
        #expect(try cell(table, "a", "sum(x)") == .int(7))
        #expect(try cell(table, "a", "first(x)") == .int(1))
        #expect(try cell(table, "a", "last(x)") == .int(4))
        #expect(try cell(table, "a", "nunique(x)") == .int(3))
        #expect(try cell(table, "a", "list(x)") == .list([1, 2, 4, .null, .null]))
        #expect(try cell(table, "a", "x") == .list([1, 2, 4, .null, .null]))
    }

    @Test("NaN propagates, one value has no spread, no value gives null (sum 0, count 0)")
    func nanAndEmpty() throws {
        let table = try collection.aggregated(by: ["g"], "count(x)", "mean(x)", "std(x)", "min(x)", "max(x)", "median(x)",
                                       "sum(x)", "first(x)", "last(x)", "nunique(x)")
        for column in ["mean(x)", "min(x)", "max(x)", "median(x)", "sum(x)", "last(x)"] {
            #expect(try cell(table, "b", column).doubleValue?.isNaN == true, "\(column)")
        }
        #expect(try cell(table, "b", "count(x)") == .int(2))
        #expect(try cell(table, "b", "nunique(x)") == .int(2))
        #expect(try cell(table, "b", "first(x)") == .int(3))
        #expect(try cell(table, "d", "mean(x)") == .double(5))
        #expect(try cell(table, "d", "std(x)").doubleValue?.isNaN == true)
        for column in ["mean(x)", "std(x)", "min(x)", "max(x)", "median(x)", "first(x)", "last(x)"] {
            #expect(try cell(table, "e", column) == .null, "\(column)")
        }
        #expect(try cell(table, "e", "sum(x)") == .int(0))
        #expect(try cell(table, "e", "count(x)") == .int(0))
        #expect(try cell(table, "e", "nunique(x)") == .int(0))
        #expect(table.column("mean(x)")?.kind == .double)
    }

    @Test("curves: elementwise, ragged lengths aligned as asked and said in the notes")
    func curves() throws {
        let runs = ItemCollection([["h": [1.0, 2.0, 3.0]], ["h": [3.0, 4.0]], ["h": .null]] as [ConfigValue]) { $0.mapValue?[$1] }
        let longest = try runs.aggregated(by: [], "mean(h)", "count(h)", "max(h)", "std(h)")
        #expect(longest.row(0)["mean(h)"] == .list([2.0, 3.0, 3.0]))
        #expect(longest.row(0)["count(h)"] == .list([2, 2, 1]))
        #expect(longest.row(0)["max(h)"] == .list([3.0, 4.0, 3.0]))
        #expect(longest.row(0)["std(h)"]?.listValue?.last?.doubleValue?.isNaN == true)
        #expect(longest.notes.count == 4)
        #expect(longest.notes[0].contains("mean(h): the curves of group (all runs) have 2 to 3 values"))
        let shortest = try runs.aggregated(by: [], ["mean(h)"].map { try Aggregation($0) }, alignment: .shortest)
        #expect(shortest.row(0)["mean(h)"] == .list([2.0, 3.0]))
        #expect(throws: RunKitError.self) { try runs.aggregated(by: [], [.mean("h")], alignment: .equal) }
    }

    @Test("errors name the aggregation and the group; unknown keys and functions are refused")
    func errors() throws {
        let runs = try loadHydraFlowRuns(experiments: .name("train"))
        do {
            _ = try runs.aggregated(by: ["model.type"], "mean(run_name)")
            Issue.record("no error")
        } catch let error as RunKitError {
            #expect(error.kind == .typeMismatch)
            #expect(error.description.hasPrefix("mean(run_name) in group model.type=\"cnn\": \"cnn-lr"), "\(error.description)")
        }
        #expect(throws: RunKitError.self) { try runs.aggregated(by: ["model.type"], "mean(metrics.nope)") }
        #expect(throws: RunKitError.self) { try Aggregation<Run>("average(metrics.loss)") }
        #expect(throws: RunKitError.self) { try Aggregation<Run>("quantile(metrics.loss)") }
        #expect(throws: RunKitError.self) { try Aggregation<Run>("mean()") }
        #expect(try Aggregation<Run>(" mean( metrics.loss ) ").name == "mean( metrics.loss )")
        #expect(Aggregation<Run>.quantile("metrics.loss", 0.9).name == "quantile(metrics.loss, 0.9)")
    }

    @Test("on real runs: mean/std over seeds equal the values computed from the runs' metrics")
    func realRuns() throws {
        let runs = try loadHydraFlowRuns(experiments: .name("train")).filter(where: "status = 'FINISHED'")
        let table = try runs.grouped(by: "model.type", "optimizer.lr").aggregated("count()", "mean(metrics.accuracy)", "std(metrics.accuracy)", "list(run_id)")
        #expect(table.columnNames == ["model.type", "optimizer.lr", "count()", "mean(metrics.accuracy)", "std(metrics.accuracy)", "list(run_id)"])
        for row in 0..<table.rowCount {
            let ids = table.row(row)["list(run_id)"]!.listValue!.compactMap(\.stringValue)
            let accuracies = ids.map { id in runs.first { $0.id == id }!.metrics["accuracy"]! }
            #expect(table.row(row)["count()"] == .int(ids.count))
            let mean = accuracies.reduce(0, +) / Double(accuracies.count)
            #expect(table.row(row)["mean(metrics.accuracy)"] == .double(mean))
            if accuracies.count > 1 {
                let variance = accuracies.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(accuracies.count - 1)
                #expect(abs(table.row(row)["std(metrics.accuracy)"]!.doubleValue! - variance.squareRoot()) < 1e-15)
            }
        }
        let custom = try runs.grouped(by: "model.type").aggregated([.custom("best") { group in
            .string(try group.items.sorted(by: "metrics.accuracy", reverse: true).first().info.runName)
        }])
        #expect(custom.column("best")?.values == ["cnn-lr0.1-s2", "mlp-lr0.1-s1"])
    }
}
