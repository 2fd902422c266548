import OrderedCollections

/// One field of a set of runs: its key, namespace, the value types seen and how many runs have it.
///
/// ```swift
/// for field in FieldSummary.summarize(runs) { print(field.key, field.types, field.count) }
/// ```
public struct FieldSummary: Sendable, Hashable {
    /// The namespaced key (`config.model.type`, `metrics.loss`, `info.status`).
    public var key: String
    public var namespace: FieldKey.Namespace
    /// The value types seen, in first-seen order (`int`, `null`, …).
    public var types: [String]
    /// How many runs have the field.
    public var count: Int

    /// Every field of the runs, in first-seen order within namespace order
    /// (config, metrics, params, tags, info).
    public static func summarize(_ runs: [Run]) -> [FieldSummary] {
        var found = OrderedDictionary<String, FieldSummary>()
        for run in runs {
            for (key, value) in run.fields() {
                let namespace = FieldKey(key).namespace
                if found[key] == nil { found[key] = FieldSummary(key: key, namespace: namespace, types: [], count: 0) }
                found[key]!.count += 1
                if !found[key]!.types.contains(value.typeName) { found[key]!.types.append(value.typeName) }
            }
        }
        let order: [FieldKey.Namespace] = [.config, .metrics, .params, .tags, .info]
        return found.values.sorted { (order.firstIndex(of: $0.namespace) ?? 9) < (order.firstIndex(of: $1.namespace) ?? 9) }
    }
}
