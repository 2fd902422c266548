import Testing
@testable import RunKit

/// `FieldSummary.summarize` tallies chunks of runs on all cores and merges them: the answer is
/// the one a single pass gives (keys and types in first-seen order, counts summed), also when a
/// key or a type is first seen in a later chunk.
@Suite("FieldSummary over many runs")
struct FieldSummaryTests {
    /// The single pass `summarize` replaced, as the reference.
    static func reference(_ runs: [Run]) -> [FieldSummary] {
        var keys: [String] = []
        var found: [String: FieldSummary] = [:]
        for run in runs {
            for (key, value) in run.fields() {
                if found[key] == nil {
                    keys.append(key)
                    found[key] = FieldSummary(key: key, namespace: FieldKey(key).namespace, types: [], count: 0)
                }
                found[key]!.count += 1
                if !found[key]!.types.contains(value.typeName) { found[key]!.types.append(value.typeName) }
            }
        }
        let order: [FieldKey.Namespace] = [.config, .metrics, .params, .tags, .info]
        return keys.map { found[$0]! }.sorted { (order.firstIndex(of: $0.namespace) ?? 9) < (order.firstIndex(of: $1.namespace) ?? 9) }
    }

    @Test("10,000 runs (5 chunks): keys first seen late, types changing between chunks")
    func sameAsOnePass() {
        let runs = (0..<10_000).map { index -> Run in
            var config: [String: ConfigValue] = ["lr": index % 3 == 0 ? .int(1) : .double(0.1), "model": ["type": .string(index % 2 == 0 ? "cnn" : "mlp")]]
            if index > 6_000 { config["late"] = index % 7 == 0 ? .null : .string("x") }
            if index == 9_999 { config["last"] = .bool(true) }
            config["seed"] = index < 3_000 ? .int(index) : .string("s\(index)")   // a type first seen in the second chunk
            let metrics: [String: Double] = index % 5 == 0 ? ["loss": Double(index)] : ["loss": 1, "acc": 0.5]
            return Run(info: RunInfo(runID: "r\(index)", status: index % 11 == 0 ? .failed : .finished), config: .map(.init(uniqueKeysWithValues: config.sorted { $0.key < $1.key })), metrics: metrics)
        }
        let summary = FieldSummary.summarize(runs)
        #expect(summary == Self.reference(runs))
        #expect(summary.first { $0.key == "config.last" }?.count == 1)
        #expect(summary.first { $0.key == "config.seed" }?.types == ["int", "string"])
        #expect(summary.first { $0.key == "config.lr" }?.types == ["int", "double"] || summary.first { $0.key == "config.lr" }?.types == ["double", "int"])
    }
}
