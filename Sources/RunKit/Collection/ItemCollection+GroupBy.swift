extension ItemCollection {
    /// Groups the elements by the values of one or more keys, groups in order of first appearance
    /// and elements in collection order. Values equal as `looselyEquals` (`10` and `10.0`) share a
    /// group, list values are keys like any other, all NaNs share one group, and elements lacking a
    /// key form their own group (value nil). No keys: one group of everything. Throws `keyNotFound`
    /// when no element has a key.
    ///
    /// ```swift
    /// for group in try runs.groupBy("model.type") {
    ///     print(group.key, try group.items.toDoubles("metrics.loss"))
    /// }
    /// ```
    public func groupBy(_ keys: String...) throws -> [ItemGroup<Element>] {
        try groupBy(keys)
    }

    /// Groups the elements by an array of keys; see `groupBy(_:)`.
    ///
    /// ```swift
    /// let groups = try runs.groupBy(["model.type", "seed"])
    /// ```
    public func groupBy(_ keys: [String]) throws -> [ItemGroup<Element>] {
        try requireKeys(keys)
        var positions: [GroupingKey: Int] = [:]
        var values: [[ConfigValue?]] = []
        var members: [[Element]] = []
        let columns = keys.map(columnValues)
        for (row, element) in storage.enumerated() {
            let found = columns.map { $0[row] }
            let groupingKey = GroupingKey(found)
            if let position = positions[groupingKey] {
                members[position].append(element)
            } else {
                positions[groupingKey] = values.count
                values.append(found)
                members.append([element])
            }
        }
        return zip(values, members).map { ItemGroup(keys: keys, values: $0, items: replacing(with: $1)) }
    }
}
