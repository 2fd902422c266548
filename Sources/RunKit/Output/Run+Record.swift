import OrderedCollections

extension Run {
    /// The attributes a record starts with, in order.
    static let recordAttributes = ["run_id", "run_name", "experiment_id", "experiment_name", "status", "lifecycle_stage",
                                   "start_time", "end_time", "run_dir", "artifacts_dir"]

    /// The run as the JSON record of the CLI contract (design.md):
    /// attributes, nested `config`, `params`, `metrics`, `tags` (keys sorted) and raw `info`.
    ///
    /// ```swift
    /// print(JSONWriter.string(run.record()))
    /// ```
    public func record() -> ConfigValue {
        var record = OrderedDictionary<String, ConfigValue>()
        for name in Self.recordAttributes {
            record[name] = info.attribute(name) ?? .null
        }
        record["config"] = config
        record["params"] = .map(OrderedDictionary(uniqueKeysWithValues: sortedParams.map { ($0.key, ConfigValue.string($0.value)) }))
        record["metrics"] = .map(OrderedDictionary(uniqueKeysWithValues: metricNames.map { ($0, metric($0) ?? .null) }))
        record["tags"] = .map(OrderedDictionary(uniqueKeysWithValues: sortedTags.map { ($0.key, ConfigValue.string($0.value)) }))
        record["info"] = .map(info.raw)
        return .map(record)
    }

    /// Appends `record()` as compact JSON — the same bytes as `JSONWriter.write(run.record(), into:)` —
    /// without building the record first (`runkit list --format jsonl` writes every run this way).
    ///
    /// ```swift
    /// var bytes: [UInt8] = []
    /// run.writeRecord(into: &bytes)
    /// ```
    package func writeRecord(into output: inout [UInt8]) {
        var first = true
        func key(_ name: String) {
            output.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            JSONWriter.writeString(name, into: &output)
            output.append(UInt8(ascii: ":"))
        }
        for name in Self.recordAttributes {
            key(name)
            JSONWriter.write(info.attribute(name) ?? .null, into: &output)
        }
        key("config")
        JSONWriter.write(config, into: &output)
        key("params")
        Self.writeObject(sortedParams, into: &output)
        key("metrics")
        JSONWriter.writeObject(metricNames, into: &output) { name, output in
            JSONWriter.write(metric(name) ?? .null, into: &output)
        }
        key("tags")
        Self.writeObject(sortedTags, into: &output)
        key("info")
        JSONWriter.write(.map(info.raw), into: &output)
        output.append(UInt8(ascii: "}"))
    }

    /// String entries as a JSON object, in their order.
    private static func writeObject(_ entries: [(key: String, value: String)], into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        for (index, entry) in entries.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(entry.key, into: &output)
            output.append(UInt8(ascii: ":"))
            JSONWriter.writeString(entry.value, into: &output)
        }
        output.append(UInt8(ascii: "}"))
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
