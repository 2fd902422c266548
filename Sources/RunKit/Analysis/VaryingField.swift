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
        var keys = OrderedSet<String>()
        for run in runs {
            for key in run.fields().keys where namespaces.contains(FieldKey(key).namespace) { keys.append(key) }
        }
        var result: [VaryingField] = []
        for key in keys {
            var distinct: [ConfigValue] = []
            for run in runs {
                let value = run.value(for: key) ?? .null
                if !distinct.contains(where: { $0.looselyEquals(value) || ($0.doubleValue?.isNaN == true && value.doubleValue?.isNaN == true) }) {
                    distinct.append(value)
                }
            }
            if distinct.count > 1 { result.append(VaryingField(key: key, values: distinct)) }
        }
        return result
    }
}
