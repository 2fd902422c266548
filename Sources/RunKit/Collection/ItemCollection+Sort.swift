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
        let elements = Array(storage)
        let columns = keys.map { key in elements.map { lookup($0, key) } }
        let order = (0..<elements.count).sorted { a, b in
            for column in columns {
                let c = Self.sortComparison(column[a], column[b], reverse: reverse)
                if c != 0 { return c < 0 }
            }
            return reverse ? a > b : a < b
        }
        return replacing(with: order.map { elements[$0] })
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

    /// -1, 0 or 1 for two looked-up values in the requested direction, NaN/null/missing last.
    static func sortComparison(_ lhs: ConfigValue?, _ rhs: ConfigValue?, reverse: Bool) -> Int {
        let (l, r) = (trailingRank(lhs), trailingRank(rhs))
        if l != r { return l < r ? -1 : 1 }
        guard l == 0, let lhs, let rhs else { return 0 }
        let c = ConfigValue.compare(lhs, rhs)
        return reverse ? -c : c
    }

    /// 0 for an ordinary value; NaN 1, null 2, missing 3: the values that sort last either way.
    private static func trailingRank(_ value: ConfigValue?) -> Int {
        switch value {
        case nil: return 3
        case .null?: return 2
        case .double(let d)? where d.isNaN: return 1
        default: return 0
        }
    }
}
