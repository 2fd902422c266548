@_spi(RunKitInternals) import RunKitSupport
/// One group of `ItemCollection.grouped(by:)`: the values of the grouping keys and the elements that have them.
///
/// ```swift
/// for group in try runs.grouped(by: "model.type", "seed") {
///     print(group["model.type"] ?? "missing", group.values, group.items.count)
/// }
/// ```
public struct ItemGroup<Element: Sendable>: Sendable {
    /// The keys grouped by, in order: `["model.type", "seed"]`.
    public let keys: [String]
    /// The value of each key for this group, in `keys` order; nil where the elements lack the key
    /// (they form their own group, apart from a stored null): `["cnn", 1]`.
    public let values: [ConfigValue?]
    /// The group's elements, in collection order: `try group.items.doubles(of: "metrics.loss")`.
    /// (`grouped(by:)` gathers them on first use: aggregating pre-read values never needs them, and
    /// gathering touches every element.)
    public var items: ItemCollection<Element> {
        gathered.get { source.gathering(positions ?? []) }
    }

    /// How many elements the group has.
    public var count: Int { positions?.count ?? items.count }

    /// Where the elements come from: `positions` in `source`, or `source` itself (positions nil).
    private let source: ItemCollection<Element>
    private let positions: [Int]?
    private let gathered: LockedCache<ItemCollection<Element>>

    /// Makes a group.
    ///
    /// ```swift
    /// let group = ItemGroup(keys: ["seed"], values: [1], items: runs)
    /// ```
    public init(keys: [String], values: [ConfigValue?], items: ItemCollection<Element>) {
        self.keys = keys
        self.values = values
        self.source = items
        self.positions = nil
        self.gathered = LockedCache(items)
    }

    /// A group of the elements at `positions` (from 0) of `source`, gathered on first use.
    init(keys: [String], values: [ConfigValue?], positions: [Int], of source: ItemCollection<Element>) {
        self.keys = keys
        self.values = values
        self.source = source
        self.positions = positions
        self.gathered = LockedCache()
    }

    /// The group's value of one of its keys; nil when the key is not a grouping key or the elements lack it.
    ///
    /// ```swift
    /// group["model.type"]   // .string("cnn")
    /// ```
    public subscript(key: String) -> ConfigValue? {
        guard let index = keys.firstIndex(of: key) else { return nil }
        return values[index]
    }

    /// HydraFlow's group key: the single value for one key (null when missing), a list of them for several.
    ///
    /// ```swift
    /// try runs.grouped(by: "model.type", "seed")[0].key   // ["cnn", 1]
    /// ```
    public var key: ConfigValue {
        values.count == 1 ? (values[0] ?? .null) : .list(values.map { $0 ?? .null })
    }
}

/// A group of runs.
public typealias RunGroup = ItemGroup<Run>
