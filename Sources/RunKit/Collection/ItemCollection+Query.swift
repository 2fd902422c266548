@_spi(RunKitInternals) import RunKitSupport

extension ItemCollection {
    /// The elements matching a query (see `Query`), in order. Throws `invalidQuery` when the text
    /// does not parse, and `keyNotFound` (with suggestions) when no element has a field the query
    /// compares, unless `options.allowMissing`.
    ///
    /// ```swift
    /// let good = try runs.filter(where: "metrics.accuracy > 0.9 or params.lr = '0.1'")
    /// ```
    public func filter(where query: String, options: QueryOptions = QueryOptions()) throws -> ItemCollection {
        try filter(Query(query), options: options)
    }

    /// The elements matching a parsed query, in order.
    ///
    /// ```swift
    /// let query = try Query("config.seed in [1, 2] & ~(config.model.num_units == 2)")
    /// let chosen = try runs.filter(query)
    /// ```
    public func filter(_ query: Query, options: QueryOptions = QueryOptions()) throws -> ItemCollection {
        try filter(query, options: options, resolve: genericResolve)
    }

    /// The elements ordered by order-by specs (`"KEY [ASC|DESC]"` or `"[-]KEY"`), the first spec
    /// first. Missing values, nulls and NaN go last in both directions; ties keep the collection's
    /// order (for a store's runs, its natural order), so this is MLflow's `order_by`.
    ///
    /// ```swift
    /// let ranked = try runs.sorted(orderBy: "metrics.accuracy DESC", "params.lr")
    /// ```
    public func sorted(orderBy spec: String, _ more: String..., options: QueryOptions = QueryOptions()) throws -> ItemCollection {
        try sorted(by: ([spec] + more).map(OrderTerm.init), options: options)
    }

    /// The elements ordered by parsed order-by terms; see `sorted(orderBy:)`.
    ///
    /// ```swift
    /// let ranked = try runs.sorted(by: [OrderTerm(field: QueryField("metrics.loss"))])
    /// ```
    public func sorted(by terms: [OrderTerm], options: QueryOptions = QueryOptions()) throws -> ItemCollection {
        try sorted(by: terms, options: options, resolve: genericResolve)
    }

    private var genericResolve: @Sendable (Element, QueryField) -> ConfigValue? {
        { [lookup] element, field in lookup(element, field.key.description) }
    }

    /// `filter(_:options:)` with the way a field is found in an element. Large collections are
    /// evaluated in chunks on every core.
    func filter(_ query: Query, options: QueryOptions, resolve: @escaping @Sendable (Element, QueryField) -> ConfigValue?) throws -> ItemCollection {
        if !options.allowMissing { try requireFields(query.requiredFields, resolve: resolve) }
        let like = options.like
        return keeping { chunk in chunk.indices.filter { index in query.root.matches({ resolve(chunk[index], $0) }, like: like) } }
    }

    /// The elements at the indices `match` picks from each chunk (increasing, indices of the chunk's
    /// base), chunks on all cores, gathered once into a new collection.
    func keeping(_ match: @escaping @Sendable (ArraySlice<Element>) -> [Int]) -> ItemCollection {
        let start = storage.startIndex
        return gathering(Self.inChunks(storage, match).flatMap { $0 }.map { $0 - start })
    }

    /// `sorted(by:options:)` with the way a field is found in an element.
    func sorted(by terms: [OrderTerm], options: QueryOptions, resolve: @escaping @Sendable (Element, QueryField) -> ConfigValue?) throws -> ItemCollection {
        guard !terms.isEmpty else { return replacing(with: storage) }
        if !options.allowMissing { try requireFields(terms.map(\.field), resolve: resolve) }
        return ordered(by: values(of: terms.map(\.field), resolve: resolve), descending: terms.map(\.descending))
    }

    /// The elements ordered by columns of their values (`values[c][i]` for element `i`), the
    /// first column deciding, each in its direction; ties in collection order (reversed with
    /// `reverseTies`). The sort columns are prepared on all cores, the result gathered once.
    func ordered(by values: [[ConfigValue?]], descending: [Bool], reverseTies: Bool = false) -> ItemCollection {
        let columns = ParallelSlots.map(values.count) { SortColumn(values[$0]) }
        return gathering(SortColumn.order(columns, descending: descending, count: storage.count, reverseTies: reverseTies))
    }

    /// The values of `fields` in every element, `values[f][i]`, each element visited once for all
    /// fields, on all cores for many elements.
    func fieldValues(_ fields: [QueryField], resolve: @escaping @Sendable (Element, QueryField) -> ConfigValue?) -> [[ConfigValue?]] {
        let (storage, start) = (storage, storage.startIndex)
        return ParallelSlots.columns(fields.count, count: storage.count) { column, rows, set in
            for row in rows { set(row, resolve(storage[start + row], fields[column])) }
        }
    }

    /// The elements at `positions` (from 0) of this collection, in that order, gathered on all cores.
    func gathering(_ positions: [Int]) -> ItemCollection {
        ItemCollection(storage: ParallelSlots.gather(storage, at: positions)[...], fieldNames: fieldNames,
                       lookup: lookup, readFields: readFields)
    }

    /// `body` applied to consecutive chunks of `elements`, on all cores when there are many; the
    /// results in chunk order.
    static func inChunks<T: Sendable>(_ elements: ArraySlice<Element>, _ body: @escaping @Sendable (ArraySlice<Element>) -> T) -> [T] {
        let chunkSize = 8_192
        guard elements.count > chunkSize else { return [body(elements)] }
        let start = elements.startIndex
        let chunks = (elements.count + chunkSize - 1) / chunkSize
        return ParallelSlots.map(chunks) { chunk in
            let from = start + chunk * chunkSize
            return body(elements[from..<Swift.min(from + chunkSize, elements.endIndex)])
        }
    }

    /// Throws `keyNotFound` for the first field no element has (an empty collection has every field).
    func requireFields(_ fields: [QueryField], resolve: (Element, QueryField) -> ConfigValue?) throws {
        guard !storage.isEmpty else { return }
        for field in fields where !storage.contains(where: { resolve($0, field) != nil }) {
            throw keyNotFound(field.text)
        }
    }
}

extension ItemCollection where Element == Run {
    /// The runs matching a query, with fields resolved as `Run.value(for:)` does; see the generic
    /// `filter(where:options:)`.
    ///
    /// ```swift
    /// let failed = try runs.filter(where: "status = 'FAILED'")
    /// ```
    public func filter(where query: String, options: QueryOptions = QueryOptions()) throws -> ItemCollection {
        try filter(Query(query), options: options)
    }

    /// The runs matching a parsed query.
    ///
    /// ```swift
    /// let chosen = try runs.filter(try Query("metrics.loss < 0.5"))
    /// ```
    public func filter(_ query: Query, options: QueryOptions = QueryOptions()) throws -> ItemCollection {
        if !options.allowMissing { try requireFields(query.requiredFields) { $0.value(for: $1) } }
        try query.checkQuotedNumbers { field in storage.first { $0.value(for: field) != nil }?.resolvesToNumericMetric(field) ?? false }
        let like = options.like
        // One comparison at a time over each chunk (RunQueryEvaluator): the same runs as the
        // generic run-by-run filter, each field read in a tight loop.
        return keeping { chunk in RunQueryEvaluator(runs: chunk, like: like).positions(query.root, among: Array(chunk.indices)) }
    }

    /// The runs ordered by order-by specs; see the generic `sorted(orderBy:options:)`.
    ///
    /// ```swift
    /// let newest = try runs.sorted(orderBy: "start_time DESC")
    /// ```
    public func sorted(orderBy spec: String, _ more: String..., options: QueryOptions = QueryOptions()) throws -> ItemCollection {
        try sorted(by: ([spec] + more).map(OrderTerm.init), options: options)
    }

    /// The runs ordered by parsed order-by terms.
    ///
    /// ```swift
    /// let ranked = try runs.sorted(by: [try OrderTerm("metrics.accuracy DESC")])
    /// ```
    public func sorted(by terms: [OrderTerm], options: QueryOptions = QueryOptions()) throws -> ItemCollection {
        try sorted(by: terms, options: options) { $0.value(for: $1) }
    }
}
