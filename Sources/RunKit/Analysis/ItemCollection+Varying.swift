extension ItemCollection where Element == Run {
    /// The keys whose values are not the same in every run (MLXP's `diff`, the library side of
    /// `runkit diff`), in first-seen order, namespaced (`config.optimizer.lr`). `prefix` limits them:
    /// a namespace (`config`, `params`, `metrics`, `tags`, `info`, or an alias such as `cfg`) or a
    /// dotted start within one (`config.optimizer`); nil means config and params. `info` is the
    /// store's own run info (MLXP's info.yaml, MLflow's run record), not the unified attributes
    /// (`run_dir`, …) RunKit derives. A run lacking a key counts as null; all NaNs are one value.
    ///
    /// ```swift
    /// runs.varyingKeys()                            // ["config.optimizer.lr", "config.seed", "params.lr", …]
    /// runs.varyingKeys(prefix: "config.optimizer")  // ["config.optimizer.lr"]
    /// ```
    public func varyingKeys(prefix: String? = nil) -> [String] {
        varyingFields(prefix: prefix).map(\.key)
    }

    /// The varying fields with their distinct values; see `varyingKeys(prefix:)`.
    ///
    /// ```swift
    /// for field in runs.varyingFields(prefix: "config") { print(field.key, field.values) }
    /// ```
    public func varyingFields(prefix: String? = nil) -> [VaryingField] {
        guard let prefix, !prefix.isEmpty else { return VaryingField.find(in: elements, namespaces: [.config, .params]) }
        let head = prefix.split(separator: ".", maxSplits: 1).first.map(String.init) ?? prefix
        guard let namespace = FieldKey.namespace(forPrefix: head), namespace != .history else {
            // Not a namespace: a start of any key (MLXP's `diff('test')` on metric names).
            return VaryingField.find(in: elements, namespaces: [.config, .params, .metrics, .tags, .info]).filter { field in
                FieldKey(field.key).name.hasPrefix(prefix)
            }
        }
        let fields = VaryingField.find(in: elements, namespaces: [namespace])
        guard prefix != head else { return fields }
        let start = FieldKey(prefix)
        return fields.filter { field in
            let key = FieldKey(field.key)
            return key.name == start.name || key.name.hasPrefix(start.name + ".")
        }
    }
}
