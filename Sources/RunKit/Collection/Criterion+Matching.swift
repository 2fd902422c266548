extension Criterion {
    /// The keys an element must have for this criterion to be answerable; a key that no
    /// element of a collection has makes the filter throw `keyNotFound`.
    var requiredKeys: [String] {
        switch self {
        case .equals(let key, _), .anyOf(let key, _), .between(let key, _, _),
             .satisfies(let key, _), .compare(let key, _, _):
            return [key]
        case .compareKeys(let left, _, let right, let fallback):
            return fallback == nil ? [left, right] : []
        case .predicate:
            return []
        case .all(let criteria):
            return criteria.flatMap(\.requiredKeys)
        }
    }

    /// The criteria this one stands for: `.all` spread into its members (recursively), any
    /// other criterion itself.
    var parts: [Criterion] {
        guard case .all(let criteria) = self else { return [self] }
        return criteria.flatMap(\.parts)
    }

    /// Whether `element` meets the criterion; a missing key is no match.
    func matches(_ element: Element, lookup: (Element, String) -> ConfigValue?) throws -> Bool {
        switch self {
        case .equals(let key, let criterion):
            guard let value = lookup(element, key) else { return false }
            return Self.value(value, equals: criterion)
        case .anyOf(let key, let values):
            guard let value = lookup(element, key) else { return false }
            return Self.value(value, equals: .list(values))
        case .between(let key, let lower, let upper):
            guard let value = lookup(element, key) else { return false }
            if value.isListOrMap { return value.looselyEquals(.list([lower, upper])) }
            guard let low = ConfigValue.orderedComparison(lower, value),
                  let high = ConfigValue.orderedComparison(value, upper) else { return false }
            return low <= 0 && high <= 0
        case .satisfies(let key, let test):
            guard let value = lookup(element, key) else { return false }
            return try test(value)
        case .compare(let key, let op, let constant):
            guard let value = lookup(element, key) else { return false }
            return op.evaluate(value, constant)
        case .compareKeys(let left, let op, let right, let fallback):
            guard let lhs = lookup(element, left) ?? fallback, let rhs = lookup(element, right) ?? fallback else { return false }
            return op.evaluate(lhs, rhs)
        case .predicate(let test):
            return try test(element)
        case .all(let criteria):
            return try criteria.allSatisfy { try $0.matches(element, lookup: lookup) }
        }
    }

    /// HydraFlow's `matches` for a plain criterion value: a list criterion against a
    /// non-list value is membership, otherwise equality (`looselyEquals`).
    static func value(_ value: ConfigValue, equals criterion: ConfigValue) -> Bool {
        if case .list(let members) = criterion, !value.isListOrMap {
            return members.contains { $0.looselyEquals(value) }
        }
        return value.looselyEquals(criterion)
    }
}

extension ConfigValue {
    /// A list or a map: the values HydraFlow treats as iterable (strings excluded).
    var isListOrMap: Bool {
        switch self {
        case .list, .map: return true
        default: return false
        }
    }
}
