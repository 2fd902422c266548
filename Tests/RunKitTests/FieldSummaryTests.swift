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

    static func runs(_ count: Int) -> [Run] {
        (0..<count).map { index -> Run in
            var config: [String: ConfigValue] = ["lr": index % 3 == 0 ? .int(1) : .double(0.1), "model": ["type": .string(index % 2 == 0 ? "cnn" : "mlp")]]
            if index > 6_000 { config["late"] = index % 7 == 0 ? .null : .string("x") }
            if index == 9_999 { config["last"] = .bool(true) }
            config["seed"] = index < 3_000 ? .int(index) : .string("s\(index)")   // a type first seen in the second chunk
            let metrics: [String: Double] = index % 5 == 0 ? ["loss": Double(index)] : ["loss": 1, "acc": 0.5]
            return Run(info: RunInfo(runID: "r\(index)", status: index % 11 == 0 ? .failed : .finished), config: .map(.init(uniqueKeysWithValues: config.sorted { $0.key < $1.key })), metrics: metrics)
        }
    }

    @Test("10,000 runs (5 chunks): keys first seen late, types changing between chunks")
    func sameAsOnePass() {
        let runs = Self.runs(10_000)
        let summary = FieldSummary.summarize(runs)
        #expect(summary == Self.reference(runs))
        #expect(summary.first { $0.key == "config.last" }?.count == 1)
        #expect(summary.first { $0.key == "config.seed" }?.types == ["int", "string"])
        #expect(summary.first { $0.key == "config.lr" }?.types == ["int", "double"] || summary.first { $0.key == "config.lr" }?.types == ["double", "int"])
    }

    @Test("FieldTallies kept across changes: one run re-read re-tallies its chunk, a run added only itself, and the summaries stay those of one pass")
    func talliesAcrossChanges() {
        var runs = Self.runs(10_000)
        var tallies = FieldTallies().updated(for: runs)
        #expect(tallies.retallied == 10_000)
        #expect(FieldTallies.summaries(of: [tallies]) == Self.reference(runs))
        // A run read again (a new object) with a key and a type no other run has.
        runs[5_000] = Run(info: RunInfo(runID: "r5000", status: .running), config: ["seed": .list([.int(1)]), "fresh": .int(1)], metrics: ["loss": 2])
        tallies = tallies.updated(for: runs)
        #expect(tallies.retallied == FieldTallies.chunkSize)
        #expect(FieldTallies.summaries(of: [tallies]) == Self.reference(runs))
        // A run added first (MLflow's natural order puts new runs first), one removed.
        runs.insert(Run(info: RunInfo(runID: "new", status: .finished), config: ["first": .string("yes")], metrics: [:]), at: 0)
        runs.remove(at: 7_000)
        tallies = tallies.updated(for: runs)
        #expect(tallies.retallied <= 1 + FieldTallies.chunkSize)
        #expect(FieldTallies.summaries(of: [tallies]) == Self.reference(runs))
        // Many runs added one at a time: small chunks pile up, then are tallied again whole.
        for index in 0..<40 {
            runs.insert(Run(info: RunInfo(runID: "n\(index)", status: .finished), config: ["n": .int(index)], metrics: [:]), at: index * 100)
            tallies = tallies.updated(for: runs)
        }
        #expect(FieldTallies.summaries(of: [tallies]) == Self.reference(runs))
        // Two stores' tallies summarise their runs one list after the other.
        let other = Array(Self.runs(3_000).reversed())
        #expect(FieldTallies.summaries(of: [tallies, FieldTallies().updated(for: other)]) == Self.reference(runs + other))
    }
}
