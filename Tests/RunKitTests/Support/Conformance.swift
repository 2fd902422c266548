import Foundation
import OrderedCollections
@testable import RunKit

/// Compares what RunKit loaded with a run of an `expected/runs.json`; returns the differences.
enum Conformance {
    /// Values equal as the corpus means them: same type class (int/double may differ only as
    /// Python writes them), NaN equals NaN, lists and maps element by element.
    static func same(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)) where x.isNaN && y.isNaN: return true
        case (.double(let x), .string(let s)), (.string(let s), .double(let x)):
            return (s == "NaN" && x.isNaN) || (s == "Infinity" && x == .infinity) || (s == "-Infinity" && x == -.infinity)
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy(same)
        case (.map(let x), .map(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { same(value, $0) } ?? false }
        case (.int, .int), (.double, .double), (.string, .string), (.bool, .bool), (.null, .null):
            return a == b
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        default: return false
        }
    }

    /// A corpus value with its JSON conventions undone: `{"$float": "NaN"}` (and `Infinity`,
    /// `-Infinity`) becomes the double, `{"$tuple": […]}` the list.
    static func decoded(_ value: ConfigValue) -> ConfigValue {
        switch value {
        case .map(let map):
            if map.count == 1, let text = map["$float"]?.stringValue {
                return .double(text == "NaN" ? .nan : text == "Infinity" ? .infinity : -.infinity)
            }
            if map.count == 1, let items = map["$tuple"]?.listValue { return .list(items.map(decoded)) }
            return .map(map.mapValues(decoded))
        case .list(let items): return .list(items.map(decoded))
        default: return value
        }
    }

    /// Every difference between a loaded run and its expected record, as readable lines.
    static func differences(_ run: Run, _ expected: ConfigValue, fixtureRoot: String) throws -> [String] {
        var problems: [String] = []
        func check(_ name: String, _ actual: ConfigValue, _ wanted: ConfigValue?) {
            let wanted = wanted ?? .null
            if !same(actual, wanted) { problems.append("\(run.id) \(name): got \(JSONWriter.string(actual)), expected \(JSONWriter.string(wanted))") }
        }
        for name in ["run_id", "run_name", "experiment_id", "experiment_name", "status", "lifecycle_stage", "user_id", "start_time", "end_time"] {
            check(name, run.info.attribute(name) ?? .null, expected[name])
        }
        check("params", .map(OrderedDictionary(uniqueKeysWithValues: run.params.map { ($0.key, ConfigValue.string($0.value)) })), expected["params"])
        check("tags", .map(OrderedDictionary(uniqueKeysWithValues: run.tags.map { ($0.key, ConfigValue.string($0.value)) })), expected["tags"])
        check("metrics", .map(OrderedDictionary(uniqueKeysWithValues: run.metrics.map { ($0.key, ConfigValue.double($0.value)) })), expected["metrics"])
        let history = try run.metricHistory()
        var actualHistory = OrderedDictionary<String, ConfigValue>()
        for (key, points) in history {
            actualHistory[key] = .list(points.map { .list([.int(Int($0.step)), $0.timestamp.map { .int(Int($0)) } ?? .null, .double($0.value)]) })
        }
        check("metric_history", .map(actualHistory), expected["metric_history"])
        if let artifactDir = expected["artifact_dir"]?.stringValue {
            check("artifacts_dir", run.info.artifactsDirectory.map(ConfigValue.string) ?? .null, .string(fixtureRoot + "/" + artifactDir))
        }
        if let config = expected["config"], case .map(let flat) = config {
            var actual = OrderedDictionary<String, ConfigValue>()
            for (key, value) in run.flatConfig { actual[key] = value }
            check("config", .map(actual), .map(flat))
        }
        return problems
    }
}
