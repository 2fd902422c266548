/// Group identity: `looselyEquals`, except that NaN equals NaN so NaNs share one group.
struct GroupingKey: Hashable {
    let values: [ConfigValue?]

    init(_ values: [ConfigValue?]) {
        self.values = values.map { $0.map(Self.canonical) }
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
