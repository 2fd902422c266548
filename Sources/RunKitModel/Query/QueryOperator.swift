/// How a query compares a field with a value: one of the six comparisons, or `[NOT] IN`,
/// `[NOT] LIKE`/`ILIKE`, `IS [NOT] NULL`.
///
/// ```swift
/// try Query("params.lr IN ('0.1', '0.01')")   // .in(negated: false)
/// try Query("tags.note IS NOT NULL")           // .isNull(negated: true)
/// ```
package enum QueryOperator: Sendable, Hashable, CustomStringConvertible {
    /// `= == != <> < <= > >=`.
    case compare(ComparisonOperator)
    /// `IN` / `NOT IN` a list.
    case `in`(negated: Bool)
    /// `LIKE`, `ILIKE` (`caseInsensitive`), and their `NOT` forms.
    case like(caseInsensitive: Bool, negated: Bool)
    /// `IS NULL` / `IS NOT NULL`.
    case isNull(negated: Bool)

    /// True for `IS NULL` and `IS NOT NULL`, which ask whether the field is there at all.
    package var testsPresence: Bool {
        if case .isNull = self { return true }
        return false
    }

    /// The operator as a query writes it (`>=`, `NOT IN`, `IS NULL`).
    package var description: String {
        switch self {
        case .compare(let op): return op.rawValue
        case .in(let negated): return negated ? "NOT IN" : "IN"
        case .like(let caseInsensitive, let negated): return (negated ? "NOT " : "") + (caseInsensitive ? "ILIKE" : "LIKE")
        case .isNull(let negated): return negated ? "IS NOT NULL" : "IS NULL"
        }
    }
}
