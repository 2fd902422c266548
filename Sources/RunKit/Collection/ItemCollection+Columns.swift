extension ItemCollection {
    /// The value of `key` in every element, in order (nil where an element lacks it), found with the
    /// collection's fast resolver when it has one (runs: the key parsed once, not per run) and on
    /// every core for large collections.
    ///
    /// ```swift
    /// let losses = runs.columnValues("metrics.loss")   // [.double(0.25), nil, …]
    /// ```
    public func columnValues(_ key: String) -> [ConfigValue?] {
        columnValues([key])[0]
    }

    /// The values of several keys, `columns[k][i]` for key `k` of element `i`, with each element
    /// visited once for all keys (a run's config tree and dictionaries are read while in cache).
    ///
    /// ```swift
    /// let columns = runs.columnValues(["model.type", "metrics.loss"])
    /// ```
    func columnValues(_ keys: [String]) -> [[ConfigValue?]] {
        let lookup = self.lookup
        return values(of: keys.map { QueryField(FieldKey($0), text: $0) }) { lookup($0, $1.text) }
    }

    /// The values of parsed fields, `values[f][i]`: read by the collection's column source when it
    /// has one (runs: a tight loop per field on every core), else with `resolve` element by element.
    func values(of fields: [QueryField], resolve: @escaping @Sendable (Element, QueryField) -> ConfigValue?) -> [[ConfigValue?]] {
        source(resolve).values(of: fields, in: storage)
    }

    /// The collection's column source, or one that finds a field in an element with `resolve`.
    func source(_ resolve: @escaping @Sendable (Element, QueryField) -> ConfigValue?) -> any ColumnSource<Element> {
        columnSource ?? LookupColumnSource(resolve: resolve)
    }
}
