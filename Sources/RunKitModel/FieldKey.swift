/// A parsed dotted key: a namespace and a name within it.
///
/// ```swift
/// FieldKey("metrics.`val/acc`")   // namespace .metrics, name "val/acc"
/// FieldKey("model__type")         // namespace .bare, name "model__type"
/// FieldKey("max(history.val.acc)") // namespace .history, name "val.acc", reduction .max
/// ```
public struct FieldKey: Sendable, Hashable, CustomStringConvertible {
    /// Where a key is looked up.
    public enum Namespace: String, Sendable, Hashable, CaseIterable {
        case bare, config, metrics, params, tags, history, info

        /// The prefix a key of this namespace is written with (`metrics.`), empty for bare keys.
        public var prefix: String { self == .bare ? "" : rawValue + "." }
    }

    public var namespace: Namespace
    public var name: String
    /// For a `history.` key, the reduction to one value (`max(history.val.acc)`); nil: the whole history.
    public var reduction: HistoryReduction?

    /// Every prefix RunKit accepts, with the namespace it selects.
    public static let prefixes: [(String, Namespace)] = [
        ("config", .config), ("cfg", .config),
        ("metrics", .metrics), ("metric", .metrics),
        ("params", .params), ("param", .params), ("parameters", .params), ("parameter", .params),
        ("tags", .tags), ("tag", .tags),
        ("history", .history),
        ("info", .info), ("attributes", .info), ("attribute", .info), ("attr", .info), ("run", .info),
    ]

    public init(namespace: Namespace, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// A reduced history: `FieldKey(reducing: "val.acc", by: HistoryReduction(.max))` is `max(history.val.acc)`.
    public init(reducing metric: String, by reduction: HistoryReduction) {
        self.init(namespace: .history, name: metric)
        self.reduction = reduction
    }

    /// The reduction a call like `max(history.val.acc)` writes, when its key names a history
    /// (written `history.KEY`, `metrics.KEY` or bare `KEY`, all meaning the metric's history).
    static func reduced(_ text: String) -> FieldKey? {
        guard let (reduction, inner) = HistoryReduction.call(text) else { return nil }
        let key = FieldKey(inner)
        guard key.reduction == nil, [.history, .metrics, .bare].contains(key.namespace) else { return nil }
        return FieldKey(reducing: key.name, by: reduction)
    }

    /// Parses `prefix.name`; the name may be quoted with backticks or double quotes,
    /// and `__` may stand for the dot after the prefix (`metrics__loss`).
    public init(_ key: String) {
        if key.hasSuffix(")"), let reduced = Self.reduced(key) {
            self = reduced
            return
        }
        for (prefix, namespace) in Self.prefixes {
            for separator in [".", "__"] where key.hasPrefix(prefix + separator) {
                let rest = String(key.dropFirst(prefix.count + separator.count))
                if !rest.isEmpty {
                    self.init(namespace: namespace, name: Self.unquoted(rest))
                    return
                }
            }
        }
        self.init(namespace: .bare, name: Self.unquoted(key))
    }

    /// The namespace a prefix written before the first dot selects (`metrics`, `param`, `attr`, …),
    /// or nil when the word is no prefix.
    ///
    /// ```swift
    /// FieldKey.namespace(forPrefix: "attributes")   // .info
    /// ```
    public static func namespace(forPrefix prefix: String) -> Namespace? {
        prefixes.first { $0.0 == prefix }?.1
    }

    /// The key with `__` read as `.` (`model__type` → `model.type`, `metrics__val__acc` →
    /// `metrics.val.acc`), parsed again; nil when the key holds no `__`.
    public var underscoreAlias: FieldKey? {
        let text = description
        guard text.contains("__") else { return nil }
        return FieldKey(text.replacingOccurrences(of: "__", with: "."))
    }

    /// The key written back as text (`metrics.loss`).
    public var description: String {
        reduction.map { $0.written(around: "history." + name) } ?? namespace.prefix + name
    }

    package static func unquoted(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == text.last, first == "`" || first == "\"" else {
            return text
        }
        return String(text.dropFirst().dropLast())
    }
}
