import OrderedCollections

extension Grid {
    /// The combinations of `seeds` values this grid runs (each a value, or a list for several
    /// keys), in order of first appearance: the expected seeds of `seedCheck(by:seeds:expected:)`.
    /// A key is matched by its name without `config.` (`config.seed` is the grid's `seed`); a key
    /// the grid neither varies nor fixes is an `invalidArgument` naming the grid's fields.
    ///
    /// ```swift
    /// try Grid.load("exp_config.yaml").seedCombinations(["seed"])   // [1, 2]
    /// ```
    public func seedCombinations(_ seeds: [String]) throws -> [ConfigValue] {
        let names = try seeds.map { key in
            guard let name = name(of: key) else {
                throw RunKitError(.invalidArgument, "The grid has no key \(Self.gridName(key)); its keys are \(fields.joined(separator: ", ")).")
            }
            return name
        }
        var combinations: [ConfigValue] = []
        for point in points {
            let combination = value(of: names, at: point)
            if !combinations.contains(combination) { combinations.append(combination) }
        }
        return combinations
    }

    /// The combinations of `seeds` values each group of `keys` runs in this grid, by the group's
    /// values (`.null` for a key the grid leaves unset), groups and seeds in order of first
    /// appearance: what `seedCheck(by:seeds:expected:groups:)` expects of each group, so that a
    /// group of the grid with no run at all is reported too. Nil when a key of `keys` is
    /// neither a field nor a static of the grid (the runs' groups cannot be placed in it).
    ///
    /// ```swift
    /// try grid.seedCombinations(["seed"], by: ["config.model"])   // [["a"]: [1, 2, 3], ["b"]: [1, 2, 3]]
    /// ```
    public func seedCombinations(_ seeds: [String], by keys: [String]) throws -> OrderedDictionary<[ConfigValue], [ConfigValue]>? {
        _ = try seedCombinations(seeds)   // the seed keys' error, when one is not in the grid
        let seedNames = seeds.compactMap(name(of:))
        var groupNames: [String] = []
        for key in keys {
            guard let name = name(of: key) else { return nil }
            groupNames.append(name)
        }
        var groups: OrderedDictionary<[ConfigValue], [ConfigValue]> = [:]
        for point in points {
            let group = groupNames.map { point.values[$0] ?? statics[$0] ?? .null }
            let combination = value(of: seedNames, at: point)
            if groups[group]?.contains(combination) != true { groups[group, default: []].append(combination) }
        }
        return groups
    }

    /// `key`'s name in the grid (`config.seed` → `seed`) when the grid varies or fixes it.
    private func name(of key: String) -> String? {
        let name = Self.gridName(key)
        return fields.contains(name) || statics[name] != nil ? name : nil
    }

    private static func gridName(_ key: String) -> String {
        let parsed = FieldKey(key)
        return [.bare, .config].contains(parsed.namespace) ? parsed.name : key
    }

    /// The values of `names` at `point` (statics where it sets none): one value, or a list of several.
    private func value(of names: [String], at point: GridPoint) -> ConfigValue {
        let values = names.map { point.values[$0] ?? statics[$0] ?? .null }
        return values.count == 1 ? values[0] : .list(values)
    }
}
