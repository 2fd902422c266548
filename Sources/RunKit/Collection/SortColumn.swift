@_spi(RunKitInternals) import RunKitSupport

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
    /// numbers is radix-sorted by value; otherwise each column becomes dense ranks and the
    /// positions are radix-sorted by the ranks combined into one integer (compared column by
    /// column when the combination overflows 64 bits).
    ///
    /// ```swift
    /// SortColumn.order([SortColumn([.double(2), nil, .double(1)])], descending: [false], count: 3)   // [2, 0, 1]
    /// ```
    static func order(_ columns: [SortColumn], descending: [Bool], count: Int, reverseTies: Bool = false) -> [Int] {
        if columns.count == 1, let order = columns[0].singleOrder(descending: descending[0], reverseTies: reverseTies) {
            return order
        }
        // Each column turned into dense ranks (one sort per column, on all cores), then the
        // positions sorted by the ranks: comparing two elements is comparing integers.
        let ranks = ParallelSlots.map(columns.count) { columns[$0].denseRanks(descending: descending[$0]) }
        func tie(_ a: Int, _ b: Int) -> Bool { reverseTies ? a > b : a < b }
        // The ranks combined into one number when their product fits, the first column deciding.
        var combined = [UInt64](repeating: 0, count: count)
        var fits = true
        var radix: UInt64 = 1
        for column in ranks.reversed() {
            let distinct = UInt64((column.max() ?? 0) + 1)
            for position in 0..<count { combined[position] &+= UInt64(column[position]) &* radix }
            let (next, overflow) = radix.multipliedReportingOverflow(by: distinct)
            if overflow { fits = false; break }
            radix = next
        }
        if fits {
            let tieOrder = reverseTies ? Array((0..<count).reversed()) : Array(0..<count)
            return RadixOrder.positions(tieOrder.map { combined[$0] }, at: tieOrder, bits: 64 - (radix - 1).leadingZeroBitCount)
        }
        return (0..<count).sorted { a, b in
            for column in ranks where column[a] != column[b] { return column[a] < column[b] }
            return tie(a, b)
        }
    }

    /// Each element's dense rank in this column's order: equal values share a rank, and NaN, null
    /// and missing come after every ordinary value (in that order) in both directions.
    ///
    /// ```swift
    /// SortColumn([.double(2), nil, .double(1), .double(2)]).denseRanks(descending: false)   // [1, 2, 0, 1]
    /// ```
    func denseRanks(descending: Bool) -> [UInt32] {
        var result = [UInt32](repeating: 0, count: ranks.count)
        let ordinary = ranks.indices.filter { ranks[$0] == 0 }
        var distinct = 0
        switch storage {
        case .numbers(let numbers):
            let sorted = RadixOrder.positions(ordinary.map { Self.radixKey(numbers[$0], descending) }, at: ordinary)
            for (index, position) in sorted.enumerated() {
                if index > 0, numbers[sorted[index - 1]] != numbers[position] { distinct += 1 }
                result[position] = UInt32(distinct)
            }
            distinct = sorted.isEmpty ? 0 : distinct + 1
        case .strings(let strings):
            // Each distinct string numbered once (one lookup per element), the distinct strings
            // sorted (comparing strings is the slow part), then numbers turned into places.
            var numbering: [String: Int] = [:], distinctStrings: [String] = []
            for position in ordinary {
                let string = strings[position]
                if let number = numbering[string] {
                    result[position] = UInt32(number)
                } else {
                    numbering[string] = distinctStrings.count
                    result[position] = UInt32(distinctStrings.count)
                    distinctStrings.append(string)
                }
            }
            var places = [UInt32](repeating: 0, count: distinctStrings.count)
            let sortedNumbers = distinctStrings.indices.sorted { descending ? distinctStrings[$0] > distinctStrings[$1] : distinctStrings[$0] < distinctStrings[$1] }
            for (place, number) in sortedNumbers.enumerated() { places[number] = UInt32(place) }
            for position in ordinary { result[position] = places[Int(result[position])] }
            distinct = distinctStrings.count
        case .values(let values):
            let sorted = ordinary.sorted { ConfigValue.compare(values[$0]!, values[$1]!) == (descending ? 1 : -1) }
            for (index, position) in sorted.enumerated() {
                if index > 0, ConfigValue.compare(values[sorted[index - 1]]!, values[position]!) != 0 { distinct += 1 }
                result[position] = UInt32(distinct)
            }
            distinct = sorted.isEmpty ? 0 : distinct + 1
        }
        for position in ranks.indices where ranks[position] != 0 {
            result[position] = UInt32(distinct) + UInt32(ranks[position]) - 1
        }
        return result
    }

    /// The order by this column alone, for numbers (one radix sort of the ordinary values); nil
    /// for the others, which the dense ranks order as fast.
    private func singleOrder(descending: Bool, reverseTies: Bool) -> [Int]? {
        switch storage {
        case .numbers(let numbers):
            // The ordinary values radix-sorted (taken in tie order, kept stable), then NaN, null
            // and missing in tie order.
            var ordinary: [Int] = [], keys: [UInt64] = [], others: [[Int]] = [[], [], []]
            ordinary.reserveCapacity(numbers.count)
            keys.reserveCapacity(numbers.count)
            for position in reverseTies ? Array(numbers.indices.reversed()) : Array(numbers.indices) {
                if ranks[position] == 0 {
                    ordinary.append(position)
                    keys.append(Self.radixKey(numbers[position], descending))
                } else {
                    others[Int(ranks[position]) - 1].append(position)
                }
            }
            return RadixOrder.positions(keys, at: ordinary) + others.joined()
        case .strings, .values:
            return nil
        }
    }

    /// A number's radix key in the requested direction (complemented for descending: the same
    /// order reversed, equal values still equal).
    private static func radixKey(_ number: Double, _ descending: Bool) -> UInt64 {
        descending ? ~RadixOrder.key(number) : RadixOrder.key(number)
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
