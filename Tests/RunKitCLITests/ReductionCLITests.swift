import Foundation
import GRDB
import RunKit
import Testing

/// History reductions (`max(history.KEY)`, …) in `--columns` and `--where` equal a plain
/// computation over `show`'s `metric_history`, for every run and metric of the conformance stores
/// (an MLflow SQLite store and a file store with NaN, ±inf, negative and duplicated steps added,
/// MLXP, malet).
@Suite("History reductions")
struct ReductionCLITests {
    /// One point of `show`'s history: `[step, timestamp, value]`.
    struct Point {
        var step: Int64
        var timestamp: Int64?
        var value: Double
        var raw: ConfigValue
    }

    static func number(_ value: ConfigValue?) -> Double? {
        switch value {
        case .int(let n)?: return Double(n)
        case .double(let d)?: return d
        case .string("NaN")?: return .nan
        case .string("Infinity")?: return .infinity
        case .string("-Infinity")?: return -.infinity
        case .string?: return .nan   // a text logged as a metric: no number
        default: return nil
        }
    }

    /// The reductions of one history, computed plainly, keyed by the column the test asks for.
    static func expected(_ points: [Point], key: String) -> [String: ConfigValue] {
        let ordered = points.enumerated().sorted { a, b in
            if a.element.step != b.element.step { return a.element.step < b.element.step }
            let (l, r) = (a.element.timestamp ?? .min, b.element.timestamp ?? .min)
            return l != r ? l < r : a.offset < b.offset
        }.map(\.element)
        var latest = points[0]
        for point in points.dropFirst() {
            let later = point.step != latest.step ? point.step > latest.step
                : (point.timestamp ?? .min) != (latest.timestamp ?? .min) ? (point.timestamp ?? .min) > (latest.timestamp ?? .min)
                : point.value > latest.value
            if later { latest = point }
        }
        let values = points.map(\.value)
        let hasNaN = values.contains { $0.isNaN }
        func arg(_ better: (Double, Double) -> Bool) -> ConfigValue {
            if let nan = ordered.first(where: { $0.value.isNaN }) { return .int(Int(nan.step)) }
            var best = ordered[0]
            for point in ordered where better(point.value, best.value) { best = point }
            return .int(Int(best.step))
        }
        let middle = ordered[ordered.count / 2].step
        var atMiddle = points[0]
        var found = false
        for point in points where point.step == middle {
            if !found { atMiddle = point; found = true; continue }
            let later = (point.timestamp ?? .min) != (atMiddle.timestamp ?? .min) ? (point.timestamp ?? .min) > (atMiddle.timestamp ?? .min) : point.value > atMiddle.value
            if later { atMiddle = point }
        }
        let tail = ordered.suffix(3).map(\.value)
        return [
            "min(history.\(key))": .double(hasNaN ? .nan : values.min()!),
            "max(history.\(key))": .double(hasNaN ? .nan : values.max()!),
            "mean(history.\(key))": .double(values.reduce(0, +) / Double(values.count)),
            "count(history.\(key))": .int(points.count),
            "first(history.\(key))": ordered[0].raw,
            "last(history.\(key))": latest.raw,
            "argmin(history.\(key))": arg(<),
            "argmax(history.\(key))": arg(>),
            "at(history.\(key), \(middle))": atMiddle.raw,
            "last(history.\(key), 3)": .double(tail.reduce(0, +) / Double(tail.count)),
        ]
    }

    static func same(_ got: ConfigValue?, _ want: ConfigValue) -> Bool {
        if got == want { return true }
        guard let a = number(got), let b = number(want) else { return false }
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= 1e-12 * max(1, abs(b))
    }

    /// Checks every reduction of every metric of every run of `store` against `show`.
    static func check(_ store: String, experiment: [String] = []) throws -> Int {
        let listed = try CLI.run(["list", store, "--columns", "run_id", "--format", "json"] + experiment)
        #expect(listed.status == 0, "\(listed.stderr)")
        let ids = (try JSONParser.parse(listed.stdout).listValue ?? []).compactMap { $0["run_id"]?.stringValue }
        var histories: [String: [String: [Point]]] = [:]
        var keys = Set<String>()
        for id in ids {
            let shown = try CLI.run(["show", id, store])
            #expect(shown.status == 0, "\(shown.stderr)")
            let record = try JSONParser.parse(shown.stdout)
            for (key, list) in record["metric_history"]?.mapValue ?? [:] where !key.contains("`") {
                let points = (list.listValue ?? []).compactMap { item -> Point? in
                    guard let parts = item.listValue, parts.count == 3, case .int(let step) = parts[0] else { return nil }
                    let timestamp: Int64? = if case .int(let t) = parts[1] { Int64(t) } else { nil }
                    return Point(step: Int64(step), timestamp: timestamp, value: number(parts[2]) ?? .nan, raw: parts[2])
                }
                guard !points.isEmpty else { continue }
                histories[id, default: [:]][key] = points
                keys.insert(key)
            }
        }
        var checked = 0
        for key in keys.sorted() {
            let quoted = "`\(key)`"
            // Every reduction of this key, for every run, in one list call.
            let named = Set(histories.values.compactMap { $0[key] }.map { Self.expected($0, key: quoted) }.flatMap(\.keys))
            let columns = ["run_id"] + named.sorted()
            let result = try CLI.run(["list", store, "--columns", columns.joined(separator: ","), "--format", "json"] + experiment)
            #expect(result.status == 0, "\(key): \(result.stderr)")
            for row in try JSONParser.parse(result.stdout).listValue ?? [] {
                guard let id = row["run_id"]?.stringValue else { continue }
                guard let points = histories[id]?[key] else {
                    #expect(row["max(history.\(quoted))"] == .null, "\(id) \(key) has no history")
                    continue
                }
                for (column, want) in Self.expected(points, key: quoted) {
                    let got = row.mapValue?[column] ?? .null
                    #expect(Self.same(got, want), "\(store) \(id) \(column): \(got) != \(want)")
                    checked += 1
                }
            }
        }
        return checked
    }

    /// A copy of the SQLite fixture with NaN, ±inf, a negative step and duplicated steps logged.
    static func awkwardSQLite(_ folder: String) throws -> String {
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/hydraflow-sqlite", toPath: folder + "/sqlite")
        let queue = try DatabaseQueue(path: folder + "/sqlite/mlflow.db")
        try queue.write { db in
            let ids = try String.fetchAll(db, sql: "SELECT run_uuid FROM runs ORDER BY run_uuid LIMIT 4")
            let rows: [(Double, Int64, Int64)] = [(.nan, 9, 10), (.infinity, 10, 11), (-.infinity, 11, 12), (-0.5, -3, 13), (7, 2, 5), (-7, 2, 5), (.nan, 2, 1)]
            for (offset, id) in ids.enumerated() {
                for (value, step, timestamp) in rows.dropFirst(offset) {
                    try db.execute(sql: "INSERT INTO metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES ('awk', ?, ?, ?, ?, ?)",
                                   arguments: [value.isNaN ? 0 : value, timestamp, step, value.isNaN, id])
                }
            }
        }
        try queue.close()
        return folder + "/sqlite/mlflow.db"
    }

    /// A copy of the file-store fixture with one more metric file holding the same awkward points.
    static func awkwardFileStore(_ folder: String) throws -> String {
        try FileManager.default.copyItem(atPath: CLI.fixtures + "/mlflow-file", toPath: folder + "/file")
        let run = folder + "/file/mlruns/438572781195232465/3e1efa47ed3e44bf888d76bc1e52d1d8/metrics/awk"
        try "1795285956910 nan 9\n1795285956911 inf 10\n1795285956912 -inf 11\n1795285956913 -0.5 -3\n1795285956905 7 2\n1795285956905 -7 2\n".write(toFile: run, atomically: true, encoding: .utf8)
        return folder + "/file/mlruns"
    }

    @Test("every reduction equals a plain computation over show's history (SQLite, file store, MLXP, malet)")
    func equalsShow() throws {
        let folder = try CLI.temporaryFolder("reductions")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Self.check(Self.awkwardSQLite(folder)) > 1000)
        #expect(try Self.check(Self.awkwardFileStore(folder)) > 100)
        #expect(try Self.check(CLI.fixtures + "/mlxp-logs") > 100)
        #expect(try Self.check(CLI.fixtures + "/malet/exp_group_resume") > 10)
    }

    @Test("--where on a reduction selects as the plain computation does, planned or read whole; errors name the position")
    func whereClause() throws {
        let folder = try CLI.temporaryFolder("reductions-where")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Self.awkwardSQLite(folder)
        let all = try CLI.run(["list", store, "--columns", "run_id,max(history.loss)", "--format", "json"])
        let want = (try JSONParser.parse(all.stdout).listValue ?? []).filter { (Self.number($0["max(history.loss)"]) ?? .nan) > 2.5 }.compactMap { $0["run_id"] }
        let picked = try CLI.run(["list", store, "--where", "max(history.loss) > 2.5", "--columns", "run_id", "--format", "json"])
        #expect(picked.status == 0, "\(picked.stderr)")
        #expect((try JSONParser.parse(picked.stdout).listValue ?? []).compactMap { $0["run_id"] } == want)
        #expect(!want.isEmpty)
        try CLI.expectSameAsWholeLoad(["list", store, "--where", "metrics.loss < 2 and argmin(history.awk) < 5 or not max(history.`val/acc`) > 0.3",
                                       "--columns", "run_id,argmin(history.awk),last(history.loss, 2)", "--order-by", "at(history.loss, 1) DESC"])
        let unclosed = try CLI.run(["list", store, "--where", "max(history.loss > 1"])
        #expect(unclosed.status == 1 && unclosed.stderr.contains("expected ')' to close max("))
        let notMetric = try CLI.run(["list", store, "--where", "min(config.lr) > 1"])
        #expect(notMetric.status == 1 && notMetric.stderr.contains("config.lr is no metric"))
        let typo = try CLI.run(["list", store, "--columns", "max(history.los)"])
        #expect(typo.status != 0 && typo.stderr.contains("No such key: max(history.los)"))
    }

    @Test("group and best take reductions as keys: mean(max(history.KEY)) over seeds")
    func groupAndBest() throws {
        let store = CLI.fixtures + "/hydraflow-sqlite"
        let table = try CLI.run(["group", store, "--by", "model.type", "--agg", "mean(max(history.loss))", "--agg", "list(argmin(history.loss))", "--format", "json"])
        #expect(table.status == 0, "\(table.stderr)")
        let runs = try JSONParser.parse(try CLI.run(["list", store, "--columns", "model.type,max(history.loss)", "--format", "json"]).stdout).listValue ?? []
        for row in try JSONParser.parse(table.stdout).listValue ?? [] {
            let values = runs.filter { $0["model.type"] == row["model.type"] }.compactMap { Self.number($0["max(history.loss)"]) }
            #expect(Self.same(row["mean(max(history.loss))"], .double(values.reduce(0, +) / Double(values.count))))
        }
        let best = try CLI.run(["best", store, "--by", "model.type", "--choose", "optimizer.lr", "--metric", "mean(min(history.loss))", "--min"])
        #expect(best.status == 0 && best.stdout.contains("mean(min(history.loss))"), "\(best.stderr)")
    }
}
