extension QueryBound {
    /// Whether the bound holds for a run, `passes` answering each stored test (a store reading
    /// its own files tests them in Swift; MLflow SQLite tests them in its SQL instead).
    ///
    /// ```swift
    /// let inside = bound.holds { test in test.holds(for: run.value(for: FieldKey(namespace: test.namespace, name: test.name))) }
    /// ```
    package func holds(_ passes: (StoredTest) -> Bool) -> Bool {
        switch self {
        case .unbounded: return true
        case .stored(let test): return passes(test)
        case .all(let bounds): return bounds.allSatisfy { $0.holds(passes) }
        case .any(let bounds): return bounds.contains { $0.holds(passes) }
        }
    }

    /// Every stored test of the bound, in order (a store reads what they name first).
    package var tests: [StoredTest] {
        switch self {
        case .unbounded: return []
        case .stored(let test): return [test]
        case .all(let bounds), .any(let bounds): return bounds.flatMap(\.tests)
        }
    }
}

extension StoredTest {
    /// Whether a run whose value of the key is `value` (nil: the run lacks the key) passes,
    /// compared as the query compares it (`queryEquals`; a string read as a number when it reads
    /// as one), numbers within the relative margin of 1e-9 that `MLflowBoundSQL` allows too: the
    /// test holds wherever a comparison it was derived from can.
    ///
    /// ```swift
    /// StoredTest(namespace: .params, spellings: ["lr"], condition: .number(.lessThan, 0.1)).holds(for: "0.01")   // true
    /// ```
    package func holds(for value: ConfigValue?) -> Bool {
        switch condition {
        case .present: return value != nil
        case .missing: return value == nil
        case .text(let texts):
            guard let value else { return false }
            return texts.contains { value.queryEquals(.string($0)) }
        case .number(let op, let number):
            guard let read = value?.coerced(toward: .double(number)).doubleValue, !read.isNaN else { return false }
            let margin = Swift.max(abs(number) * 1e-9, 1e-300)
            switch op {
            case .equal: return read >= number - margin && read <= number + margin
            case .lessThan, .lessThanOrEqual: return read <= number + margin
            case .greaterThan, .greaterThanOrEqual: return read >= number - margin
            case .notEqual: return true
            }
        }
    }
}
