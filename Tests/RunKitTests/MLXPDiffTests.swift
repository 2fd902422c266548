import Testing
@testable import RunKit

/// `expected/diff.json` of the MLXP corpus (`reader.filter(query).diff(start_key)`) replayed
/// through `filter(where:)` and `varyingKeys(prefix:)`, which `runkit diff --where --prefix` runs.
@Suite("MLXP diff.json")
struct MLXPDiffTests {
    static let cases: [ConfigValue] = (try? Fixtures.expected("mlxp-logs", "diff.json"))?["cases"]?.listValue ?? []

    /// Keys RunKit lists where MLXP does not, on purpose, by (query, start key). MLXP compares each
    /// run with the first one only over the keys the later run has, so a key the first run has
    /// and the others lack is no difference to it; RunKit counts a missing key as null, in
    /// whichever run it is missing (run 20, first in MLXP's order, is the only one of the three
    /// with `debug.check_finite`).
    /// Likewise runs 19 and 20 never logged `test.status_msg` and `test.best_epoch`.
    static let deliberatelyExtra: [String: Set<String>] = [
        "info.logger.log_id in [20, 3, 4] | config": ["config.debug.check_finite"],
        " | test": ["test.status_msg", "test.best_epoch"],
    ]

    @Test("each case: the same varying keys (as sets: MLXP repeats keys and keeps its own order)")
    func conformance() throws {
        #expect(Self.cases.count == 9)
        let all = RunCollection(try MLXPStore(logsPath: Fixtures.path("mlxp-logs/logs")).loadRuns().runs)
        for record in Self.cases {
            let query = try #require(record["query"]?.stringValue)
            let start = try #require(record["start_key"]?.stringValue)
            let runs = query.isEmpty ? all : try all.filter(where: query, options: .matching(.mlxp))
            #expect(runs.map(\.id).sorted() == (record["row_ids_mlxp_order"]?.listValue ?? []).compactMap { $0.intValue.map(String.init) }.sorted())
            // MLXP names artifact listings `artifact.…`, outside `info`, and never compares them
            // (every run holds the placeholder "ARTIFACT"); RunKit keeps them in the run's info.
            // A start that is no namespace (`test`) finds MLXP's metric names, namespaced by RunKit.
            let got = Set(runs.varyingKeys(prefix: start).filter { !$0.hasPrefix("info.artifact.") }.map { key in
                key.hasPrefix("metrics.") && FieldKey.namespace(forPrefix: start) == nil ? String(key.dropFirst(8)) : key
            })
            let want = Set((record["result"]?.listValue ?? []).compactMap(\.stringValue))
            #expect(got == want.union(Self.deliberatelyExtra["\(query) | \(start)"] ?? []), "\(query) | \(start)")
        }
    }

    @Test("info lists the store's own info keys, never RunKit's unified attributes")
    func infoIsRaw() throws {
        let runs = RunCollection(try MLXPStore(logsPath: Fixtures.path("mlxp-logs/logs")).loadRuns().runs)
        let keys = runs.varyingKeys(prefix: "info")
        #expect(keys.contains("info.status") && keys.contains("info.logger.log_id"))
        for attribute in RunInfo.attributeNames where runs.allSatisfy({ $0.info.raw[attribute] == nil }) {
            #expect(!keys.contains("info." + attribute), "info.\(attribute) is RunKit's, not MLXP's")
        }
    }
}
