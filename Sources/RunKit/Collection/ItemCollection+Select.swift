extension ItemCollection {
    /// The one element meeting every criterion. Throws `noMatch` ("No item found matching the
    /// specified criteria") when there is none, `multipleMatches` ("Multiple items (n) found
    /// matching the criteria, expected exactly one") when there are several.
    ///
    /// ```swift
    /// let run = try runs.get(.equals("model.type", "cnn"), .equals("seed", 1), .equals("optimizer.lr", 0.01))
    /// ```
    public func get(_ criteria: Criterion<Element>...) throws -> Element {
        try get(criteria)
    }

    /// The one element meeting every criterion of the array; see `get(_:)`.
    ///
    /// ```swift
    /// let run = try runs.get([.equals("run_id", "af4df71f…")])
    /// ```
    public func get(_ criteria: [Criterion<Element>]) throws -> Element {
        guard let element = try tryGet(criteria) else { throw Self.noMatch() }
        return element
    }

    /// The one element matching every key/value pair.
    ///
    /// ```swift
    /// let run = try runs.get(["model.type": "cnn", "optimizer.lr": 0.01, "seed": 1])
    /// ```
    public func get(_ pairs: KeyValuePairs<String, ConfigValue>) throws -> Element {
        try get(Self.criteria(pairs))
    }

    /// The one element whose `key` equals `value`.
    ///
    /// ```swift
    /// let run = try runs.get("run_id", "af4df71f63a540e5a96307c3468b6ceb")
    /// ```
    public func get(_ key: String, _ value: ConfigValue) throws -> Element {
        try get([.equals(key, value)])
    }

    /// The one element meeting every criterion, nil when there is none; throws `multipleMatches`
    /// when there are several.
    ///
    /// ```swift
    /// if let run = try runs.tryGet(.equals("model.type", "rnn")) { print(run) }
    /// ```
    public func tryGet(_ criteria: Criterion<Element>...) throws -> Element? {
        try tryGet(criteria)
    }

    /// The one element meeting every criterion of the array, or nil; see `tryGet(_:)`.
    ///
    /// ```swift
    /// let run = try runs.tryGet([.equals("optimizer.lr", 0.5)])
    /// ```
    public func tryGet(_ criteria: [Criterion<Element>]) throws -> Element? {
        let matches = try filter(criteria)
        switch matches.count {
        case 0: return nil
        case 1: return matches[matches.startIndex]
        default:
            throw RunKitError(.multipleMatches, "Multiple items (\(matches.count)) found matching the criteria, expected exactly one")
        }
    }

    /// The one element matching every key/value pair, or nil.
    ///
    /// ```swift
    /// let run = try runs.tryGet(["optimizer.lr": 0.5])
    /// ```
    public func tryGet(_ pairs: KeyValuePairs<String, ConfigValue>) throws -> Element? {
        try tryGet(Self.criteria(pairs))
    }

    /// The one element whose `key` equals `value`, or nil.
    ///
    /// ```swift
    /// let run = try runs.tryGet("optimizer.lr", 0.5)
    /// ```
    public func tryGet(_ key: String, _ value: ConfigValue) throws -> Element? {
        try tryGet([.equals(key, value)])
    }

    /// The first element meeting every criterion (the first element when there are none);
    /// throws `noMatch` when nothing matches. For an optional answer use `first(where:)`.
    ///
    /// ```swift
    /// let run = try runs.sorted(by: "metrics.loss").first(.equals("model.type", "cnn"))
    /// ```
    public func first(_ criteria: Criterion<Element>...) throws -> Element {
        try first(criteria)
    }

    /// The first element meeting every criterion of the array; see `first(_:)`.
    ///
    /// ```swift
    /// let run = try runs.first([.equals("seed", 1)])
    /// ```
    public func first(_ criteria: [Criterion<Element>]) throws -> Element {
        let matches = try filter(criteria)
        guard let element = matches.first else { throw Self.noMatch() }
        return element
    }

    /// The first element matching every key/value pair.
    ///
    /// ```swift
    /// let run = try runs.first(["model.type": "cnn"])
    /// ```
    public func first(_ pairs: KeyValuePairs<String, ConfigValue>) throws -> Element {
        try first(Self.criteria(pairs))
    }

    /// The first element whose `key` equals `value`.
    ///
    /// ```swift
    /// let run = try runs.first("model.type", "cnn")
    /// ```
    public func first(_ key: String, _ value: ConfigValue) throws -> Element {
        try first([.equals(key, value)])
    }

    /// The last element meeting every criterion (the last element when there are none);
    /// throws `noMatch` when nothing matches. For an optional answer use `last(where:)`.
    ///
    /// ```swift
    /// let run = try runs.last(.between("optimizer.lr", 0.001, 0.01))
    /// ```
    public func last(_ criteria: Criterion<Element>...) throws -> Element {
        try last(criteria)
    }

    /// The last element meeting every criterion of the array; see `last(_:)`.
    ///
    /// ```swift
    /// let run = try runs.last([.equals("seed", 1)])
    /// ```
    public func last(_ criteria: [Criterion<Element>]) throws -> Element {
        let matches = try filter(criteria)
        guard let element = matches.last else { throw Self.noMatch() }
        return element
    }

    /// The last element matching every key/value pair.
    ///
    /// ```swift
    /// let run = try runs.last(["model.type": "cnn"])
    /// ```
    public func last(_ pairs: KeyValuePairs<String, ConfigValue>) throws -> Element {
        try last(Self.criteria(pairs))
    }

    /// The last element whose `key` equals `value`.
    ///
    /// ```swift
    /// let run = try runs.last("model.type", "cnn")
    /// ```
    public func last(_ key: String, _ value: ConfigValue) throws -> Element {
        try last([.equals(key, value)])
    }

    static func criteria(_ pairs: KeyValuePairs<String, ConfigValue>) -> [Criterion<Element>] {
        pairs.map { .equals($0.key, $0.value) }
    }

    static func noMatch() -> RunKitError {
        RunKitError(.noMatch, "No item found matching the specified criteria")
    }
}
