import OrderedCollections
@_spi(RunKitInternals) import RunKitSupport

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
    /// (config, metrics, params, tags, info). Chunks of runs are tallied on all cores, then merged
    /// in order (a key's and a type's first sighting stay first).
    public static func summarize(_ runs: [Run]) -> [FieldSummary] {
        let chunkSize = FieldTallies.chunkSize
        let chunks = (runs.count + chunkSize - 1) / chunkSize
        let tallies = ParallelSlots.map(chunks) { chunk in
            tally(runs[chunk * chunkSize..<Swift.min(runs.count, (chunk + 1) * chunkSize)])
        }
        return merged(tallies)
    }

    /// The fields of consecutive runs' tallies (`tally(_:)`), merged in order: a key's and a
    /// type's first sighting stay first, counts add up. Any split of the runs merges to the same.
    static func merged(_ tallies: [OrderedDictionary<String, FieldSummary>]) -> [FieldSummary] {
        var found = tallies.first ?? [:]
        for tally in tallies.dropFirst() {
            for (key, field) in tally {
                guard let index = found.index(forKey: key) else {
                    found[key] = field
                    continue
                }
                found.values[index].count += field.count
                for type in field.types where !found.values[index].types.contains(type) { found.values[index].types.append(type) }
            }
        }
        let order: [FieldKey.Namespace] = [.config, .metrics, .params, .tags, .info]
        return found.values.sorted { (order.firstIndex(of: $0.namespace) ?? 9) < (order.firstIndex(of: $1.namespace) ?? 9) }
    }

    /// The fields of `runs`, in first-seen order.
    static func tally(_ runs: ArraySlice<Run>) -> OrderedDictionary<String, FieldSummary> {
        var found = OrderedDictionary<String, FieldSummary>()
        for run in runs {
            for (key, value) in run.fields() {
                let type = value.typeName
                if let index = found.index(forKey: key) {
                    found.values[index].count += 1
                    if !found.values[index].types.contains(type) { found.values[index].types.append(type) }
                } else {
                    found[key] = FieldSummary(key: key, namespace: FieldKey(key).namespace, types: [type], count: 1)
                }
            }
        }
        return found
    }
}
