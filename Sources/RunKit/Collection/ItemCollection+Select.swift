extension ItemCollection {
    /// The one element meeting every criterion (HydraFlow's `get`). Throws `noMatch` ("No item
    /// found matching the specified criteria") when there is none, `multipleMatches` ("Multiple
    /// items (n) found matching the criteria, expected exactly one") when there are several.
    ///
    /// ```swift
    /// let run = try runs.single(matching: ["model.type": "cnn", "optimizer.lr": 0.01, "seed": 1])
    /// ```
    public func single(matching criteria: Criterion<Element>...) throws -> Element {
        guard let element = try singleIfPresent(matching: .all(criteria)) else { throw RunKitError(.noMatch) }
        return element
    }

    /// The one element meeting every criterion, nil when there is none; throws `multipleMatches`
    /// when there are several (HydraFlow's `try_get`).
    ///
    /// ```swift
    /// if let run = try runs.singleIfPresent(matching: ["model.type": "rnn"]) { print(run) }
    /// ```
    public func singleIfPresent(matching criteria: Criterion<Element>...) throws -> Element? {
        let matches = try filter(.all(criteria))
        switch matches.count {
        case 0: return nil
        case 1: return matches[matches.startIndex]
        default: throw RunKitError(.multipleMatches(count: matches.count))
        }
    }

    /// The first element meeting every criterion (the first element when there are none);
    /// throws `noMatch` when nothing matches (HydraFlow's `first`). For an optional answer use
    /// `first(where:)`.
    ///
    /// ```swift
    /// let run = try runs.sorted(by: "metrics.loss").first(matching: ["model.type": "cnn"])
    /// ```
    public func first(matching criteria: Criterion<Element>...) throws -> Element {
        guard let element = try filter(.all(criteria)).first else { throw RunKitError(.noMatch) }
        return element
    }

    /// The last element meeting every criterion (the last element when there are none);
    /// throws `noMatch` when nothing matches (HydraFlow's `last`). For an optional answer use
    /// `last(where:)`.
    ///
    /// ```swift
    /// let run = try runs.last(matching: .between("optimizer.lr", 0.001, 0.01))
    /// ```
    public func last(matching criteria: Criterion<Element>...) throws -> Element {
        guard let element = try filter(.all(criteria)).last else { throw RunKitError(.noMatch) }
        return element
    }
}
