import OrderedCollections
import RunKitSupport

extension Run {
    /// The value of a key, or nil when the run has no such key.
    ///
    /// Namespaces as in design.md: `config.`, `metrics.`, `params.`, `tags.`, `history.`,
    /// `info.` (and their aliases: the store's raw info first, then the unified attributes); a
    /// bare key is looked up in config, then metrics, params, tags, the unified attributes and
    /// last the raw info, so a bare `status` is always the unified word (`FINISHED`) while
    /// `info.status` stays the store's own (MLXP's `COMPLETE`, malet's `C`). `__` stands for `.`.
    /// A stored null is `.null`, not nil. A `history.` key whose history cannot be read is nil
    /// here (a lookup in a filter or a table cannot throw); `requiredValue(for:)` throws that error.
    ///
    /// ```swift
    /// run.value(for: "model__type")       // .string("mlp")
    /// run.value(for: "metrics.val/acc")   // .double(0.95)
    /// run.value(for: "status")            // .string("FINISHED"), an MLXP run's info.status being "COMPLETE"
    /// run.value(for: "max(history.val/acc)")   // .double(0.97): the best value logged (`HistoryReduction`)
    /// ```
    public func value(for key: String) -> ConfigValue? {
        let parsed = FieldKey(key)
        if let found = value(for: parsed) { return found }
        return parsed.underscoreAlias.flatMap { value(for: $0) }
    }

    /// The value of a parsed key, or nil when the run has no such key.
    public func value(for key: FieldKey) -> ConfigValue? {
        value(for: key, configPaths: nil)
    }

    /// The value of a parsed key; `configPaths`, when given, is the config path already split
    /// (a query's fast path): the first of them the config has.
    /// `bits`, when given, are the key's `FieldPresence` bits: namespaces that certainly lack it are skipped.
    func value(for key: FieldKey, configPaths: [[String]]?, bits: FieldPresence.Bits? = nil) -> ConfigValue? {
        let name = key.name
        func may(_ namespace: FieldKey.Namespace) -> Bool { bits.map { presence.mayHave($0, in: namespace) } ?? true }
        switch key.namespace {
        case .config: return may(.config) ? configValue(name, configPaths) : nil
        case .metrics: return may(.metrics) ? metric(name) : nil
        case .params: return may(.params) ? param(name).map(ConfigValue.string) : nil
        case .tags: return may(.tags) ? tag(name).map(ConfigValue.string) : nil
        case .history:
            // Unreadable is nil here, as documented above; requiredValue(for:) throws the error.
            guard let points = try? history(name) else { return nil }
            if let reduction = key.reduction { return reduction.reduce(points) }
            return .list(points.map(\.typedValue))
        case .info: return info.raw[name] ?? info.attribute(name)
        case .bare:
            return (may(.config) ? configValue(name, configPaths) : nil)
                ?? (may(.metrics) ? metric(name) : nil)
                ?? (may(.params) ? param(name).map(ConfigValue.string) : nil)
                ?? (may(.tags) ? tag(name).map(ConfigValue.string) : nil)
                ?? info.attribute(name) ?? info.raw[name]
        }
    }

    private func configValue(_ name: String, _ paths: [[String]]?) -> ConfigValue? {
        guard let paths else { return config.value(at: name) }
        for path in paths {
            if let found = config.value(atPath: path) { return found }
        }
        return nil
    }

    /// The value of a key; throws a `keyNotFound` error naming the key and the closest keys
    /// (HydraFlow's `run.requiredValue(for: key)`).
    ///
    /// ```swift
    /// try run.requiredValue(for: "optimizer.lr")   // .double(0.01)
    /// ```
    public func requiredValue(for key: String) throws -> ConfigValue {
        if let value = value(for: key) { return value }
        // A history that could not be read: its error, not "no such key".
        let parsed = FieldKey(key)
        for candidate in [parsed] + [parsed.underscoreAlias].compactMap(\.self) where candidate.namespace == .history {
            _ = try history(candidate.name)
        }
        throw RunKitError.keyNotFound(key, candidates: fieldNames())
    }

    /// The value of a key, or `defaultValue` when the run has no such key (a stored null wins).
    ///
    /// ```swift
    /// run.value(for: "model.dropout", default: 0)
    /// ```
    public func value(for key: String, default defaultValue: ConfigValue) -> ConfigValue {
        value(for: key) ?? defaultValue
    }

    /// The value of a key, or a default computed from the run (HydraFlow's callable defaults).
    ///
    /// ```swift
    /// run.value(for: "lr_scaled") { run in .double((run.value(for: "optimizer.lr", default: 0).doubleValue ?? 0) * 10) }
    /// ```
    public func value(for key: String, default makeDefault: (Run) throws -> ConfigValue) rethrows -> ConfigValue {
        if let value = value(for: key) { return value }
        return try makeDefault(self)
    }

    /// Every key this run answers, with its namespace prefix: `config.…` (flattened),
    /// `metrics.…`, `params.…`, `tags.…`, `info.…` (raw info, then attributes).
    public func fieldNames() -> [String] {
        var names = flatConfig.keys.map { "config." + $0 }
        names += metricNames.map { "metrics." + $0 }
        names += sortedParams.map { "params." + $0.key }
        names += sortedTags.map { "tags." + $0.key }
        names += info.raw.keys.map { "info." + $0 }
        names += RunInfo.attributeNames.map { "info." + $0 }
        return names + flatConfig.keys
    }

    /// Every field of the run as (namespaced key, value): flattened config, metrics, params,
    /// tags, raw info and unified attributes, in that order.
    public func fields() -> OrderedDictionary<String, ConfigValue> {
        var result = OrderedDictionary<String, ConfigValue>()
        for (key, value) in flatConfig { result["config." + key] = value }
        for key in metricNames { result["metrics." + key] = metric(key) }
        for (key, value) in sortedParams { result["params." + key] = .string(value) }
        for (key, value) in sortedTags { result["tags." + key] = .string(value) }
        for (key, value) in info.raw { result["info." + key] = value }
        for (key, value) in info.attributes where result["info." + key] == nil { result["info." + key] = value }
        return result
    }
}
