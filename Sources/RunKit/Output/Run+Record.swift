import OrderedCollections

extension Run {
    /// The run as the JSON record of the CLI contract (design.md):
    /// attributes, nested `config`, `params`, `metrics`, `tags` (keys sorted) and raw `info`.
    ///
    /// ```swift
    /// print(JSONWriter.string(run.record()))
    /// ```
    public func record() -> ConfigValue {
        var record = OrderedDictionary<String, ConfigValue>()
        for name in ["run_id", "run_name", "experiment_id", "experiment_name", "status", "lifecycle_stage",
                     "start_time", "end_time", "run_dir", "artifacts_dir"] {
            record[name] = info.attribute(name) ?? .null
        }
        record["config"] = config
        record["params"] = .map(OrderedDictionary(uniqueKeysWithValues: params.sorted { $0.key < $1.key }.map { ($0.key, ConfigValue.string($0.value)) }))
        record["metrics"] = .map(OrderedDictionary(uniqueKeysWithValues: metricNames.map { ($0, metric($0) ?? .null) }))
        record["tags"] = .map(OrderedDictionary(uniqueKeysWithValues: tags.sorted { $0.key < $1.key }.map { ($0.key, ConfigValue.string($0.value)) }))
        record["info"] = .map(info.raw)
        return .map(record)
    }

    /// The record plus `metric_history`: `{key: [[step, timestamp, value], …]}` in the store's order.
    public func recordWithHistory() throws -> ConfigValue {
        guard case .map(var record) = record() else { return record() }
        var history = OrderedDictionary<String, ConfigValue>()
        for (key, points) in try metricHistory() {
            history[key] = .list(points.map { point in
                .list([.int(Int(point.step)), point.timestamp.map { .int(Int($0)) } ?? .null, point.typedValue])
            })
        }
        record["metric_history"] = .map(history)
        return .map(record)
    }
}
