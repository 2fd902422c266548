/// How a comparison criterion relates two values (`Criterion.compare`, `.gt`, `.le`, …).
///
/// Equality is `ConfigValue.looselyEquals` (`10 == 10.0`, no string/number coercion); the
/// orderings use `ConfigValue.orderedComparison` and are false for values that cannot be
/// ordered (null, NaN, mixed kinds), where Python would raise `TypeError`.
///
/// ```swift
/// ComparisonOperator.lessThan.evaluate(0.01, 0.1)   // true
/// ComparisonOperator.greaterThan.evaluate(0.1, nil) // false: null is not ordered
/// ```
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case lessThan = "<"
    case lessThanOrEqual = "<="
    case greaterThan = ">"
    case greaterThanOrEqual = ">="

    /// Applies the operator to two values.
    ///
    /// ```swift
    /// ComparisonOperator.notEqual.evaluate("cnn", "mlp")   // true
    /// ```
    public func evaluate(_ lhs: ConfigValue, _ rhs: ConfigValue) -> Bool {
        switch self {
        case .equal: return lhs.looselyEquals(rhs)
        case .notEqual: return !lhs.looselyEquals(rhs)
        default: return ConfigValue.orderedComparison(lhs, rhs).map(holds) ?? false
        }
    }

    /// Whether the operator holds for a three-way comparison result (-1, 0 or 1).
    ///
    /// ```swift
    /// ComparisonOperator.lessThanOrEqual.holds(0)   // true
    /// ```
    public func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .lessThan: return order < 0
        case .lessThanOrEqual: return order <= 0
        case .greaterThan: return order > 0
        case .greaterThanOrEqual: return order >= 0
        }
    }
}
