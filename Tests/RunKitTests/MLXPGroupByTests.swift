import Foundation
import Testing
@testable import RunKit

/// `expected/groupby.json` of the MLXP corpus (MLXP's `groupby`, `aggregate` and the tutorial's
/// best-lr selection) replayed through `groupBy`, `agg` and `best`.
@Suite("MLXP groupby.json")
struct MLXPGroupByTests {
    static let cases: [ConfigValue] = (try? Fixtures.expected("mlxp-logs", "groupby.json"))?["cases"]?.listValue ?? []

    func runs(_ query: String) throws -> RunCollection {
        let all = RunCollection(try MLXPStore(logsPath: Fixtures.path("mlxp-logs/logs")).loadRuns().runs)
        return query.isEmpty ? all : try all.filter(where: query, options: .matching(.mlxp))
    }

    func testCase(_ name: String) throws -> ConfigValue {
        try #require(Self.cases.first { $0["name"]?.stringValue == name })
    }

    static func keys(_ value: ConfigValue?) -> [String] { value?.listValue?.compactMap(\.stringValue) ?? [] }
    static func ids(_ value: ConfigValue?) -> [String] { value?.listValue?.compactMap { $0.intValue.map(String.init) } ?? [] }

    /// MLXP's group key: the values with nulls (and missing keys) dropped, as quirk 10 says.
    static func mlxpKey(_ group: RunGroup) -> ConfigValue {
        .list(group.values.compactMap { $0 }.filter { !$0.isNull })
    }

    /// Relative tolerance 1e-12 (quirk 11: MLXP sums in its own row order, RunKit in id order).
    static func close(_ a: ConfigValue?, _ b: ConfigValue?) -> Bool {
        guard let x = a?.listValue, let y = b?.listValue, x.count == y.count else { return false }
        return zip(x, y).allSatisfy { p, q in
            guard let p = p.doubleValue, let q = q.doubleValue else { return false }
            return abs(p - q) <= 1e-12 * max(abs(p), abs(q))
        }
    }

    @Test("groupby cases: same groups with the same runs", arguments: ["groupby_one_key", "groupby_two_keys", "groupby_key_with_none_values", "groupby_status"])
    func groups(_ name: String) throws {
        let expected = try testCase(name)
        let groups = try runs(expected["query"]?.stringValue ?? "").grouped(by: Self.keys(expected["group_keys"]))
        let wanted = expected["groups"]?.listValue ?? []
        #expect(groups.count == wanted.count)
        for want in wanted {
            let group = groups.first { $0.values.count == Self.keys(expected["group_keys"]).count && Self.mlxpKey($0) == want["key"]! }
            #expect(group?.items.map(\.id) == Self.ids(want["ids"]), "group \(JSONWriter.string(want["key"]!))")
        }
        // First-appearance order in the store's order (run id ascending), not MLXP's set order.
        let firsts = groups.map { Int($0.items[0].id)! }
        #expect(firsts == firsts.sorted())
    }

    @Test("deliberate differences: list-valued keys group, metric keys group by their latest value; unknown keys fail")
    func differences() throws {
        let all = try runs("")
        let bySplits = try all.grouped(by: "config.data.splits")   // MLXP: TypeError (unhashable list)
        #expect(bySplits.count >= 1 && bySplits.allSatisfy { $0.values[0]?.listValue != nil })
        let byLoss = try all.grouped(by: "train.loss")             // MLXP: one group keyed "METRIC"
        #expect(byLoss.count > 1)
        #expect(throws: RunKitError.self) { try all.grouped(by: "config.nope") }
    }

    @Test("aggregate cases: elementwise mean curves per group", arguments: ["aggregate_mean_one_key", "aggregate_mean_two_keys"])
    func meanCurves(_ name: String) throws {
        let expected = try testCase(name)
        let keys = Self.keys(expected["group_keys"])
        let collection = try runs(expected["query"]!.stringValue!)
        let table = try collection.aggregated(by: keys, "mean(history.train.loss)", "mean(history.train.epoch)", "mean(history.test.loss)", "list(run_id)")
        #expect(table.notes.isEmpty)
        let wanted = expected["groups"]?.listValue ?? []
        #expect(table.rowCount == wanted.count)
        for want in wanted {
            let row = try #require((0..<table.rowCount).first { row in .list(keys.map { table.row(row)[$0]! }) == want["key"]! })
            #expect(Set(table.row(row)["list(run_id)"]!.listValue!.compactMap(\.stringValue)) == Set(Self.ids(want["ids_mlxp_order"])))
            for (column, mlxp) in [("mean(history.train.loss)", "fmean.train.loss"), ("mean(history.train.epoch)", "fmean.train.epoch"),
                                   ("mean(history.test.loss)", "fmean.test.loss")] where want[mlxp] != nil {
                #expect(Self.close(table.row(row)[column], want[mlxp]), "\(column) of \(JSONWriter.string(want["key"]!))")
            }
        }
    }

    @Test("summing in MLXP's row order reproduces its mean curves bit for bit")
    func bitForBit() throws {
        let expected = try testCase("aggregate_mean_two_keys")
        let collection = try runs(expected["query"]!.stringValue!)
        for want in expected["groups"]?.listValue ?? [] {
            let order = Self.ids(want["ids_mlxp_order"])
            let group = RunCollection(order.map { id in collection.first { $0.id == id }! })
            let table = try group.aggregated(by: [], "mean(history.train.loss)", "mean(history.test.loss)")
            #expect(table.row(0)["mean(history.train.loss)"] == want["fmean.train.loss"])
            #expect(table.row(0)["mean(history.test.loss)"] == want["fmean.test.loss"])
        }
    }

    @Test("the tutorial's best lr per model by mean train loss, then its test loss")
    func bestLearningRate() throws {
        let expected = try testCase("tutorial_best_lr_per_model")
        let collection = try runs(expected["query"]!.stringValue!)
        let best = try collection.best("mean(history.train.loss)", .minimize, per: ["config.model.num_units"],
                                       choosing: ["config.optimizer.lr"], report: ["mean(history.test.loss)", "list(run_id)"])
        #expect(best.columnNames == ["config.model.num_units", "config.optimizer.lr", "mean(history.train.loss)",
                                     "mean(history.test.loss)", "list(run_id)"])
        #expect(best.rows.map { .list(Array($0.prefix(2))) } == expected["best_keys"]!.listValue!)
        for (row, want) in (expected["selected"]?.listValue ?? []).enumerated() {
            #expect(Set(best.row(row)["list(run_id)"]!.listValue!.compactMap(\.stringValue)) == Set(Self.ids(want["ids_mlxp_order"])))
            #expect(Self.close(best.row(row)["mean(history.test.loss)"], want["fmean.test.loss"]))
        }
        // All groups' mean train-loss curves, as MLXP listed them.
        let all = try collection.aggregated(by: ["config.model.num_units", "config.optimizer.lr"], "mean(history.train.loss)")
        for want in expected["all_groups_fmean_train_loss"]?.listValue ?? [] {
            let row = try #require((0..<all.rowCount).first { .list(Array(all.rows[$0].prefix(2))) == want["key"]! })
            #expect(Self.close(all.row(row)["mean(history.train.loss)"], want["fmean.train.loss"]))
        }
        // The same choice from the latest (scalar) metric: the last point of each curve.
        let scalar = try collection.best("mean(metrics.train.loss)", .minimize, per: ["config.model.num_units"], choosing: ["config.optimizer.lr"])
        #expect(scalar.rows.map { .list(Array($0.prefix(2))) } == expected["best_keys"]!.listValue!)
    }

    @Test("ragged series: MLXP fails; RunKit fails with .equal, says so with .longest, cuts with .shortest")
    func ragged() throws {
        let expected = try testCase("aggregate_ragged_series")
        #expect(expected["error"] == true)
        let collection = try runs(expected["query"]!.stringValue!)
        let keys = Self.keys(expected["group_keys"])
        #expect(throws: RunKitError.self) { try collection.aggregated(by: keys, [.mean("history.train.loss")], alignment: .equal) }
        let longest = try collection.aggregated(by: keys, "mean(history.train.loss)", "count(history.train.loss)")
        #expect(longest.notes.contains { $0.contains("config.optimizer.lr=10.0") && $0.contains("10 to ") })
        let row = try #require((0..<longest.rowCount).first { longest.row($0)["config.optimizer.lr"] == 10.0 })
        let counts = longest.row(row)["count(history.train.loss)"]!.listValue!.compactMap(\.intValue)
        #expect(counts.prefix(10).allSatisfy { $0 == 10 } && counts.count > 10 && counts.last == 1)
        let shortest = try collection.aggregated(by: keys, [.mean("history.train.loss")], alignment: .shortest)
        #expect(shortest.column("mean(history.train.loss)")!.values.allSatisfy { $0.listValue?.count == 10 })
    }
}
