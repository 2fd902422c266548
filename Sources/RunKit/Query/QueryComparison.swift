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
    /// Where the literal starts in the query, in characters (for errors found after parsing).
    let valueOffset: Int

    init(field: QueryField, op: QueryOperator, value: ConfigValue, pattern: LikePattern?, valueOffset: Int = 0) {
        self.field = field
        self.op = op
        self.value = value
        self.pattern = pattern
        self.valueOffset = valueOffset
    }

    /// The first quoted text of the literal that reads as a plain number (`'0.5'`, `"1e-3"`) in an
    /// `=`, `!=`, `<`, … or `IN` comparison; nil when there is none. Compared with a numeric
    /// metric such text matches nothing, so a query holding it is refused (as MLflow refuses it).
    var quotedNumber: String? {
        switch op {
        case .compare, .in: break
        case .like, .isNull: return nil
        }
        let candidates = value.listValue ?? [value]
        for case .string(let text) in candidates
        where Double(text) != nil && text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) {
            return text
        }
        return nil
    }

    /// Why a quoted number cannot be compared with the metric `field`, for the error message.
    func quotedNumberReason(_ text: String) -> String {
        "\(field.text) is a metric, a number, but '\(text)' is quoted, so it is text and would match no run: "
            + "write \(text) without quotes (MLflow refuses it too: \"Expected numeric value type for metric\")"
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
