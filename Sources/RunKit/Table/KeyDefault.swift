/// What a table cell holds when an element lacks a key: a fixed value, or one computed from the
/// element (as `Run.value(for:default:)` takes either). Literals make fixed values.
///
/// ```swift
/// let table = try runs.table(["run_name", "notes", "lr_x10"], defaults: [
///     "notes": "n/a",
///     "lr_x10": .compute { run in .double((run.value(for: "optimizer.lr", default: 0).doubleValue ?? 0) * 10) },
/// ])
/// ```
public enum KeyDefault<Element: Sendable>: Sendable {
    /// This value.
    case value(ConfigValue)
    /// The value computed from the element.
    case compute(@Sendable (Element) throws -> ConfigValue)

    /// The default for `element`.
    func resolve(_ element: Element) throws -> ConfigValue {
        switch self {
        case .value(let value): return value
        case .compute(let make): return try make(element)
        }
    }
}

extension KeyDefault: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral {
    public init(nilLiteral: ()) { self = .value(.null) }
    public init(booleanLiteral value: Bool) { self = .value(.bool(value)) }
    public init(integerLiteral value: Int) { self = .value(.int(value)) }
    public init(floatLiteral value: Double) { self = .value(.double(value)) }
    public init(stringLiteral value: String) { self = .value(.string(value)) }
}
