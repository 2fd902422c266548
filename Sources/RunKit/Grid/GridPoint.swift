import OrderedCollections

/// One config of a `Grid`: its grid values, the whole config, and the Hydra override arguments
/// that give it to a command.
///
/// ```swift
/// let point = try Grid.hydra(["a=1,2", "+b=x"]).points[1]
/// point.values       // ["a": 2, "+b": "x"]
/// point.overrides    // ["a=2", "+b=x"]
/// point.config       // ["a": 2, "b": "x"]
/// ```
public struct GridPoint: Sendable, Hashable {
    /// The grid fields' values, in `Grid.fields` order.
    public var values: OrderedDictionary<String, ConfigValue>
    /// The override arguments a command gets: a Hydra job's overrides as Hydra renders them; for
    /// a malet grid every leaf of `config` as `dotted.key=value`.
    public var overrides: [String]
    /// The whole config: statics and grid values (Hydra: keys nested at their dots, `+`/`++`
    /// dropped, `~` deletions left out).
    public var config: ConfigValue

    public init(values: OrderedDictionary<String, ConfigValue>, overrides: [String], config: ConfigValue) {
        self.values = values
        self.overrides = overrides
        self.config = config
    }
}
