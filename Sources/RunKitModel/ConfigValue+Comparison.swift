extension ConfigValue {
    /// Compares two values the way a filter means "less" and "greater": numbers (ints, doubles
    /// and bools) with numbers, strings with strings, lists with lists element by element.
    /// Returns -1, 0 or 1, or nil when the two cannot be ordered: a null, a NaN, a map, or
    /// two different kinds (`"1"` against `1`). Python raises `TypeError` there; RunKit says
    /// "not comparable", so a range or `<` criterion simply does not match.
    ///
    /// ```swift
    /// ConfigValue.orderedComparison(0.1, 1)       // -1
    /// ConfigValue.orderedComparison("b", "a")     // 1
    /// ConfigValue.orderedComparison(nil, 0.1)     // nil
    /// ```
    public static func orderedComparison(_ lhs: ConfigValue, _ rhs: ConfigValue) -> Int? {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            return a == b ? 0 : (a < b ? -1 : 1)
        case (.string(let a), .string(let b)):
            return a == b ? 0 : (a < b ? -1 : 1)
        case (.list(let a), .list(let b)):
            for (x, y) in zip(a, b) {
                guard let c = orderedComparison(x, y) else { return nil }
                if c != 0 { return c }
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        default:
            guard let a = lhs.doubleValue, let b = rhs.doubleValue, !a.isNaN, !b.isNaN else { return nil }
            return a == b ? 0 : (a < b ? -1 : 1)
        }
    }

    /// The text a string criterion (`startsWith`, `regex`, …) looks at: a string as it is,
    /// a number or bool as JSON writes it (`0.001`, `1e-05`, `true`), a list or map as JSON.
    /// Nil for null, which has no text.
    ///
    /// ```swift
    /// ConfigValue.double(0.5).stringForm   // "0.5"
    /// ConfigValue.null.stringForm          // nil
    /// ```
    public var stringForm: String? {
        switch self {
        case .null: return nil
        case .string(let s): return s
        case .double(let d) where !d.isFinite: return d.isNaN ? "nan" : (d > 0 ? "inf" : "-inf")
        default: return JSONWriter.string(self)
        }
    }

    /// True when `lhs` orders before `rhs`; false when they cannot be ordered (null, NaN, mixed kinds).
    ///
    /// ```swift
    /// runs.filter(.satisfies("optimizer.lr") { $0 < 0.05 })   // nulls and strings never match
    /// ```
    public static func < (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        orderedComparison(lhs, rhs).map { $0 < 0 } ?? false
    }

    /// True when `lhs` orders before or equal to `rhs`; false when they cannot be ordered.
    public static func <= (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        orderedComparison(lhs, rhs).map { $0 <= 0 } ?? false
    }

    /// True when `lhs` orders after `rhs`; false when they cannot be ordered.
    ///
    /// ```swift
    /// runs.filter(.satisfies("model.dropout") { $0 > 0 })     // a null dropout does not match
    /// ```
    public static func > (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        orderedComparison(lhs, rhs).map { $0 > 0 } ?? false
    }

    /// True when `lhs` orders after or equal to `rhs`; false when they cannot be ordered.
    public static func >= (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        orderedComparison(lhs, rhs).map { $0 >= 0 } ?? false
    }
}
