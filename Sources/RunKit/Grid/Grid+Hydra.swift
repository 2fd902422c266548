import OrderedCollections

extension Grid {
    /// The jobs Hydra's basic sweeper runs for these command-line overrides: the Cartesian
    /// product of the overrides in order, the first varying slowest; a key given twice keeps the
    /// place of its first override and the value of its last. `configGroups` lists each config
    /// group's options (`HydraConfigGroups.scan`), which `glob(…)` chooses from (a key that is not
    /// a group gives no jobs); without it a `glob(…)` is an error, as there is nothing to choose from.
    ///
    /// ```swift
    /// let grid = try Grid.hydra(["lr=1e-3,10.", "flag=true"])
    /// grid.points.map(\.overrides)   // [["lr=0.001", "flag=True"], ["lr=10.0", "flag=True"]]
    /// let models = try Grid.hydra(["model=glob(*)"], configGroups: HydraConfigGroups.scan("conf"))
    /// ```
    public static func hydra(_ arguments: [String], configGroups: [String: [String]]? = nil) throws -> Grid {
        var sweeps = OrderedDictionary<String, (override: HydraOverride, values: [HydraElement])>()
        for argument in arguments {
            let override = try HydraOverride.parse(argument)
            if configGroups == nil, case .sweep(.glob)? = override.value {
                throw RunKitError(.invalidArgument, "The override '\(argument)' chooses among the options of the config group \(override.keyOrGroup), but no Hydra config directory was given to list them (runkit grid --config-dir DIR).")
            }
            sweeps[override.keyElement] = (override, try override.values(configGroups: configGroups ?? [:]))
        }
        let fields = Array(sweeps.keys)
        let columns = Array(sweeps.values)
        var points: [GridPoint] = []
        var indices = [Int](repeating: 0, count: columns.count)
        guard columns.allSatisfy({ !$0.values.isEmpty }) else {
            return Grid(source: .hydraOverrides(arguments), statics: [:], fields: fields, points: [])
        }
        while true {
            var values = OrderedDictionary<String, ConfigValue>(minimumCapacity: columns.count)
            var overrides: [String] = []
            var entries: [(String, ConfigValue)] = []
            for (column, index) in zip(columns, indices) {
                let element = column.values[index]
                let key = column.override.keyElement
                values[key] = element.configValue
                overrides.append(key + "=" + element.rendered)
                if column.override.kind != .delete { entries.append((column.override.keyOrGroup, element.configValue)) }
            }
            points.append(GridPoint(values: values, overrides: overrides, config: ConfigValue.unflattened(entries)))
            // The last column varies fastest.
            var position = columns.count - 1
            while position >= 0 {
                indices[position] += 1
                if indices[position] < columns[position].values.count { break }
                indices[position] = 0
                position -= 1
            }
            if position < 0 { break }
        }
        return Grid(source: .hydraOverrides(arguments), statics: [:], fields: fields, points: points)
    }
}
