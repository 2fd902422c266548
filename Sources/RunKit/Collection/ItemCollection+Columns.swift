extension ItemCollection {
    /// The value of `key` in every element, in order (nil where an element lacks it), found with the
    /// collection's fast resolver when it has one (runs: the key parsed once, not per run) and on
    /// every core for large collections.
    ///
    /// ```swift
    /// let losses = runs.columnValues("metrics.loss")   // [.double(0.25), nil, …]
    /// ```
    public func columnValues(_ key: String) -> [ConfigValue?] {
        if let resolveField {
            let field = QueryField(FieldKey(key), text: key)
            return Array(Self.inChunks(storage) { chunk in chunk.map { resolveField($0, field) } }.joined())
        }
        let lookup = self.lookup
        return Array(Self.inChunks(storage) { chunk in chunk.map { lookup($0, key) } }.joined())
    }
}
