extension Run {
    /// Reads one word of each storage in `namespaces` (and so the run object): a tight loop over
    /// many runs that calls this for the next run while it reads a field of the current one has
    /// both runs' cache misses in flight at once. The number means nothing; pass the sum of a
    /// loop's results to `keep(_:)` so that the reads are not optimised away.
    ///
    /// ```swift
    /// var warmth = 0
    /// for index in runs.indices {
    ///     if index + 1 < runs.endIndex { warmth &+= runs[index + 1].warm(.config) }
    ///     … runs[index].value(for: field) …
    /// }
    /// Run.keep(warmth)
    /// ```
    func warm(_ namespaces: FieldNamespaces) -> Int {
        var sum = 0
        if namespaces.contains(.config), case .map(let map) = config { sum &+= map.values.count }
        if namespaces.contains(.metrics) { sum &+= metrics.count }
        if namespaces.contains(.params) { sum &+= params.count }
        if namespaces.contains(.tags) { sum &+= tags.count }
        return sum
    }

    /// Uses a sum of `warm` results (a store the optimiser cannot drop, taken only for one value
    /// no sum of counts reaches in practice).
    static func keep(_ warmth: Int) {
        if warmth == .min { _ = warmthSink.get { warmth } }
    }

    private static let warmthSink = LockedCache<Int>()
}
