extension ConfigValue {
    /// The rank of a value's kind in the total sort order:
    /// bools and numbers first, then strings, lists, maps, and nulls last.
    var sortRank: Int {
        switch self {
        case .bool, .int: return 0
        case .double(let d): return d.isNaN ? 1 : 0
        case .string: return 2
        case .list: return 3
        case .map: return 4
        case .null: return 5
        }
    }

    /// A total order for sorting mixed values: numbers (ints, doubles and bools
    /// compared numerically) before NaN, then strings, lists (elementwise), maps, and nulls last.
    ///
    /// ```swift
    /// [ConfigValue.null, "b", 2, 1.5].sorted(by: ConfigValue.sortsBefore)  // [1.5, 2, "b", nil]
    /// ```
    public static func sortsBefore(_ lhs: ConfigValue, _ rhs: ConfigValue) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Three-way comparison in the total order of `sortsBefore`: -1, 0 or 1.
    public static func compare(_ lhs: ConfigValue, _ rhs: ConfigValue) -> Int {
        let (l, r) = (lhs.sortRank, rhs.sortRank)
        if l != r { return l < r ? -1 : 1 }
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)):
            return a == b ? 0 : (a < b ? -1 : 1)
        case (.list(let a), .list(let b)):
            for (x, y) in zip(a, b) {
                let c = compare(x, y)
                if c != 0 { return c }
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        case (.map(let a), .map(let b)):
            return compare(.list(Array(a.keys).map(ConfigValue.string) + Array(a.values)),
                           .list(Array(b.keys).map(ConfigValue.string) + Array(b.values)))
        case (.int(let a), .int(let b)):
            return a == b ? 0 : (a < b ? -1 : 1)
        default:
            if let a = lhs.doubleValue, let b = rhs.doubleValue, !a.isNaN, !b.isNaN {
                return a == b ? 0 : (a < b ? -1 : 1)
            }
            return 0
        }
    }
}
