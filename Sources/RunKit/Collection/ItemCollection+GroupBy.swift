@_spi(RunKitInternals) import RunKitSupport

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
        try grouped(by: keys).groups
    }

    /// `groupBy(keys)` and, for each group, its elements' positions in this collection (from 0).
    func grouped(by keys: [String]) throws -> (groups: [ItemGroup<Element>], members: [[Int]]) {
        try requireKeys(keys)
        let columns = columnValues(keys)
        let rows = storage.count
        // Each key's values numbered by first appearance (one hash per run and key, no per-run
        // arrays), then the numbers of all keys combined into one group number per run.
        let numbered = ParallelSlots.map(columns.count) { GroupingKey.number(columns[$0]) }
        var combined = [Int](repeating: 0, count: rows)
        var radix = 1
        var overflow = false
        for (ids, distinct) in numbered {
            for row in 0..<rows { combined[row] &+= ids[row] &* radix }
            let (next, didOverflow) = radix.multipliedReportingOverflow(by: Swift.max(distinct, 1))
            radix = next
            overflow = overflow || didOverflow
        }
        // Group number per run, in order of first appearance; a table instead of a dictionary
        // when the combined numbers are few.
        let useTable = !overflow && radix <= 4 * rows + 64
        var table = useTable ? [Int](repeating: -1, count: radix) : []
        var byNumber: [Int: Int] = [:]
        var byKey: [GroupingKey: Int] = [:]
        var firstRows: [Int] = []
        var groupOf = [Int](repeating: 0, count: rows)
        for row in 0..<rows {
            let found: Int?
            if useTable {
                found = table[combined[row]] >= 0 ? table[combined[row]] : nil
            } else if !overflow {
                found = byNumber[combined[row]]
            } else {
                found = byKey[GroupingKey(numbered.map { .int($0.ids[row]) })]
            }
            if let found { groupOf[row] = found; continue }
            let position = firstRows.count
            if useTable { table[combined[row]] = position } else if !overflow { byNumber[combined[row]] = position } else {
                byKey[GroupingKey(numbered.map { .int($0.ids[row]) })] = position
            }
            firstRows.append(row)
            groupOf[row] = position
        }
        var memberRows = [[Int]](repeating: [], count: firstRows.count)
        for row in 0..<rows { memberRows[groupOf[row]].append(row) }
        // Each group's elements are gathered when first asked for (touching 100,000 runs costs
        // a third of the grouping, and aggregating pre-read values never needs them).
        let groups = firstRows.indices.map { group in
            ItemGroup(keys: keys, values: columns.map { $0[firstRows[group]] }, positions: memberRows[group], of: self)
        }
        return (groups, memberRows)
    }
}
