/// One sort key's values for every element, prepared once so that comparing two elements is cheap:
/// NaN, null and missing values are ranked after ordinary ones (last in both directions), a
/// column of numbers is compared as `Double`s and a column of strings as `String`s.
///
/// ```swift
/// let column = SortColumn(runs.map { $0.value(for: "metrics.loss") })
/// column.compare(0, 1, descending: true)   // -1, 0 or 1
/// ```
struct SortColumn: Sendable {
    /// 0 ordinary, 1 NaN, 2 null, 3 missing.
    private let ranks: [UInt8]
    private let storage: Storage

    private enum Storage: Sendable {
        case numbers([Double])
        case strings([String])
        case values([ConfigValue?])
    }

    init(_ values: [ConfigValue?]) {
        ranks = values.map(Self.rank)
        if let numbers = Self.numbers(values, ranks) {
            storage = .numbers(numbers)
        } else if let strings = Self.strings(values, ranks) {
            storage = .strings(strings)
        } else {
            storage = .values(values)
        }
    }

    /// -1, 0 or 1 for elements `a` and `b` in the requested direction; NaN, null and missing last either way.
    func compare(_ a: Int, _ b: Int, descending: Bool) -> Int {
        let (l, r) = (ranks[a], ranks[b])
        if l != r { return l < r ? -1 : 1 }
        guard l == 0 else { return 0 }
        let c: Int
        switch storage {
        case .numbers(let numbers): c = numbers[a] == numbers[b] ? 0 : (numbers[a] < numbers[b] ? -1 : 1)
        case .strings(let strings): c = strings[a] == strings[b] ? 0 : (strings[a] < strings[b] ? -1 : 1)
        case .values(let values): c = ConfigValue.compare(values[a]!, values[b]!)
        }
        return descending ? -c : c
    }

    /// The positions `0..<count` ordered by `columns`, the first deciding, each in its direction
    /// (`descending[i]`); ties keep position order (reversed with `reverseTies`). One column of
    /// numbers or strings is sorted as plain (rank, value, position) keys.
    ///
    /// ```swift
    /// SortColumn.order([SortColumn([.double(2), nil, .double(1)])], descending: [false], count: 3)   // [2, 0, 1]
    /// ```
    static func order(_ columns: [SortColumn], descending: [Bool], count: Int, reverseTies: Bool = false) -> [Int] {
        if columns.count == 1, let order = columns[0].singleOrder(descending: descending[0], reverseTies: reverseTies) {
            return order
        }
        return (0..<count).sorted { a, b in
            for (column, descending) in zip(columns, descending) {
                let c = column.compare(a, b, descending: descending)
                if c != 0 { return c < 0 }
            }
            return reverseTies ? a > b : a < b
        }
    }

    /// The order by this column alone, for numbers and strings; nil for mixed values.
    private func singleOrder(descending: Bool, reverseTies: Bool) -> [Int]? {
        func tie(_ a: Int32, _ b: Int32) -> Bool { reverseTies ? a > b : a < b }
        switch storage {
        case .numbers(let numbers):
            // Negated for descending: the same order reversed, equal values still equal.
            var keys = numbers.indices.map { (rank: ranks[$0], value: descending ? -numbers[$0] : numbers[$0], position: Int32($0)) }
            keys.sort { a, b in
                if a.rank != b.rank { return a.rank < b.rank }
                if a.rank == 0, a.value != b.value { return a.value < b.value }
                return tie(a.position, b.position)
            }
            return keys.map { Int($0.position) }
        case .strings(let strings):
            // Each distinct string ranked once; then positions sort by integers.
            var distinct: [String: Int32] = [:]
            for (string, rank) in zip(strings, ranks) where rank == 0 { distinct[string, default: 0] = 0 }
            for (place, string) in distinct.keys.sorted(by: descending ? { $0 > $1 } : { $0 < $1 }).enumerated() {
                distinct[string] = Int32(place)
            }
            var keys = strings.indices.map { (rank: ranks[$0], value: ranks[$0] == 0 ? distinct[strings[$0]]! : 0, position: Int32($0)) }
            keys.sort { a, b in
                if a.rank != b.rank { return a.rank < b.rank }
                if a.value != b.value { return a.value < b.value }
                return tie(a.position, b.position)
            }
            return keys.map { Int($0.position) }
        case .values:
            return nil
        }
    }

    /// The ordinary values as doubles (0 for the others), when they are all numbers or bools.
    private static func numbers(_ values: [ConfigValue?], _ ranks: [UInt8]) -> [Double]? {
        var numbers: [Double] = []
        numbers.reserveCapacity(values.count)
        for (value, rank) in zip(values, ranks) {
            switch value {
            case _ where rank != 0: numbers.append(0)
            case .double(let d)?: numbers.append(d)
            case .int(let i)? where i.magnitude < 1 << 53: numbers.append(Double(i))
            case .bool(let b)?: numbers.append(b ? 1 : 0)
            default: return nil
            }
        }
        return numbers
    }

    /// The ordinary values as strings ("" for the others), when they are all strings.
    private static func strings(_ values: [ConfigValue?], _ ranks: [UInt8]) -> [String]? {
        var strings: [String] = []
        strings.reserveCapacity(values.count)
        for (value, rank) in zip(values, ranks) {
            switch value {
            case _ where rank != 0: strings.append("")
            case .string(let s)?: strings.append(s)
            default: return nil
            }
        }
        return strings
    }

    private static func rank(_ value: ConfigValue?) -> UInt8 {
        switch value {
        case nil: return 3
        case .null?: return 2
        case .double(let d)? where d.isNaN: return 1
        default: return 0
        }
    }
}
