extension ConfigValue {
    /// Equality as Python compares values: `10 == 10.0`, `True == 1`, lists and maps
    /// element by element. NaN is not equal to itself.
    ///
    /// ```swift
    /// ConfigValue.int(10).looselyEquals(.double(10.0))  // true
    /// ```
    public func looselyEquals(_ other: ConfigValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.looselyEquals($1) }
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let otherValue = b[key], value.looselyEquals(otherValue) else { return false }
            }
            return true
        case (.int(let a), .int(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        default:
            if let a = self.doubleValue, let b = other.doubleValue { return a == b }
            return false
        }
    }

    public static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        lhs.looselyEquals(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b ? 1.0 : 0.0)
        case .int(let i): hasher.combine(1); hasher.combine(Double(i))
        case .double(let d): hasher.combine(1); hasher.combine(d)
        case .string(let s): hasher.combine(2); hasher.combine(s)
        case .list(let l): hasher.combine(3); hasher.combine(l)
        case .map(let m):
            hasher.combine(4)
            hasher.combine(m.count)
            for (key, value) in m.sorted(by: { $0.key < $1.key }) {
                hasher.combine(key); hasher.combine(value)
            }
        }
    }
}
