extension ItemCollection {
    /// The elements sorted by one or more keys, the first key first, with `ConfigValue.compare`
    /// (numbers numerically, then strings, lists, maps). Elements whose value is NaN, null or
    /// missing go last, in that order, in BOTH directions. The sort is stable; `reverse` flips the
    /// whole stable ascending order, so ties come out in reverse input order, as in HydraFlow.
    /// No keys: the collection as it is.
    ///
    /// ```swift
    /// let byLR = runs.sorted(by: "optimizer.lr", "seed")
    /// let best = runs.sorted(by: "metrics.val/acc", reverse: true)
    /// ```
    public func sorted(by keys: String..., reverse: Bool = false) -> ItemCollection {
        sorted(by: keys, reverse: reverse)
    }

    /// The elements sorted by an array of keys; see `sorted(by:reverse:)`.
    ///
    /// ```swift
    /// let ordered = runs.sorted(by: ["model.type", "seed"])
    /// ```
    public func sorted(by keys: [String], reverse: Bool = false) -> ItemCollection {
        guard !keys.isEmpty else { return replacing(with: storage) }
        return ordered(by: columnValues(keys), descending: keys.map { _ in reverse }, reverseTies: reverse)
    }

    /// Sorts the collection in place by one or more keys; see `sorted(by:reverse:)`.
    ///
    /// ```swift
    /// var runs = RunCollection(loaded)
    /// runs.sort(by: "optimizer.lr", reverse: true)
    /// ```
    public mutating func sort(by keys: String..., reverse: Bool = false) {
        self = sorted(by: keys, reverse: reverse)
    }
}
