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

    /// The options that answer as the store's own tool does: `.fileStore` LIKE for MLflow's
    /// file store, SQL LIKE for everything else.
    ///
    /// ```swift
    /// let options = QueryOptions.matching(store.kind)
    /// ```
    public static func matching(_ kind: StoreKind, allowMissing: Bool = false) -> QueryOptions {
        QueryOptions(allowMissing: allowMissing, like: kind == .mlflowFile ? .fileStore : .sql)
    }
}
