/// Choices for evaluating a query or an order-by.
///
/// ```swift
/// let options = QueryOptions(allowMissing: true)
/// let runs = try loaded.filter(where: "metrics.f1 > 0.5", options: options)
/// ```
public struct QueryOptions: Sendable, Hashable {
    /// When false (the default), a field that no run has is an error with suggestions, since it
    /// is almost always a typo; when true it is simply missing everywhere. Fields only tested
    /// with `IS NULL` / `IS NOT NULL` never need to exist.
    public var allowMissing: Bool
    /// How `LIKE`/`ILIKE` treat line breaks.
    public var like: LikeSemantics

    public init(allowMissing: Bool = false, like: LikeSemantics = .sql) {
        self.allowMissing = allowMissing
        self.like = like
    }
}
