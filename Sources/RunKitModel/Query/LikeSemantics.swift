/// How `LIKE` and `ILIKE` treat line breaks, following the two MLflow backends.
///
/// ```swift
/// let options = QueryOptions(like: .fileStore)
/// ```
public enum LikeSemantics: String, Sendable, Hashable, CaseIterable {
    /// SQL `LIKE`, as MLflow's SQL store runs it: `%` is any run of characters, `_` any one
    /// character, line breaks included; the whole value must match.
    case sql
    /// MLflow's file store, which turns the pattern into a Python regex without DOTALL and applies
    /// it with `re.match`: `%` and `_` never match a line break, a pattern ending in `%` only has
    /// to match the start of the value, and one ending otherwise may leave a final `\n` unmatched.
    case fileStore
}
