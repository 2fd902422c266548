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
            let parsed = FieldKey(key)
            let name = [.bare, .config].contains(parsed.namespace) ? parsed.name : key
            guard fields.contains(name) || statics[name] != nil else {
                throw RunKitError(.invalidArgument, "The grid has no key \(name); its keys are \(fields.joined(separator: ", ")).")
            }
            return name
        }
        var combinations: [ConfigValue] = []
        for point in points {
            let values = names.map { point.values[$0] ?? statics[$0] ?? .null }
            let combination = values.count == 1 ? values[0] : .list(values)
            if !combinations.contains(combination) { combinations.append(combination) }
        }
        return combinations
    }
}
