import OrderedCollections

/// A value of a run's config tree, a param, a metric or an attribute.
///
/// It is the one value type every store produces: YAML, JSON, SQLite rows and
/// TSV cells all become `ConfigValue`s. Maps keep their key order.
///
/// ```swift
/// let config: ConfigValue = ["model": ["type": "mlp", "hidden_size": 128]]
/// config["model.hidden_size"]   // .int(128)
/// config["model__type"]         // .string("mlp")
/// ```
public enum ConfigValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ConfigValue])
    case map(OrderedDictionary<String, ConfigValue>)
}

extension ConfigValue {
    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as a `Double` when it is a number (or a bool, as Python treats it).
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The value as an `Int` when it is an int, or a double with no fraction.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: return Int(d)
        default: return nil
        }
    }

    /// The string when the value is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The bool when the value is a bool.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements when the value is a list.
    public var listValue: [ConfigValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    /// The entries when the value is a map.
    public var mapValue: OrderedDictionary<String, ConfigValue>? {
        if case .map(let m) = self { return m }
        return nil
    }

    /// True for numbers (int or double, not bool).
    public var isNumber: Bool {
        switch self {
        case .int, .double: return true
        default: return false
        }
    }

    /// A short name of the value's type: `null`, `bool`, `int`, `double`, `string`, `list`, `map`.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "double"
        case .string: return "string"
        case .list: return "list"
        case .map: return "map"
        }
    }
}
