extension ItemCollection {
    /// The elements that meet every criterion (AND), in order. No criteria keeps everything.
    /// Throws `keyNotFound` when no element has a criterion's key.
    ///
    /// ```swift
    /// let cnn = try runs.filter(.equals("model.type", "cnn"), .between("optimizer.lr", 0.001, 0.01))
    /// ```
    public func filter(_ criteria: Criterion<Element>...) throws -> ItemCollection {
        try filter(criteria)
    }

    /// The elements that meet every criterion of the array (AND), in order.
    ///
    /// ```swift
    /// var criteria: [Criterion<Run>] = [.equals("seed", 1)]
    /// if onlyCNN { criteria.append(.equals("model.type", "cnn")) }
    /// let chosen = try runs.filter(criteria)
    /// ```
    public func filter(_ criteria: [Criterion<Element>]) throws -> ItemCollection {
        guard !criteria.isEmpty else { return replacing(with: storage) }
        try requireKeys(criteria.lazy.flatMap(\.requiredKeys))
        var kept: [Element] = []
        for element in storage {
            if try criteria.allSatisfy({ try $0.matches(element, lookup: lookup) }) { kept.append(element) }
        }
        return replacing(with: kept)
    }

    /// The elements whose `key` equals `value` (`10 == 10.0`, `"1" != 1`); a list `value` means any of
    /// its members (unless the element's value is itself a list, which must then equal it).
    ///
    /// ```swift
    /// let cnn = try runs.filter("model.type", "cnn")
    /// ```
    public func filter(_ key: String, _ value: ConfigValue) throws -> ItemCollection {
        try filter([.equals(key, value)])
    }

    /// The elements whose `key` is one of `values`.
    ///
    /// ```swift
    /// let some = try runs.filter("optimizer.lr", in: [0.1, 0.001])
    /// ```
    public func filter(_ key: String, in values: [ConfigValue]) throws -> ItemCollection {
        try filter([.anyOf(key, values)])
    }

    /// The elements whose `key` lies in a closed range (bounds included).
    ///
    /// ```swift
    /// let small = try runs.filter("optimizer.lr", 0.001...0.01)
    /// ```
    public func filter(_ key: String, _ range: ClosedRange<Double>) throws -> ItemCollection {
        try filter([.inRange(key, range)])
    }

    /// The elements whose value of `key` passes `test`.
    ///
    /// ```swift
    /// let small = try runs.filter("optimizer.lr") { $0 < 0.05 }
    /// ```
    public func filter(_ key: String, where test: @escaping (ConfigValue) throws -> Bool) throws -> ItemCollection {
        try filter([.satisfies(key, test)])
    }

    /// The elements matching every key/value pair (as `filter(_:_:)` matches one pair).
    ///
    /// ```swift
    /// let one = try runs.filter(["model.type": "cnn", "seed": 2])
    /// ```
    public func filter(_ pairs: KeyValuePairs<String, ConfigValue>) throws -> ItemCollection {
        try filter(pairs.map { Criterion.equals($0.key, $0.value) })
    }

    /// The elements for which `isIncluded` is true, as a collection (not an array).
    ///
    /// ```swift
    /// let finished = runs.filter { $0.info.status == .finished }
    /// ```
    public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> ItemCollection {
        replacing(with: try storage.filter(isIncluded))
    }

    /// The elements that meet NONE of the criteria: an element matching any criterion is dropped
    /// (HydraFlow's `exclude`). Throws `keyNotFound` when no element has a criterion's key.
    ///
    /// ```swift
    /// let rest = try runs.exclude(.equals("seed", 1), .equals("optimizer.lr", 0.1))
    /// ```
    public func exclude(_ criteria: Criterion<Element>...) throws -> ItemCollection {
        try exclude(criteria)
    }

    /// The elements that meet none of the criteria of the array.
    ///
    /// ```swift
    /// let rest = try runs.exclude([.equals("model.type", "cnn")])
    /// ```
    public func exclude(_ criteria: [Criterion<Element>]) throws -> ItemCollection {
        guard !criteria.isEmpty else { return replacing(with: storage) }
        try requireKeys(criteria.lazy.flatMap(\.requiredKeys))
        var kept: [Element] = []
        for element in storage {
            if try !criteria.contains(where: { try $0.matches(element, lookup: lookup) }) { kept.append(element) }
        }
        return replacing(with: kept)
    }

    /// The elements whose `key` does not equal `value` (a list `value`: is none of its members).
    ///
    /// ```swift
    /// let notCNN = try runs.exclude("model.type", "cnn")
    /// ```
    public func exclude(_ key: String, _ value: ConfigValue) throws -> ItemCollection {
        try exclude([.equals(key, value)])
    }

    /// The elements whose `key` is none of `values`.
    ///
    /// ```swift
    /// let rest = try runs.exclude("seed", in: [1, 2])
    /// ```
    public func exclude(_ key: String, in values: [ConfigValue]) throws -> ItemCollection {
        try exclude([.anyOf(key, values)])
    }

    /// The elements whose `key` lies outside a closed range.
    ///
    /// ```swift
    /// let extremes = try runs.exclude("optimizer.lr", 0.001...0.01)
    /// ```
    public func exclude(_ key: String, _ range: ClosedRange<Double>) throws -> ItemCollection {
        try exclude([.inRange(key, range)])
    }

    /// The elements whose value of `key` fails `test`.
    ///
    /// ```swift
    /// let rest = try runs.exclude("optimizer.lr") { $0 > 0.1 }
    /// ```
    public func exclude(_ key: String, where test: @escaping (ConfigValue) throws -> Bool) throws -> ItemCollection {
        try exclude([.satisfies(key, test)])
    }

    /// The elements matching none of the key/value pairs.
    ///
    /// ```swift
    /// let rest = try runs.exclude(["seed": 1, "optimizer.lr": 0.1])
    /// ```
    public func exclude(_ pairs: KeyValuePairs<String, ConfigValue>) throws -> ItemCollection {
        try exclude(pairs.map { Criterion.equals($0.key, $0.value) })
    }

    /// The elements for which `isExcluded` is false.
    ///
    /// ```swift
    /// let alive = runs.exclude { $0.info.isDeleted }
    /// ```
    public func exclude(_ isExcluded: (Element) throws -> Bool) rethrows -> ItemCollection {
        replacing(with: try storage.filter { try !isExcluded($0) })
    }
}
