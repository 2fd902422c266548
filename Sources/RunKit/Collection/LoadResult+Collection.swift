extension LoadResult {
    /// The loaded runs as a `RunCollection` (filter, sort, group, …).
    ///
    /// ```swift
    /// let runs = try RunStore.load("Examples/hydraflow-project").collection
    /// ```
    public var collection: RunCollection { RunCollection(runs) }
}
