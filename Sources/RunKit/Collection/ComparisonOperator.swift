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
        case .lessThan: return lhs < rhs
        case .lessThanOrEqual: return lhs <= rhs
        case .greaterThan: return lhs > rhs
        case .greaterThanOrEqual: return lhs >= rhs
        }
    }
}
