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

    /// The fields of `runs` (those `Run.fields()` gives), in first-seen order within each
    /// namespace (the order `merged` keeps). Tallied namespace by namespace with the keys as the
    /// run holds them, without building each run's `fields()` dictionary and its prefixed keys.
    static func tally(_ runs: ArraySlice<Run>) -> OrderedDictionary<String, FieldSummary> {
        typealias Seen = (types: [String], count: Int)
        var spaces = [OrderedDictionary<String, Seen>](repeating: [:], count: 5)
        func add(_ space: Int, _ key: String, _ type: String) {
            if let index = spaces[space].index(forKey: key) {
                spaces[space].values[index].count += 1
                if !spaces[space].values[index].types.contains(type) { spaces[space].values[index].types.append(type) }
            } else {
                spaces[space][key] = ([type], 1)
            }
        }
        let text = ConfigValue.string("").typeName
        for run in runs {
            for (key, value) in run.flatConfig { add(0, key, value.typeName) }
            for key in run.metricNames { if let value = run.metric(key) { add(1, key, value.typeName) } }
            for (key, _) in run.sortedParams { add(2, key, text) }
            for (key, _) in run.sortedTags { add(3, key, text) }
            let raw = run.info.raw
            for (key, value) in raw { add(4, key, value.typeName) }
            for (key, value) in run.info.attributes where raw[key] == nil { add(4, key, value.typeName) }
        }
        let namespaces: [(prefix: String, namespace: FieldKey.Namespace)] = [("config.", .config), ("metrics.", .metrics), ("params.", .params), ("tags.", .tags), ("info.", .info)]
        var found = OrderedDictionary<String, FieldSummary>()
        for (space, seen) in spaces.enumerated() {
            for (key, entry) in seen {
                let full = namespaces[space].prefix + key
                found[full] = FieldSummary(key: full, namespace: namespaces[space].namespace, types: entry.types, count: entry.count)
            }
        }
        return found
    }
}
