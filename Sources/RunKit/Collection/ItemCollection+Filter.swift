extension ItemCollection {
    /// The elements that meet every criterion (AND), in order. No criteria keeps everything.
    /// Throws `keyNotFound` when no element has a criterion's key.
    ///
    /// ```swift
    /// let cnn = try runs.filter(["model.type": "cnn"])
    /// let small = try runs.filter(.equals("model.type", "cnn"), .between("optimizer.lr", 0.001...0.01))
    /// ```
    public func filter(_ criteria: Criterion<Element>...) throws -> ItemCollection {
        let parts = Criterion.all(criteria).parts
        guard !parts.isEmpty else { return replacing(with: storage) }
        try requireKeys(parts.lazy.flatMap(\.requiredKeys))
        var kept: [Element] = []
        for element in storage {
            if try parts.allSatisfy({ try $0.matches(element, lookup: lookup) }) { kept.append(element) }
        }
        return replacing(with: kept)
    }

    /// The elements for which `isIncluded` is true, as a collection (not an array).
    ///
    /// ```swift
    /// let finished = runs.filter { $0.info.status == .finished }
    /// ```
    public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> ItemCollection {
        replacing(with: try storage.filter(isIncluded))
    }

    /// The elements that meet NONE of the criteria: an element matching any criterion (or any
    /// pair of a dictionary literal, any member of `.all`) is dropped, as HydraFlow's `exclude`
    /// drops. Throws `keyNotFound` when no element has a criterion's key.
    ///
    /// ```swift
    /// let rest = try runs.exclude(["seed": 1, "optimizer.lr": 0.1])   // neither seed 1 nor lr 0.1
    /// let notCNN = try runs.exclude(["model.type": "cnn"])
    /// ```
    public func exclude(_ criteria: Criterion<Element>...) throws -> ItemCollection {
        let parts = Criterion.all(criteria).parts
        guard !parts.isEmpty else { return replacing(with: storage) }
        try requireKeys(parts.lazy.flatMap(\.requiredKeys))
        var kept: [Element] = []
        for element in storage {
            if try !parts.contains(where: { try $0.matches(element, lookup: lookup) }) { kept.append(element) }
        }
        return replacing(with: kept)
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
