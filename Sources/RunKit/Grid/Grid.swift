import OrderedCollections

/// A grid of configs to run: from a malet grid YAML (statics + `grid`) or from Hydra
/// command-line sweep overrides, expanded in the exact order malet's `ConfigIter` and Hydra's
/// `BasicSweeper` give.
///
/// ```swift
/// let grid = try Grid.load("exp/exp_config.yaml")
/// grid.fields                        // ["optimizer", "lr", "seed"]
/// grid.points[0].config              // statics + the first grid values
///
/// let sweep = try Grid.hydra(["model.width=16,32", "seed=range(1,3)"])
/// sweep.points.map(\.overrides)      // [["model.width=16", "seed=1"], ["model.width=16", "seed=2"], …]
/// ```
public struct Grid: Sendable {
    /// Where the grid came from.
    public enum Source: Sendable, Hashable {
        /// A malet grid YAML (the file, or `<grid>` for text).
        case maletYAML(file: String)
        /// Hydra override arguments.
        case hydraOverrides([String])
    }

    public var source: Source
    /// The static configs (malet: every top-level key but `grid`, nested as written; Hydra: none).
    public var statics: OrderedDictionary<String, ConfigValue>
    /// The grid fields in order: malet's grid keys in order of first appearance (group members
    /// at the group's place); Hydra's override keys as a job writes them (`+new`, `db@backend`).
    public var fields: [String]
    /// The configs, in run order.
    public var points: [GridPoint]

    public init(source: Source, statics: OrderedDictionary<String, ConfigValue>, fields: [String], points: [GridPoint]) {
        self.source = source
        self.statics = statics
        self.fields = fields
        self.points = points
    }

    /// The grid YAML file, when the grid was read from one.
    public var sourceFile: String? {
        if case .maletYAML(let file) = source, file != "<grid>" { return file }
        return nil
    }

    /// Each field's distinct values in order of first appearance (`1` and `1.0` are one value, as
    /// in a Python set; nothing is cast).
    public var fieldValues: OrderedDictionary<String, [ConfigValue]> {
        var result = OrderedDictionary<String, [ConfigValue]>()
        for field in fields { result[field] = [] }
        for point in points {
            for (field, value) in point.values where !(result[field]?.contains(value) ?? false) {
                result[field, default: []].append(value)
            }
        }
        return result
    }
}
