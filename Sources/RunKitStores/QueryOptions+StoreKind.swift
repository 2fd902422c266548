import RunKitModel

extension QueryOptions {
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
