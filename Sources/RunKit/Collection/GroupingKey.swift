/// Group identity: `looselyEquals`, except that NaN equals NaN so NaNs share one group.
struct GroupingKey: Hashable {
    let values: [ConfigValue?]

    init(_ values: [ConfigValue?]) {
        self.values = values.map { $0.map(Self.canonical) }
    }

    /// One key's values numbered 0, 1, … by first appearance (equal as a group key is equal:
    /// `10` and `10.0` alike, NaNs alike, missing apart from null), and how many distinct there are.
    static func number(_ column: [ConfigValue?]) -> (ids: [Int], distinct: Int) {
        var numbers: [Single: Int] = [:]
        var ids: [Int] = []
        ids.reserveCapacity(column.count)
        for value in column {
            let single = Single(value: value.map(canonical))
            if let id = numbers[single] {
                ids.append(id)
            } else {
                ids.append(numbers.count)
                numbers[single] = numbers.count
            }
        }
        return (ids, numbers.count)
    }

    /// One canonical value (nil: missing).
    private struct Single: Hashable {
        let value: ConfigValue?
    }

    /// NaN (which equals nothing) replaced by a marker that equals itself.
    private static func canonical(_ value: ConfigValue) -> ConfigValue {
        switch value {
        case .double(let d) where d.isNaN: return .string("\u{0}NaN")
        case .list(let list): return .list(list.map(canonical))
        case .map(let map): return .map(map.mapValues(canonical))
        default: return value
        }
    }
}
