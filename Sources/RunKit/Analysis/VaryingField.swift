import OrderedCollections

/// A field whose value differs between runs (MLXP's `diff`), with its distinct values.
///
/// ```swift
/// VaryingField.find(in: runs, namespaces: [.config, .params]).map(\.key)
/// // ["config.optimizer.lr", "config.seed", "params.lr", …]
/// ```
public struct VaryingField: Sendable, Hashable {
    /// The namespaced key.
    public var key: String
    /// The distinct values in first-seen order; a run without the field counts as `null`.
    public var values: [ConfigValue]

    /// The fields of `namespaces` whose values are not the same across all runs.
    public static func find(in runs: [Run], namespaces: [FieldKey.Namespace] = [.config, .params]) -> [VaryingField] {
        let collection = RunCollection(runs)
        let chunks = RunCollection.inChunks(collection.storage) { chunk in
            var scan = VaryingFieldScan(namespaces: namespaces, firstRun: chunk.startIndex)
            for (index, run) in zip(chunk.indices, chunk) { scan.add(run, index) }
            scan.finish(endRun: chunk.endIndex)
            return scan
        }
        var scan = VaryingFieldScan(namespaces: namespaces, firstRun: 0)
        for chunk in chunks { scan.append(chunk) }
        scan.finish(endRun: runs.count)
        var result: [VaryingField] = []
        for (key, distinct) in zip(scan.keys, scan.values) {
            var values = distinct.values
            if !scan.configWalkIsExact, key.hasPrefix("config.") {
                // A key the tree walk may read differently: each run's value as `value(for:)` finds it.
                var exact = DistinctValues(firstRun: 0)
                for (index, value) in collection.columnValues(key).enumerated() { exact.add(value ?? .null, run: index) }
                values = exact.values
            }
            if values.count > 1 { result.append(VaryingField(key: key, values: values)) }
        }
        return result
    }
}
