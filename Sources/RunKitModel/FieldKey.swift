/// A parsed dotted key: a namespace and a name within it.
///
/// ```swift
/// FieldKey("metrics.`val/acc`")   // namespace .metrics, name "val/acc"
/// FieldKey("model__type")         // namespace .bare, name "model__type"
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

    /// Parses `prefix.name`; the name may be quoted with backticks or double quotes,
    /// and `__` may stand for the dot after the prefix (`metrics__loss`).
    public init(_ key: String) {
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
    public var description: String { namespace.prefix + name }

    package static func unquoted(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == text.last, first == "`" || first == "\"" else {
            return text
        }
        return String(text.dropFirst().dropLast())
    }
}
