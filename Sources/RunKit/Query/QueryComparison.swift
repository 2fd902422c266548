/// One comparison of a query: a field, an operator and a literal value.
///
/// A missing field makes every comparison false except `IS NULL`; a stored null is only equal to
/// `null`; NaN is unequal to everything (so only `!=` and `NOT IN` hold); values that cannot be
/// ordered against the literal (`status > 1`) do not match. A class, so evaluation on many runs
/// does not copy it.
final class QueryComparison: Sendable {
    let field: QueryField
    let op: QueryOperator
    /// The literal (`.null` for `IS NULL`/`IS NOT NULL`, a list for `IN`).
    let value: ConfigValue
    /// The compiled pattern of a `LIKE`/`ILIKE`.
    let pattern: LikePattern?

    init(field: QueryField, op: QueryOperator, value: ConfigValue, pattern: LikePattern?) {
        self.field = field
        self.op = op
        self.value = value
        self.pattern = pattern
    }

    func matches(_ found: ConfigValue?, like semantics: LikeSemantics) -> Bool {
        if case .isNull(let negated) = op { return (found?.isNull ?? true) != negated }
        guard let found else { return false }
        switch op {
        case .compare(.equal): return found.queryEquals(value)
        case .compare(.notEqual): return !found.queryEquals(value)
        case .compare(let comparison): return found.queryOrder(value).map(comparison.holds) ?? false
        case .in(let negated): return (value.listValue ?? []).contains { found.queryEquals($0) } != negated
        case .like(let caseInsensitive, let negated):
            guard let pattern, let text = found.stringForm else { return false }
            return pattern.matches(text, ignoringCase: caseInsensitive, semantics: semantics) != negated
        case .isNull: return false
        }
    }
}
