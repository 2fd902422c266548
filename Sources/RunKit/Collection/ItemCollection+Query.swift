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
    // Specialized for runs (`@_specialize`: the generic body checks for `Run` and jumps to the
    // specialized copy): declared once for any element, a run collection's chunking and gather
    // would otherwise run as generic code, copying each run through value witnesses (orders and
    // filters of 100,000 runs 1.2-1.3x slower); callers, generic or not, get the same copy.
    @_specialize(where Element == Run)
    public func filter(_ query: Query, options: QueryOptions = QueryOptions()) throws -> ItemCollection {
        gathering(try positions(matching: query, options: options))
    }

    /// The positions (from 0, increasing) of the elements matching `query`: `filter`'s choice
    /// without gathering the elements, with its errors.
    ///
    /// ```swift
    /// let matching = try runs.positions(matching: Query("metrics.loss < 0.5"))   // [0, 3, 4]
    /// ```
    @_specialize(where Element == Run)
    package func positions(matching query: Query, options: QueryOptions = QueryOptions()) throws -> [Int] {
        let source = querySource
        if !options.allowMissing { try requireFields(query.requiredFields, in: source) }
        try source.validate(query, in: storage)
        let like = options.like
        let start = storage.startIndex
        // The source picks the matches (runs: a comparison at a time, each field read in a tight
        // loop), large collections in chunks on every core.
        return Self.inChunks(storage) { chunk in source.positions(matching: query, among: Array(chunk.indices), in: chunk, like: like) }
            .flatMap { $0 }.map { $0 - start }
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
    @_specialize(where Element == Run)   // as `filter(_:options:)`
    public func sorted(by terms: [OrderTerm], options: QueryOptions = QueryOptions()) throws -> ItemCollection {
        guard !terms.isEmpty else { return replacing(with: storage) }
        return gathering(try positions(orderedBy: terms, options: options))
    }

    /// The positions (from 0) of the elements in the order `sorted(by: terms)` gives, with its
    /// errors: a permutation a caller can keep and apply to any subset.
    ///
    /// ```swift
    /// let order = try runs.positions(orderedBy: [OrderTerm("metrics.loss")])   // [2, 0, 1]
    /// ```
    @_specialize(where Element == Run)
    package func positions(orderedBy terms: [OrderTerm], options: QueryOptions = QueryOptions()) throws -> [Int] {
        guard !terms.isEmpty else { return Array(0..<storage.count) }
        let source = querySource
        if !options.allowMissing { try requireFields(terms.map(\.field), in: source) }
        return orderPositions(by: source.values(of: terms.map(\.field), in: storage), descending: terms.map(\.descending))
    }

    /// Throws what `sorted(by: terms, options:)` throws for a key no element has, without sorting:
    /// for a collection already in that order (filtered from one sorted whole, as `runkit serve`
    /// keeps it), the check the sort would have made.
    ///
    /// ```swift
    /// let page = try sortedOnce.filter(query)
    /// try page.checkOrderKeys([OrderTerm("metrics.loss DESC")])
    /// ```
    package func checkOrderKeys(_ terms: [OrderTerm], options: QueryOptions = QueryOptions()) throws {
        if !options.allowMissing { try requireFields(terms.map(\.field), in: querySource) }
    }

    /// What reads a query's or order-by's fields: the collection's column source, else `lookup` with
    /// each key as text (`metrics.val/acc`).
    private var querySource: any ColumnSource<Element> {
        source { [lookup] element, field in lookup(element, field.key.description) }
    }

    /// The elements ordered by columns of their values (`values[c][i]` for element `i`), the
    /// first column deciding, each in its direction; ties in collection order (reversed with
    /// `reverseTies`). The sort columns are prepared on all cores, the result gathered once.
    func ordered(by values: [[ConfigValue?]], descending: [Bool], reverseTies: Bool = false) -> ItemCollection {
        gathering(orderPositions(by: values, descending: descending, reverseTies: reverseTies))
    }

    /// The positions `ordered(by:descending:reverseTies:)` gathers.
    func orderPositions(by values: [[ConfigValue?]], descending: [Bool], reverseTies: Bool = false) -> [Int] {
        let columns = ParallelSlots.map(values.count) { SortColumn(values[$0]) }
        return SortColumn.order(columns, descending: descending, count: storage.count, reverseTies: reverseTies)
    }

    /// The elements at `positions` (from 0) of this collection, in that order, gathered on all cores.
    func gathering(_ positions: [Int]) -> ItemCollection {
        ItemCollection(storage: ParallelSlots.gather(storage, at: positions)[...], fieldNames: fieldNames,
                       lookup: lookup, columnSource: columnSource)
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
    func requireFields(_ fields: [QueryField], in source: any ColumnSource<Element>) throws {
        guard !storage.isEmpty else { return }
        for field in fields where !storage.contains(where: { source.value(of: field, in: $0) != nil }) {
            throw keyNotFound(field.text)
        }
    }
}
